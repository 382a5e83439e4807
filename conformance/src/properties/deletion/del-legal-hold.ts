import { availableUntil } from "@crmfactory/taxonomy";
import * as fc from "fast-check";
import { type ErasureReceipt, retainedLines } from "../../evidence/erasure-evidence.js";
import { defineProperty, type PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { createClockedTenant } from "../../world/clocked-tenant.js";
import {
  type ErasureRoute,
  expectCompletedInTime,
  fileErasure,
  readReceipt,
} from "../../world/erasure-requests.js";
import { seedContact, seedOwner } from "../../world/erasure-subjects.js";

const day = 86_400_000;

/** The policy's retention rules under a legal hold, by what they keep (never named in the suite's code). */
function holds(context: PropertyContext) {
  const rules = Object.entries(context.policy.retention);
  const billing = rules.find(([, rule]) => rule.hold && rule.anchors.includes("invoiceIssued"));
  const audit = rules.find(([, rule]) => rule.hold && /audit/i.test(rule.records));
  if (!billing || !audit) throw new Error("the policy has no billing or audit hold to test");
  return { billing, audit };
}

/** The receipt lists the billing hold at `where` with the rule's legal basis and its end from the latest invoice. */
function expectBillingLine(
  context: PropertyContext,
  receipt: ErasureReceipt,
  where: string,
  latestIssuedAt: Date,
) {
  const [ruleName, rule] = holds(context).billing;
  const lines = retainedLines(receipt, rule.category, where);
  expectGuarantee(
    lines.length > 0,
    `The erasure receipt does not list the retained billing records at ${where}`,
    {
      receiptId: receipt.id,
      retained: receipt.retained,
    },
  );
  const until = availableUntil(rule, latestIssuedAt).getTime();
  for (const line of lines) {
    expectGuarantee(
      line.legalBasis === rule.hold?.legalBasis && line.retentionRule === ruleName,
      "A retained billing line names another legal basis or rule than the policy's billing hold",
      { line, legalBasis: rule.hold?.legalBasis, rule: ruleName },
    );
    expectGuarantee(
      new Date(line.retainedUntil).getTime() >= until,
      "A retained billing line ends before the hold does",
      {
        line,
        holdEnds: new Date(until).toISOString(),
      },
    );
  }
}

interface Plan {
  readonly invoices: number;
  readonly route: ErasureRoute;
  readonly waitMs: number;
}

export const delLegalHold = defineProperty<Plan>({
  guarantee: "DEL-LEGAL-HOLD",
  name: "erasure-keeps-held-records",
  description:
    "Sections 9 and 11: an erasure never removes what a legal duty keeps. After a user with invoices is erased, every " +
    "invoice is still listed and still held by the payments provider with its customer, the audit trail still has every " +
    "entry, and the receipt lists each retained category with where it stays (here and at the payments provider) and the " +
    "policy's legal basis; a contact's erasure leaves the invoices as they were.",
  scenarios: ["subject with invoices", "several invoices", "contact erased in a tenant with invoices"],
  edges: ["billing hold end on the receipt"],
  plan: () =>
    fc.record({
      invoices: fc.integer({ min: 1, max: 3 }),
      route: fc.constantFrom<ErasureRoute>(
        "early-deletion-of-owner",
        "early-deletion-of-owner",
        "tenant-filed-request",
      ),
      waitMs: fc.integer({ min: 1, max: 20 * day }),
    }),
  async check(plan, context) {
    const tenant = await createClockedTenant(context);
    const owner = await seedOwner(context, tenant, { invoices: plan.invoices });
    const contact = await seedContact(context, tenant);
    context.scenario(plan.invoices > 1 ? "several invoices" : "subject with invoices");
    const reader = owner.successor.client;
    const auditBefore = (await reader.audit.list({ limit: 100 })).data.map((entry) => entry.sequence);
    const erasure = await fileErasure(context, tenant, plan.route, { contact, owner });
    await tenant.advanceBy(plan.waitMs);
    const receipt = await readReceipt({ owner }, erasure);
    if (receipt.status !== "completed") await tenant.advanceTo(erasure.dueAt);
    const done = await readReceipt({ owner }, erasure);
    expectCompletedInTime(done, erasure);
    const client = await owner.successor.signIn();
    const listed = new Set((await client.invoices.list({ limit: 100 })).data.map((invoice) => invoice.id));
    for (const invoice of owner.invoices)
      expectGuarantee(listed.has(invoice.id), "An invoice under the billing hold is gone after the erasure", {
        invoiceId: invoice.id,
      });
    const held = new Set(context.fakes.inventory({ vendor: "stripe" }).map((item) => item.id));
    for (const invoice of owner.invoices)
      expectGuarantee(
        invoice.provider.externalId !== null && held.has(invoice.provider.externalId),
        "An invoice is gone from the payments provider after the erasure",
        { invoice: invoice.provider.externalId },
      );
    expectGuarantee(
      owner.paymentsCustomerId !== null && !context.fakes.stripe.wasDeleted(owner.paymentsCustomerId),
      "The payments customer holding held invoices was deleted by the erasure",
      { customer: owner.paymentsCustomerId },
    );
    const auditAfter = new Set((await client.audit.list({ limit: 100 })).data.map((entry) => entry.sequence));
    const lost = auditBefore.filter((sequence) => !auditAfter.has(sequence));
    expectGuarantee(lost.length === 0, "The erasure removed audit entries", { lost });
    if (erasure.subject.owner) {
      const latest = new Date(
        Math.max(...owner.invoices.map((invoice) => new Date(invoice.issuedAt).getTime())),
      );
      expectBillingLine(context, done, "platform", latest);
      expectBillingLine(context, done, "stripe", latest);
      context.edge("billing hold end on the receipt");
      const [auditRule, audit] = holds(context).audit;
      const auditLines = retainedLines(done, audit.category, "platform").filter(
        (line) => line.retentionRule === auditRule,
      );
      expectGuarantee(
        auditLines.length > 0 && auditLines.every((line) => line.legalBasis === audit.hold?.legalBasis),
        "The receipt of a user's erasure does not list the audit trail kept under its hold, with its legal basis",
        { retained: done.retained },
      );
    } else {
      context.scenario("contact erased in a tenant with invoices");
      expectGuarantee(
        !done.deleted.some((line) => line.category === holds(context).billing[1].category),
        "A contact's erasure deleted billing records",
        { deleted: done.deleted },
      );
    }
  },
});
