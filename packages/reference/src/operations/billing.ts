import { randomUUID } from "node:crypto";
import { availableUntil } from "@crmfactory/taxonomy";
import Stripe from "stripe";
import type { Queryable } from "../database/database.js";
import { timestamp } from "../platform/clock.js";
import { problem } from "../platform/problem.js";
import type { TenantRecord } from "../platform/tenant-records.js";
import { sweeperOf } from "../privacy/default-sweeper.js";
import { billingInventory } from "./data-plane-inventory.js";
import type { OperationContext, OperationGroup, Platform } from "./operation-group.js";
import { keysetRows, page } from "./pagination.js";
import { atPayments, paymentsClient } from "./payments-client.js";
import { type PlanTier, paymentTermDays, planPrice } from "./plan-prices.js";

interface InvoiceRow {
  id: string;
  tenant_id: string;
  number: string;
  status: "open" | "paid" | "void";
  description: string;
  amount: number;
  currency: string;
  issued_at: Date;
  retained_until: Date;
  external_id: string;
}

interface Money {
  amount: number;
  currency: string;
}

// The tag the vendor profile names for the tenant's customer (`metadata[crmfactory_tenant_id]`).
const tenantMetadataKey = "crmfactory_tenant_id";

export function invoiceView(row: InvoiceRow) {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    number: row.number,
    status: row.status,
    description: row.description,
    amount: { amount: Number(row.amount), currency: row.currency },
    issuedAt: timestamp(row.issued_at),
    retainedUntil: timestamp(row.retained_until),
    provider: { subprocessorId: "stripe", externalId: row.external_id },
  };
}

function requireTenant(tenant: TenantRecord | undefined): TenantRecord {
  if (!tenant) throw new Error("a billing operation ran without a tenant");
  return tenant;
}

interface CustomerRow {
  external_id: string;
  payment_method_id: string | null;
  card_brand: string | null;
  card_last4: string | null;
  card_exp_month: number | null;
  card_exp_year: number | null;
}

async function storedCustomerRow(tx: Queryable, tenantId: string): Promise<CustomerRow | undefined> {
  const [row] = await tx.query<CustomerRow>(
    `SELECT external_id, payment_method_id, card_brand, card_last4, card_exp_month, card_exp_year
     FROM catalog.billing_customers WHERE tenant_id = $1 FOR UPDATE`,
    [tenantId],
  );
  return row;
}

/** Until a write needs it, a tenant has no payments customer (`externalId: null`). */
async function storedCustomer(tx: Queryable, tenantId: string): Promise<string | null> {
  return (await storedCustomerRow(tx, tenantId))?.external_id ?? null;
}

type PaymentMethodView = { type: "card"; brand: string; last4: string; expMonth: number; expYear: number };

/** The card on file as the contract shows it: brand, last four digits and expiry, never the number. */
export function paymentMethodView(row: CustomerRow | undefined): PaymentMethodView | null {
  if (!row?.card_brand || !row.card_last4 || row.card_exp_month === null || row.card_exp_year === null)
    return null;
  return {
    type: "card",
    brand: row.card_brand,
    last4: row.card_last4,
    expMonth: Number(row.card_exp_month),
    expYear: Number(row.card_exp_year),
  };
}

/**
 * Attaches a payment method to the customer. A token the payments subprocessor does not know is the
 * caller's mistake (`validation-failed` on the token), a card attached to another customer is
 * `conflict`; any other failure is `unavailable`.
 */
