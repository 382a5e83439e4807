// Object shapes follow https://docs.stripe.com/api/customers/object and
// https://docs.stripe.com/api/invoices/object (the fields a privacy API reads; the rest are null).

export interface StripeCustomer {
  id: string;
  object: "customer";
  address: Record<string, string> | null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: null;
  delinquent: boolean;
  description: string | null;
  discount: null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: {
    custom_fields: null;
    default_payment_method: string | null;
    footer: null;
    rendering_options: null;
  };
  livemode: false;
  metadata: Record<string, string>;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: null;
  tax_exempt: "none" | "exempt" | "reverse";
  test_clock: null;
}

export interface DeletedStripeCustomer {
  id: string;
  object: "customer";
  deleted: true;
}

export type InvoiceStatus = "draft" | "open" | "paid" | "uncollectible" | "void";

export interface StripeInvoice {
  id: string;
  object: "invoice";
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  auto_advance: boolean;
  collection_method: "charge_automatically" | "send_invoice";
  created: number;
  currency: string;
  customer: string;
  customer_email: string | null;
  customer_name: string | null;
  description: string | null;
  due_date: number | null;
  effective_at: number | null;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  lines: { object: "list"; data: never[]; has_more: false; total_count: 0; url: string };
  livemode: false;
  metadata: Record<string, string>;
  number: string | null;
  period_end: number;
  period_start: number;
  status: InvoiceStatus;
  status_transitions: {
    finalized_at: number | null;
    marked_uncollectible_at: null;
    paid_at: null;
    voided_at: null;
  };
  subtotal: number;
  total: number;
}

/** https://docs.stripe.com/api/payment_methods/object (a card; the card number is never held). */
export interface StripePaymentMethod {
  id: string;
  object: "payment_method";
  billing_details: { address: null; email: null; name: null; phone: null };
  card: {
    brand: string;
    country: string;
    exp_month: number;
    exp_year: number;
    fingerprint: string;
    funding: "credit" | "debit";
    last4: string;
  };
  created: number;
  customer: string | null;
  livemode: false;
  metadata: Record<string, string>;
  type: "card";
}

export interface StripeAccount {
  customers: Map<string, StripeCustomer | DeletedStripeCustomer>;
  paymentMethods: Map<string, StripePaymentMethod>;
  invoices: Map<string, StripeInvoice>;
  /** Idempotency-Key → the first request's fingerprint and answer. */
  idempotency: Map<string, { fingerprint: string; status: number; body: string; requestId: string }>;
  /** Insertion order, so a list's ties on `created` keep a stable newest-first order. */
  order: Map<string, number>;
  sequence: number;
}

export const isDeleted = (
  customer: StripeCustomer | DeletedStripeCustomer,
): customer is DeletedStripeCustomer => "deleted" in customer;

export function newAccount(): StripeAccount {
  return {
    customers: new Map(),
    paymentMethods: new Map(),
    invoices: new Map(),
    idempotency: new Map(),
    order: new Map(),
    sequence: 0,
  };
}
