import type { FixtureWorld, TenantFixture } from "./fixture-world.js";
import { as, audited, type Fixture, user } from "./valid-request.js";

/** A pending disqualification proposal about a fresh contact of `t` (the feature switched on first). */
async function pendingProposal(w: FixtureWorld, t: TenantFixture): Promise<string> {
  await w.call(t.token, "PUT", "/ai/settings/workflow-automation", { enabled: true });
  const run = await w.call(t.token, "POST", "/ai/runs", {
    feature: "workflow-automation",
    contactId: await w.contact(t),
    workflow: "disqualify-lead",
  });
  return run.proposalId as string;
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
