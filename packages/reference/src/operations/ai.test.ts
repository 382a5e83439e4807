import { randomBytes } from "node:crypto";
import { ConflictError, NotFoundError, PermissionError, ValidationError } from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { tenantSql } from "../test-support/data-plane.js";
import { signInAs } from "../test-support/identity.js";
import { manualClock } from "../test-support/manual-clock.js";
import { aiFeatures } from "./ai-settings.js";

// §2 and §6: AI features switched per feature, computed from the tenant's own data only, and their
// consequential outputs (a drafted message, a lead disqualification) held until a human approves them.
describe.each(drivers)("AI features on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-10T12:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `ai-${driver}`, clock: clock.now });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const outbound: string[] = [];
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "twilio-auth-token");
    reference = await bootReference(driver, {
      clock,
      fetch: (request) => {
        outbound.push(request.url);
        return fakes.fetch(request);
      },
      parts: {
        messaging: {
          twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
          resend: { apiKey: "re_test_ai_key", from: "crm@acme.example" },
        },
      },
    });
  });

  type Owner = Awaited<ReturnType<typeof signUp>>;
  /** The same CRM data in any tenant: a contact with a deal, an inbound-looking call and a note. */
  async function seeded(owner: Owner, name = "Grace Hopper") {
    const suffix = randomBytes(3).toString("hex");
    const contact = await owner.client.contacts.create({
      name,
      email: `grace.${suffix}@example.com`,
      phone: "+14155550123",
      company: "Navy",
    });
    await owner.client.crmObjects.create({ type: "deal", name: "Fleet", contactIds: [contact.id] });
    await owner.client.calls.create({
      contactId: contact.id,
      kind: "call",
      direction: "inbound",
      durationSeconds: 120,
      transcript: "Thanks, this is great, Friday works.",
    });
    return contact;
  }
  const enable = (owner: Owner, ...features: (typeof aiFeatures)[number][]) =>
    Promise.all(features.map((f) => owner.client.ai.updateFeature(f, { enabled: true })));

  it("starts with every feature off, does nothing while off, and stops again once switched off", async () => {
    const owner = await signUp(reference);
    const settings = await owner.client.ai.getSettings();
    expect(settings.features.map((f) => [f.feature, f.enabled, f.updatedBy])).toEqual(
      aiFeatures.map((f) => [f, false, null]),
    );
    const contact = await seeded(owner);
    const off = await owner.client.ai.run({ feature: "lead-scoring", contactId: contact.id });
    expect(off).toMatchObject({ outcome: "skipped", skippedReason: "feature-disabled", scoreId: null });
    expect(
      await tenantSql(
        reference,
        owner.tenant.id,
        "SELECT id FROM ai_runs UNION ALL SELECT id FROM ai_scores",
      ),
    ).toEqual([]);

    const on = await owner.client.ai.updateFeature("lead-scoring", { enabled: true });
    expect(on).toMatchObject({
      feature: "lead-scoring",
      enabled: true,
      updatedBy: { type: "user", id: owner.owner.id },
    });
    const first = await owner.client.ai.run({ feature: "lead-scoring", contactId: contact.id });
    clock.advance(1000);
    const second = await owner.client.ai.run({ feature: "lead-scoring", contactId: contact.id });
    expect(first).toMatchObject({ outcome: "completed", skippedReason: null, proposalId: null });
    const scores = (await owner.client.ai.listScores({ contactId: contact.id })).data;
    expect(scores.map((s) => s.id)).toEqual([first.scoreId, second.scoreId]);
    // Deterministic: the same data gives the same score; the score follows the data.
    expect(scores[0]?.score).toBe(scores[1]?.score);
    expect(scores[0]).toMatchObject({ feature: "lead-scoring", runId: first.id, label: "warm" });
    // Other features stay off: switching is per feature.
    expect(
      (await owner.client.ai.run({ feature: "predictive-analytics", contactId: contact.id })).outcome,
    ).toBe("skipped");

    await owner.client.ai.updateFeature("lead-scoring", { enabled: false });
    const after = await owner.client.ai.run({ feature: "lead-scoring", contactId: contact.id });
    expect(after).toMatchObject({ outcome: "skipped", skippedReason: "feature-disabled" });
    expect((await owner.client.ai.listScores({ contactId: contact.id })).data).toHaveLength(2);
    const viewer = await signInAs(reference, owner, "viewer");
    await expect(viewer.client.ai.updateFeature("lead-scoring", { enabled: true })).rejects.toBeInstanceOf(
      PermissionError,
    );
  });

  it("uses only the tenant's own data: another tenant's changes never move its output (metamorphic)", async () => {
    const a = await signUp(reference);
    const b = await signUp(reference);
    await enable(a, "lead-scoring", "sentiment-analysis", "predictive-analytics");
    await enable(b, "lead-scoring", "sentiment-analysis", "predictive-analytics");
    const ours = await seeded(a);
    const theirs = await seeded(b);
    const outputs = async (owner: Owner, contactId: string) => {
      const result: Record<string, [number, string]> = {};
      for (const feature of ["lead-scoring", "sentiment-analysis", "predictive-analytics"] as const) {
        const run = await owner.client.ai.run({ feature, contactId });
        const [score] = (await owner.client.ai.listScores({ contactId, feature })).data.filter(
          (s) => s.id === run.scoreId,
        );
        result[feature] = [score?.score ?? -1, score?.label ?? ""];
      }
      return result;
    };
    const before = await outputs(a, ours.id);
    expect(await outputs(b, theirs.id)).toEqual(before);
    // Tenant B's data changes a lot: more deals, angry calls, a second contact of the same name.
    for (let i = 0; i < 3; i++)
      await b.client.crmObjects.create({ type: "deal", name: `D${i}`, contactIds: [theirs.id] });
    await b.client.calls.create({
      contactId: theirs.id,
      kind: "call",
      direction: "inbound",
      durationSeconds: 900,
      transcript: "Terrible, cancel, refund, angry.",
    });
    await seeded(b);
    const changed = await outputs(b, theirs.id);
    expect(changed).not.toEqual(before);
    expect(await outputs(a, ours.id)).toEqual(before);
    // Nor can a tenant run a feature on, or list, the other's contact.
    await expect(a.client.ai.run({ feature: "lead-scoring", contactId: theirs.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await a.client.ai.listScores({ contactId: theirs.id })).data).toEqual([]);
    // Scoring is local: the runs and listings above and below reach no host outside.
    const seen = outbound.length;
    await outputs(a, ours.id);
    expect(outbound.slice(seen)).toEqual([]);
  });

  it("sends an AI-drafted message only once a human approves it, with the human's edits", async () => {
    const owner = await signUp(reference);
    await enable(owner, "response-suggestions");
    const contact = await seeded(owner, "Grace Hopper");
    const run = await owner.client.ai.run({
      feature: "response-suggestions",
      contactId: contact.id,
      channel: "email",
    });
    expect(run).toMatchObject({ outcome: "completed", scoreId: null });
    const pending = await owner.client.ai.getProposal(run.proposalId ?? "");
    expect(pending).toMatchObject({
      type: "send-message",
      status: "pending",
      decidedBy: null,
      resultingMessageId: null,
      message: { channel: "email", subject: "Following up" },
    });
    expect(pending.message?.body).toContain("Hello Grace");
    // Pending: nothing reached the email subprocessor, no message was recorded.
    expect(fakes.resend.emailsTo(contact.email ?? "")).toEqual([]);
    expect((await owner.client.messages.list({ contactId: contact.id })).data).toEqual([]);
    const member = await signInAs(reference, owner, "member");
    await expect(member.client.ai.approveProposal(pending.id, {})).rejects.toBeInstanceOf(PermissionError);
    expect(fakes.resend.emailsTo(contact.email ?? "")).toEqual([]);

    const admin = await signInAs(reference, owner, "admin");
    const approved = await admin.client.ai.approveProposal(pending.id, {
      body: "Hello Grace, see you Friday.",
    });
    expect(approved).toMatchObject({ status: "approved", decidedBy: { type: "user", id: admin.user.id } });
    const [sent] = fakes.resend.emailsTo(contact.email ?? "", { kind: "message" });
    expect(sent?.text).toBe("Hello Grace, see you Friday.");
    const message = await owner.client.messages.get(approved.resultingMessageId ?? "");
    expect(message).toMatchObject({
      aiProposalId: pending.id,
      contactId: contact.id,
      body: "Hello Grace, see you Friday.",
    });
    await expect(admin.client.ai.approveProposal(pending.id, {})).rejects.toBeInstanceOf(ConflictError);
    expect(fakes.resend.emailsTo(contact.email ?? "")).toHaveLength(1);
  });

  it("approves nothing a feature drafted once the tenant switched it off; rejecting still works", async () => {
    const owner = await signUp(reference);
    await enable(owner, "response-suggestions");
    const contact = await seeded(owner, "Ada Byron");
    const run = await owner.client.ai.run({
      feature: "response-suggestions",
      contactId: contact.id,
      channel: "email",
    });
    await owner.client.ai.updateFeature("response-suggestions", { enabled: false });
    await expect(owner.client.ai.approveProposal(run.proposalId ?? "", {})).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(fakes.resend.emailsTo(contact.email ?? "")).toEqual([]);
    const rejected = await owner.client.ai.rejectProposal(run.proposalId ?? "", {});
    expect(rejected.status).toBe("rejected");
  });

  it("disqualifies a lead only on approval; a rejected one stays qualified and cannot be approved later", async () => {
    const owner = await signUp(reference);
    await enable(owner, "workflow-automation", "lead-scoring");
    const kept = await seeded(owner);
    const dropped = await seeded(owner);
    const score = await owner.client.ai.run({ feature: "lead-scoring", contactId: dropped.id });
    const propose = (contactId: string) =>
      owner.client.ai.run({ feature: "workflow-automation", contactId, workflow: "disqualify-lead" });
    const rejectedRun = await propose(kept.id);
    clock.advance(1000);
    const approvedRun = await propose(dropped.id);
    const pending = await owner.client.ai.getProposal(approvedRun.proposalId ?? "");
    expect(pending).toMatchObject({ type: "disqualify-lead", disqualification: { scoreId: score.scoreId } });
    expect(pending.disqualification?.reason).toMatch(/^Lead score \d+/);
    expect(await owner.client.contacts.get(dropped.id)).toMatchObject({
      disqualified: false,
      disqualifiedAt: null,
    });
    expect((await owner.client.ai.listProposals({ status: "pending" })).data.map((p) => p.id)).toEqual([
      rejectedRun.proposalId,
      approvedRun.proposalId,
    ]);

    const rejected = await owner.client.ai.rejectProposal(rejectedRun.proposalId ?? "", {
      reason: "Still talking.",
    });
    expect(rejected).toMatchObject({ status: "rejected", rejectionReason: "Still talking." });
    await expect(owner.client.ai.approveProposal(rejected.id, {})).rejects.toBeInstanceOf(ConflictError);
    expect(await owner.client.contacts.get(kept.id)).toMatchObject({ disqualified: false });

    // A disqualification has no message to edit: such edits are refused and decide nothing.
    await expect(owner.client.ai.approveProposal(pending.id, { body: "x" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect((await owner.client.ai.getProposal(pending.id)).status).toBe("pending");
    expect(await owner.client.contacts.get(dropped.id)).toMatchObject({ disqualified: false });
    await owner.client.ai.approveProposal(pending.id, {});
    expect(await owner.client.contacts.get(dropped.id)).toMatchObject({
      disqualified: true,
      disqualifiedAt: clock.now().toISOString(),
    });
    const audit = await tenantSql<{ action: string; target: { id: string } }>(
      reference,
      owner.tenant.id,
      "SELECT action, target FROM audit_entries WHERE action LIKE 'ai-proposal.%' ORDER BY sequence",
    );
    expect(audit.map((e) => [e.action, e.target.id])).toEqual([
      ["ai-proposal.rejected", rejected.id],
      ["ai-proposal.approved", pending.id],
    ]);
  });
});