async function attachPaymentMethod(
  context: OperationContext,
  stripe: Stripe,
  token: string,
  customer: string,
): Promise<Stripe.PaymentMethod> {
  const { platform } = context;
  try {
    return await stripe.paymentMethods.attach(
      token,
      { customer },
      // Per request: a card attached by a request that rolls back is detached again (below), so a
      // later request must not be answered that detached card by Stripe's idempotency replay.
      { idempotencyKey: `crmfactory-attach-${customer}-${token}-${context.requestId}` },
    );
  } catch (error) {
    if (
      error instanceof Stripe.errors.StripeError &&
      error.code === "resource_missing" &&
      error.statusCode === 404
    )
      throw problem("validation-failed", "The payment method token names no payment method.", {
        errors: [
          {
            path: "/body/paymentMethodToken",
            message: "names no payment method at the payments subprocessor",
          },
        ],
      });
    // A card another customer holds (another tenant's) is theirs: it is never moved to this one.
    if (
      error instanceof Stripe.errors.StripeError &&
      error.code === "payment_method_unexpected_state" &&
      error.statusCode === 400
    )
      throw problem("conflict", "The payment method is attached to another customer; use a new one.");
    return atPayments(platform, () => Promise.reject(error));
  }
}

/** Detaches a card from its customer; one already detached or gone is let be. */
async function detachCard(platform: Platform, stripe: Stripe, id: string): Promise<void> {
  try {
    await stripe.paymentMethods.detach(id);
  } catch (error) {
    const code = error instanceof Stripe.errors.StripeError ? error.code : undefined;
    if (code === "payment_method_unexpected_state" || code === "resource_missing") return;
    await atPayments(platform, () => Promise.reject(error));
  }
}

/**
 * The tenant's customer at the payments subprocessor, made on first need and tagged with the tenant id.
 * A customer made by a request that rolls back is deleted (its compensation); one left behind all the
 * same (the compensation failed) is found again by that tag, never made twice.
 */
async function ensureCustomer(
  context: OperationContext,
  stripe: Stripe,
  tenant: TenantRecord,
): Promise<string> {
  const { tx, now } = context;
  const stored = await storedCustomer(tx, tenant.id);
  if (stored) return stored;
  const [found] = await atPayments(
    context.platform,
    async () =>
      (await stripe.customers.search({ query: `metadata['${tenantMetadataKey}']:'${tenant.id}'`, limit: 1 }))
        .data,
  );
  let customerId = found?.id;
  if (!customerId) {
    const [owner] = await tx.query<{ email: string }>(
      "SELECT email FROM users WHERE role = 'owner' ORDER BY created_at, id LIMIT 1",
    );
    const created = await atPayments(context.platform, () =>
      stripe.customers.create(
        { email: owner?.email, name: tenant.companyName, metadata: { [tenantMetadataKey]: tenant.id } },
        // Per request: a customer this request made is deleted if it rolls back, so a later request
        // must not be answered the deleted one by Stripe's idempotency replay.
        { idempotencyKey: `crmfactory-customer-${tenant.id}-${context.requestId}` },
      ),
    );
    customerId = created.id;
    context.compensate(() => stripe.customers.del(created.id));
  }
  await tx.query(
    `INSERT INTO catalog.billing_customers (tenant_id, subprocessor_id, external_id, created_at)
     VALUES ($1, 'stripe', $2, $3)`,
    [tenant.id, customerId, now],
  );
  return customerId;
}

function billingAccountView(
  platform: Platform,
  plan: string,
  customerId: string | null,
  paymentMethod: PaymentMethodView | null,
) {
  const price = planPrice(platform, plan);
  return {
    plan,
    price: { amount: price.amount, currency: price.currency },
    interval: price.interval,
    currency: price.currency,
    customer: { subprocessorId: "stripe", externalId: customerId },
    paymentMethod,
  };
}

/** The retention rule whose clock starts at the invoice date: `retainedUntil` is its `keepFor` from there. */
function invoiceRetentionEnd(platform: Platform, issuedAt: Date): Date {
  const rule = Object.values(platform.policy.retention).find((r) => r.anchors.includes("invoiceIssued"));
  if (!rule) throw new Error("the enforced policy has no retention rule anchored at the invoice date");
  return availableUntil(rule, issuedAt);
}

function invoiceStatus(status: Stripe.Invoice.Status | null): InvoiceRow["status"] {
  if (status === "paid") return "paid";
  if (status === "void") return "void";
  return "open";
}

