import * as fc from "fast-check";
import { heldRecordIds, tenantInventory } from "../../evidence/inventory-records.js";
import { scanForValues } from "../../evidence/probe-scan.js";
import { defineProperty, type PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import {
  heldAtPayments,
  type IssuedInvoice,
  issueInvoice,
  listedInvoices,
  paymentsCustomerId,
} from "../../world/billing.js";
import { type ClockedTenant, createClockedTenant } from "../../world/clocked-tenant.js";
import { closeAccount, fileSessionlessErasure } from "../../world/closure.js";
import { AdvanceSignedIn, advanceSignedIn } from "../../world/signed-in-advance.js";
import { guaranteeRule, justBefore, windowOf } from "./guarantee-rules.js";

const guarantee = "RET-BILLING";
const day = 86_400_000;

interface Model {
  readonly invoices: IssuedInvoice[];
}

interface Real {
  readonly context: PropertyContext;
  readonly tenant: ClockedTenant;
}

/** Every invoice the model issued is listed by the API with the fields the model put in. */
async function listedAsIssued({ tenant }: Real, model: Model): Promise<void> {
  const listed = new Map((await listedInvoices(tenant)).map((invoice) => [invoice.id, invoice]));
  for (const invoice of model.invoices) {
    const found = listed.get(invoice.id);
    expectGuarantee(
      found &&
        found.description === invoice.description &&
        found.amount.amount === invoice.amount.amount &&
        found.amount.currency === invoice.amount.currency &&
        found.issuedAt === invoice.issuedAt.toISOString() &&
        found.provider.externalId === invoice.externalId,
      `${guarantee}: invoice ${invoice.id} is not listed as issued`,
      { expected: invoice, listed: found ?? null },
    );
  }
}

class IssueInvoice implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly amountCents: number,
    readonly currency: string,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const { sent, answer } = await issueInvoice(real.context, real.tenant, this.amountCents, this.currency);
    // The invoice date is the one the implementation records under the tenant's clock.
    expectGuarantee(
      answer.issuedAt === real.tenant.now().toISOString(),
      `${guarantee}: an invoice issued at ${real.tenant.now().toISOString()} is dated ${answer.issuedAt}`,
      { invoice: answer },
    );
    const externalId = answer.provider.externalId;
    expectGuarantee(
      externalId,
      `${guarantee}: invoice ${answer.id} names no invoice at the payments provider`,
      {
        invoice: answer,
      },
    );
    model.invoices.push({ ...sent, id: answer.id, issuedAt: new Date(answer.issuedAt), externalId });
    await listedAsIssued(real, model);
  }
  toString = () => `issueInvoice(${this.amountCents} ${this.currency})`;
}

const commands = fc.commands(
  [
    fc
      .tuple(fc.integer({ min: 100, max: 500_000 }), fc.constantFrom("usd", "eur", "gbp"))
      .map(([amount, currency]) => new IssueInvoice(amount, currency)),
    fc
      .integer({ min: 3_600_000, max: 20 * day })
      .map((ms) => new AdvanceSignedIn<Model, Real>(ms, listedAsIssued)),
  ],
  { maxCommands: 4 },
);

/**
 * What must hold at this instant: every invoice whose hold has not ended is held here (the inventory
 * lists exactly the model's ids among those not yet late) and at the payments fake, with its text in the
 * database; every invoice past its late instant is gone from both, its text nowhere in the database.
 */
