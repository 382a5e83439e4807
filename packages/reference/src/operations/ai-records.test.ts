import { randomBytes } from "node:crypto";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { callAs, tenantSql } from "../test-support/data-plane.js";
import { rowsHolding } from "../test-support/erasure-fixtures.js";
import { runDueJobs } from "../test-support/manual-clock.js";
import { retentionProbe } from "../test-support/retention.js";

const T0 = new Date("2026-04-01T09:00:00.000Z");
const aiCounts =
  "SELECT (SELECT count(*) FROM ai_runs)::int AS runs, (SELECT count(*) FROM ai_scores)::int AS scores, (SELECT count(*) FROM ai_proposals)::int AS proposals";

// AI outputs are derived CRM data of their contact: in the inventory under the CRM rule, in the
// contact's export, gone with the contact's erasure and with the CRM purge after closure.
describe.each(drivers)("AI outputs as CRM records on %s", (driver) => {
  let reference: TestReference;
  const fakes = createSubprocessorFakes({ seed: `ai-records-${driver}` });
  beforeAll(async () => {
    reference = await bootReference(driver, {
      fetch: (request) => fakes.fetch(request),
      parts: { messaging: { resend: { apiKey: "re_test_ai_records", from: "crm@acme.example" } } },
    });
  });

  // On a test clock for the inventory and the purge; on the wall clock where jobs run at once.
  async function scoredTenant(onClock: boolean) {
    const clock = await reference.operator().testClocks.create({ frozenTime: T0.toISOString() });
    const owner = await signUp(reference, onClock ? { testClockId: clock.id } : {});
    for (const feature of ["lead-scoring", "response-suggestions"] as const)
      await owner.client.ai.updateFeature(feature, { enabled: true });
    const name = `Grace Scored ${randomBytes(3).toString("hex")}`;
    const contact = await owner.client.contacts.create({
      name,
      email: `grace.${randomBytes(3).toString("hex")}@example.com`,
    });
    const score = await owner.client.ai.run({ feature: "lead-scoring", contactId: contact.id });
    const draft = await owner.client.ai.run({
      feature: "response-suggestions",
      contactId: contact.id,
      channel: "email",
    });
    return { clock, owner, contact, name, score, draft };
  }

  it("lists each output in the inventory under the CRM rule, linked to its contact", async () => {
    const { clock, owner, score, draft } = await scoredTenant(true);
    const inventory = await reference.operator().testClocks.getTenantInventory(clock.id, owner.tenant.id);
    const holding = (recordType: string) => inventory.holdings.find((h) => h.recordType === recordType);
    expect(holding("ai-score")).toMatchObject({ category: "crm", recordIds: [score.scoreId] });
    expect(holding("ai-proposal")).toMatchObject({ category: "crm", recordIds: [draft.proposalId] });
    expect(holding("ai-run")?.recordIds.sort()).toEqual([score.id, draft.id].sort());
  });

  it("exports each output with its contact, as the API shows it", async () => {
    const { owner, contact, score, draft } = await scoredTenant(false);
    const started = await owner.client.exports.create({ scope: { type: "contact", contactId: contact.id } });
    await runDueJobs(reference, reference.platform.clock.now());
    const response = await callAs(reference, owner.session.token)("GET", `/exports/${started.id}/document`);
    expect(response.status).toBe(200);
    const { crm } = (
      (await response.json()) as { categories: { crm: { recordType: string; id: string; data: unknown }[] } }
    ).categories;
    const [scoreRecord] = crm.filter((r) => r.recordType === "ai-score");
    expect(scoreRecord).toMatchObject({
      id: score.scoreId,
      data: (await owner.client.ai.listScores()).data[0],
    });
    expect(crm.find((r) => r.recordType === "ai-proposal")?.data).toEqual(
      await owner.client.ai.getProposal(draft.proposalId ?? ""),
    );
  });

  it("erases every AI output with its contact, the drafted text naming the contact included", async () => {
    const { owner, contact, name } = await scoredTenant(false);
    expect(await tenantSql(reference, owner.tenant.id, aiCounts)).toEqual([
      { runs: 2, scores: 1, proposals: 1 },
    ]);
    expect(await rowsHolding(reference, owner.tenant.id, [name.split(" ")[0] as string])).toContain(
      "ai_proposals: Grace",
    );
    await owner.client.rightsRequests.createForContact(contact.id, {
      kind: "erasure",
      identityVerifiedByTenant: true,
    });
    await runDueJobs(reference, reference.platform.clock.now());
    expect(await tenantSql(reference, owner.tenant.id, aiCounts)).toEqual([
      { runs: 0, scores: 0, proposals: 0 },
    ]);
    const [receipt] = (await owner.client.erasureReceipts.list()).data;
    expect(
      receipt?.deleted.filter((l) => l.recordType.startsWith("ai-")).map((l) => [l.recordType, l.count]),
    ).toEqual([
      ["ai-score", 1],
      ["ai-proposal", 1],
      ["ai-run", 2],
    ]);
  });

  it("purges the AI outputs with the CRM rule after closure, never before", async () => {
    const { clock, owner } = await scoredTenant(true);
    const probe = retentionProbe(reference);
    await owner.client.tenant.close({ confirmCompanyName: owner.tenant.companyName });
    const due = probe.dueOf("crm", { accountClosed: T0 });
    await probe.advance(clock.id, probe.justBefore(due));
    expect(await tenantSql(reference, owner.tenant.id, aiCounts)).toEqual([
      { runs: 2, scores: 1, proposals: 1 },
    ]);
    await probe.advance(clock.id, due);
    expect(await tenantSql(reference, owner.tenant.id, aiCounts)).toEqual([
      { runs: 0, scores: 0, proposals: 0 },
    ]);
    expect((await probe.overdue(clock.id, owner.tenant.id)).filter((h) => h.startsWith("ai-"))).toEqual([]);
  });
});