/**
 * Billing: the plan and the tenant's payments customer, and invoices issued through the payments
 * subprocessor. Both live in the catalogue, keyed by tenant: invoices are kept for the billing rule's
 * period from their date, after the tenant's own schema is purged; the customer reference is what a
 * later erasure deletes at the vendor once no billing hold applies.
 */
export const billing: OperationGroup = {
  name: "billing",
  inventory: billingInventory,
  catalogueMigrations: [
    {
      id: "billing/001-customers-and-invoices",
      sql: (s) => `
        CREATE TABLE ${s}.billing_customers (
          tenant_id uuid PRIMARY KEY,
          subprocessor_id text NOT NULL,
          external_id text NOT NULL,
          created_at timestamptz NOT NULL
        );
        CREATE TABLE ${s}.invoices (
          id uuid PRIMARY KEY,
          tenant_id uuid NOT NULL,
          number text NOT NULL,
          status text NOT NULL CHECK (status IN ('open', 'paid', 'void')),
          description text NOT NULL,
          amount bigint NOT NULL CHECK (amount >= 0),
          currency text NOT NULL,
          issued_at timestamptz NOT NULL,
          retained_until timestamptz NOT NULL,
          external_id text NOT NULL,
          created_at timestamptz NOT NULL
        );
        CREATE INDEX invoices_tenant_issued ON ${s}.invoices (tenant_id, issued_at, id);
        CREATE INDEX invoices_retained_until ON ${s}.invoices (retained_until);
      `,
    },
    {
      // The card on file, as the payments subprocessor describes it; the card number never reaches us.
      id: "billing/002-payment-methods",
      sql: (s) => `
        ALTER TABLE ${s}.billing_customers
          ADD COLUMN payment_method_id text,
          ADD COLUMN card_brand text,
          ADD COLUMN card_last4 text CHECK (card_last4 ~ '^[0-9]{4}$'),
          ADD COLUMN card_exp_month integer CHECK (card_exp_month BETWEEN 1 AND 12),
          ADD COLUMN card_exp_year integer;
      `,
    },
  ],
  operations: {
    async getBilling({ tx, tenant, platform }) {
      const current = requireTenant(tenant);
      const row = await storedCustomerRow(tx, current.id);
      return {
        status: 200,
        body: billingAccountView(platform, current.plan, row?.external_id ?? null, paymentMethodView(row)),
      };
    },

    async changePlan(context) {
      const { tx, platform } = context;
      const current = requireTenant(context.tenant);
      const { plan } = await context.body<{ plan: PlanTier }>();
      await tx.query("UPDATE catalog.tenants SET plan = $2 WHERE id = $1", [current.id, plan]);
      const customerId = await ensureCustomer(context, paymentsClient(platform), current);
      await context.audit({ type: "tenant", id: current.id });
      const onFile = paymentMethodView(await storedCustomerRow(tx, current.id));
      return { status: 200, body: billingAccountView(platform, plan, customerId, onFile) };
    },

    async setPaymentMethod(context) {
      const { tx, platform } = context;
      const current = requireTenant(context.tenant);
      const { paymentMethodToken } = await context.body<{ paymentMethodToken: string }>();
      const stripe = paymentsClient(platform);
      const customer = await ensureCustomer(context, stripe, current);
      const previous = (await storedCustomerRow(tx, current.id))?.payment_method_id ?? null;
      const attached = await attachPaymentMethod(context, stripe, paymentMethodToken, customer);
      if (attached.id !== previous) {
        context.compensate(() => stripe.paymentMethods.detach(attached.id));
      }
      const card = attached.card;
      if (attached.type !== "card" || !card)
        throw problem("validation-failed", "The payment method is not a card.", {
          errors: [
            { path: "/body/paymentMethodToken", message: "names a payment method that is not a card" },
          ],
        });
      await atPayments(platform, () =>
        stripe.customers.update(
          customer,
          { invoice_settings: { default_payment_method: attached.id } },
          { idempotencyKey: `crmfactory-default-pm-${customer}-${attached.id}` },
        ),
      );
      // The replaced card is no longer needed to bill the tenant: the payments subprocessor lets it go.
      if (previous && previous !== attached.id) await detachCard(platform, stripe, previous);
      await tx.query(
        `UPDATE catalog.billing_customers
         SET payment_method_id = $2, card_brand = $3, card_last4 = $4, card_exp_month = $5, card_exp_year = $6
         WHERE tenant_id = $1`,
        [current.id, attached.id, card.brand, card.last4, card.exp_month, card.exp_year],
      );
      await context.audit({ type: "tenant", id: current.id });
      const onFile = paymentMethodView(await storedCustomerRow(tx, current.id));
      return { status: 200, body: billingAccountView(platform, current.plan, customer, onFile) };
    },

    async listInvoices({ tx, query, tenant }) {
      const current = requireTenant(tenant);
      const params = query<{ cursor?: string; limit: number }>();
      const { limit } = params;
      const rows = await keysetRows<InvoiceRow>(
        tx,
        {
          select: "SELECT * FROM catalog.invoices",
          where: "tenant_id = $1",
          values: [current.id],
          key: ["issued_at", "id"],
        },
        params,
      );
      return {
        status: 200,
        body: page(rows, limit, invoiceView, (row) => [row.issued_at.toISOString(), row.id]),
      };
    },

    async createInvoice(context) {
      const { tx, now, platform } = context;
      const current = requireTenant(context.tenant);
      const input = await context.body<{ description: string; amount: Money }>();
      const stripe = paymentsClient(platform);
      const customer = await ensureCustomer(context, stripe, current);
      const id = randomUUID();
      const draft = await atPayments(platform, () =>
        stripe.invoices.create(
          {
            customer,
            currency: input.amount.currency,
            description: input.description,
            // Sent to the tenant to pay: an issued invoice is `open` until paid.
            collection_method: "send_invoice",
            days_until_due: paymentTermDays(platform),
            auto_advance: false,
            metadata: {
              [tenantMetadataKey]: current.id,
              crmfactory_invoice_id: id,
              crmfactory_amount: String(input.amount.amount),
            },
          },
          { idempotencyKey: `crmfactory-invoice-${id}` },
        ),
      );
      const finalized = await atPayments(platform, () =>
        stripe.invoices.finalizeInvoice(
          draft.id as string,
          {},
          { idempotencyKey: `crmfactory-finalize-${id}` },
        ),
      );
      const [row] = await tx.query<InvoiceRow>(
        `INSERT INTO catalog.invoices (id, tenant_id, number, status, description, amount, currency, issued_at,
           retained_until, external_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $8) RETURNING *`,
        [
          id,
          current.id,
          finalized.number ?? draft.id,
          invoiceStatus(finalized.status),
          input.description,
          input.amount.amount,
          input.amount.currency,
          now,
          invoiceRetentionEnd(platform, now),
          finalized.id,
        ],
      );
      if (!row) throw new Error("invoice insert answered no row");
      // The invoice starts a billing clock of its own: the tenant's sweep falls due at its end.
      await sweeperOf(platform).reschedule({ tx, platform, tenant: current, now });
      await context.audit({ type: "invoice", id });
      return {
        status: 201,
        headers: { location: `${new URL(context.request.url).pathname}/${id}` },
        body: invoiceView(row),
      };
    },

    async getInvoice({ tx, params, tenant }) {
      const current = requireTenant(tenant);
      const [row] = await tx.query<InvoiceRow>(
        "SELECT * FROM catalog.invoices WHERE id = $1 AND tenant_id = $2",
        [params.invoiceId, current.id],
      );
      if (!row) throw problem("not-found", "No invoice of this tenant has this id.");
      return { status: 200, body: invoiceView(row) };
    },
  },
};