async function checkHolds(real: Real, model: Model, customerId: string): Promise<void> {
  const { context, tenant } = real;
  const { rule } = guaranteeRule(context.policy, guarantee);
  const now = tenant.now().getTime();
  const windows = model.invoices.map((invoice) => ({
    invoice,
    window: windowOf(context.policy, rule, { invoiceIssued: invoice.issuedAt }),
  }));
  const promised = windows.filter(({ window }) => now < window.availableUntil.getTime());
  const late = windows.filter(({ window }) => now >= window.lateAt.getTime());
  const mayRemain = new Set(windows.filter((w) => !late.includes(w)).map((w) => w.invoice.id));

  const inventory = await tenantInventory(context, tenant);
  const here = heldRecordIds(inventory, { recordType: "invoice", location: "platform" });
  for (const { invoice } of promised) {
    expectGuarantee(
      here.has(invoice.id),
      `${guarantee}: invoice ${invoice.id} is gone before its hold ends`,
      {
        invoice,
        at: tenant.now().toISOString(),
      },
    );
  }
  for (const id of here) {
    expectGuarantee(
      mayRemain.has(id),
      `${guarantee}: the inventory holds invoice ${id} past its late instant`,
      {
        at: tenant.now().toISOString(),
      },
    );
  }
  const payments = heldAtPayments(context, customerId);
  for (const { invoice } of promised) {
    expectGuarantee(
      payments.customerLive && payments.invoiceIds.has(invoice.externalId),
      `${guarantee}: invoice ${invoice.externalId} or its customer is gone at the payments provider before the hold ends`,
      { invoice, customerLive: payments.customerLive },
    );
  }
  const probe = context.target.probe;
  if (!probe) {
    context.selfReported("invoices held here are read from the inventory (no database probe)");
    return;
  }
  const found = new Set(
    (
      await scanForValues(
        probe,
        windows.map(({ invoice }) => invoice.description),
      )
    ).map((hit) => hit.value),
  );
  for (const { invoice } of promised) {
    expectGuarantee(
      found.has(invoice.description),
      `${guarantee}: invoice ${invoice.id} is not in the database`,
      {
        invoice,
      },
    );
  }
  for (const { invoice } of late) {
    expectGuarantee(
      !found.has(invoice.description),
      `${guarantee}: invoice ${invoice.id} is still stored past its late instant`,
      {
        invoice,
        lateAt: windows.find((w) => w.invoice === invoice)?.window.lateAt.toISOString(),
      },
    );
  }
}

export const retBilling = defineProperty({
  guarantee,
  name: "invoices-held-through-closure-and-erasure",
  description:
    "§11 and the data table: invoices are kept for the billing rule's legal period from the invoice date the implementation recorded, here and at the payments provider, through closure and an erasure request; gone when it ends (plus the sweep tolerance).",
  scenarios: [
    "closure then the legal period",
    "erasure during the window",
    "customer released after the last invoice",
  ],
  edges: ["available-until-minus-1ms", "late-at"],
  plan: () =>
    fc.record({
      first: fc.integer({ min: 100, max: 500_000 }),
      commands,
      closeAfter: fc.integer({ min: 3_600_000, max: 10 * day }),
      erasureAfter: fc.integer({ min: day, max: 25 * day }),
    }),
  async check(plan, context) {
    const companyName = `${context.faker.company.name().slice(0, 80)} billing`;
    const tenant = await createClockedTenant(context, { companyName });
    const model: Model = { invoices: [] };
    const real: Real = { context, tenant };
    await new IssueInvoice(plan.first, "usd").run(model, real);
    await fc.asyncModelRun(() => ({ model, real }), plan.commands);
    const customerId = await paymentsCustomerId(tenant);

    await advanceSignedIn(context, tenant, new Date(tenant.now().getTime() + plan.closeAfter));
    await listedAsIssued(real, model);
    const closedAt = await closeAccount(tenant, companyName);
    await tenant.advanceTo(new Date(closedAt.getTime() + plan.erasureAfter));
    await fileSessionlessErasure(context, tenant);
    // The erasure runs as the clock moves on; an hour is far more than it takes.
    await tenant.advanceBy(3_600_000);
    await checkHolds(real, model, customerId);
    context.scenario("erasure during the window");

    const { rule } = guaranteeRule(context.policy, guarantee);
    const windows = model.invoices
      .map((invoice) => windowOf(context.policy, rule, { invoiceIssued: invoice.issuedAt }))
      .sort((a, b) => a.availableUntil.getTime() - b.availableUntil.getTime());
    for (const window of windows) {
      if (justBefore(window.availableUntil).getTime() > tenant.now().getTime()) {
        await tenant.advanceTo(justBefore(window.availableUntil));
        await checkHolds(real, model, customerId);
        context.edge("available-until-minus-1ms");
      }
      if (window.lateAt.getTime() > tenant.now().getTime()) {
        await tenant.advanceTo(window.lateAt);
        await checkHolds(real, model, customerId);
        context.edge("late-at");
      }
    }
    context.scenario("closure then the legal period");
    // Once the account is gone and no invoice is held any more, the payments customer goes too.
    expectGuarantee(
      !heldAtPayments(context, customerId).customerLive,
      `${guarantee}: the payments customer ${customerId} outlives the account and every invoice's hold`,
    );
    context.scenario("customer released after the last invoice");
  },
});
