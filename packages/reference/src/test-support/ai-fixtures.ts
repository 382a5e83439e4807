import type { FixtureWorld, TenantFixture } from "./fixture-world.js";
import { as, audited, type Fixture, user } from "./valid-request.js";

/** The AI resources every tenant of the fixture world holds (so the other tenant's ids are at hand). */
export interface AiIds {
  /** A pending disqualification proposal about a contact of the tenant. */
  aiProposalId: string;
}

type Maker = Pick<FixtureWorld, "call" | "contact">;

/** A pending disqualification proposal about a fresh contact of `t` (the feature switched on first). */
async function pendingProposal(w: Maker, t: TenantFixture): Promise<string> {
  await w.call(t.token, "PUT", "/ai/settings/workflow-automation", { enabled: true });
  const run = await w.call(t.token, "POST", "/ai/runs", {
    feature: "workflow-automation",
    contactId: await w.contact(t),
    workflow: "disqualify-lead",
  });
  return run.proposalId as string;
}

export async function aiResources(w: Maker, t: TenantFixture): Promise<AiIds> {
  return { aiProposalId: await pendingProposal(w, t) };
}

/** Valid requests of the AI group: switches, runs, scores and the proposals a human decides. */
export const aiFixtures: Record<string, Fixture> = {
  getAiSettings: async (w) => as(w.a),
  updateAiFeature: async (w) =>
    audited(as(w.a, { feature: "lead-scoring" }, { enabled: true }), () => ({
      actor: user(w.a.ownerId),
      target: { type: "ai-feature", id: "lead-scoring" },
    })),
  runAiFeature: async (w) => as(w.a, {}, { feature: "lead-scoring", contactId: w.a.contactId }),
  listAiScores: async (w) => ({
    ...as(w.a),
    query: { limit: "5", contactId: w.a.contactId, feature: "lead-scoring" },
  }),
  listAiProposals: async (w) => ({
    ...as(w.a),
    query: { limit: "5", status: "pending", contactId: w.a.contactId },
  }),
  getAiProposal: async (w) => as(w.a, { proposalId: await pendingProposal(w, w.a) }),
  approveAiProposal: async (w) => {
    const proposalId = await pendingProposal(w, w.a);
    return audited(as(w.a, { proposalId }, {}), () => ({
      actor: user(w.a.ownerId),
      target: { type: "ai-proposal", id: proposalId },
    }));
  },
  rejectAiProposal: async (w) => {
    const proposalId = await pendingProposal(w, w.a);
    return audited(as(w.a, { proposalId }, { reason: "Still an active lead." }), () => ({
      actor: user(w.a.ownerId),
      target: { type: "ai-proposal", id: proposalId },
    }));
  },
};
