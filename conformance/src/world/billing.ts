import type { ResponseBody } from "@crmfactory/sdk";
import type { PropertyContext } from "../harness/property.js";
import { type ClockedTenant, uniqueSuffix } from "./clocked-tenant.js";

export type Invoice = ResponseBody<"createInvoice">;

/** What the model puts into an invoice, and what the implementation answered for it. */
export interface IssuedInvoice {
  readonly id: string;
  readonly description: string;
  readonly amount: { readonly amount: number; readonly currency: string };
  /** The invoice date as the implementation recorded it under the tenant's clock. */
  readonly issuedAt: Date;
  /** The invoice's id at the payments subprocessor. */
  readonly externalId: string;
}

/** Issues an invoice with a faker description carrying a nonce, so its text is this run's alone. */
export async function issueInvoice(
  context: PropertyContext,
  tenant: ClockedTenant,
  amountCents: number,
  currency: string,
): Promise<{ sent: Omit<IssuedInvoice, "id" | "issuedAt" | "externalId">; answer: Invoice }> {
  const description = `${context.faker.commerce.productName()} ${uniqueSuffix()}`;
  const sent = { description, amount: { amount: amountCents, currency } };
  const answer = await tenant.owner.invoices.create(sent);
  return { sent, answer };
}

/** Every invoice the API lists for the tenant (all pages). */
export function listedInvoices(tenant: ClockedTenant): Promise<Invoice[]> {
  return tenant.owner.invoices.list({ limit: 100 }).toArray({ limit: 10_000 });
}

/** The tenant's payments customer id, as the implementation reports it. */
export async function paymentsCustomerId(tenant: ClockedTenant): Promise<string> {
  const { customer } = await tenant.owner.billing.get();
  if (!customer.externalId) throw new Error("the tenant has no payments customer after issuing an invoice");
  return customer.externalId;
}

/** What the payments fake holds for the customer: whether it is live, and its invoices by id. */
export function heldAtPayments(context: PropertyContext, customerId: string) {
  const stripe = context.fakes.stripe;
  return {
    customerLive: !stripe.wasDeleted(customerId) && stripe.customerWithInvoices({ customerId }) !== undefined,
    invoiceIds: new Set(stripe.invoicesOf(customerId).map((invoice) => invoice.id)),
  };
}
