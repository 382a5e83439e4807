import { findCustomer } from "./stripe-customers.js";
import { stripeErrors } from "./stripe-errors.js";
import type { StripeCall, StripeHandler } from "./stripe-fake.js";
import { paginate } from "./stripe-list.js";
import type { StripeInvoice } from "./stripe-objects.js";
import {
  applyMetadata,
  onlyAllowed,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalString,
} from "./stripe-params.js";

const DAY = 86_400;

export const invoiceRoutes: {
  endpoint: string;
  method: "GET" | "POST" | "DELETE";
  path: string;
  handler: StripeHandler;
}[] = [
  // https://docs.stripe.com/api/invoices/create: a draft with no lines until items are added.
  {
    endpoint: "invoices.create",
    method: "POST",
    path: "/v1/invoices",
    handler: (call) => {
      onlyAllowed(call.params, [
        "customer",
        "auto_advance",
        "collection_method",
        "currency",
        "days_until_due",
        "description",
        "due_date",
        "metadata",
      ]);
      const customerId = optionalString(call.params, "customer");
      if (!customerId) throw stripeErrors.missingParameter("customer");
      const customer = findCustomer(call, customerId);
      const collection =
        optionalEnum(call.params, "collection_method", ["charge_automatically", "send_invoice"]) ??
        "charge_automatically";
      const daysUntilDue = optionalInteger(call.params, "days_until_due", 0, 3650);
      const dueDate = optionalInteger(call.params, "due_date", 0, 253_402_300_799);
      if (collection === "send_invoice" && daysUntilDue === undefined && dueDate === undefined) {
        throw stripeErrors.invalidParameter(
          "days_until_due",
          "Invoices with collection_method=send_invoice need days_until_due or due_date.",
        );
      }
      if (collection === "charge_automatically" && (daysUntilDue !== undefined || dueDate !== undefined)) {
        throw stripeErrors.invalidParameter(
          "days_until_due",
          "Invoices with collection_method=charge_automatically cannot have a due date.",
        );
      }
      const id = call.newId("in", 24);
      const invoice: StripeInvoice = {
        id,
        object: "invoice",
        amount_due: 0,
        amount_paid: 0,
        amount_remaining: 0,
        auto_advance: optionalBoolean(call.params, "auto_advance") ?? false,
        collection_method: collection,
        created: call.now,
        currency: optionalString(call.params, "currency")?.toLowerCase() ?? "usd",
        customer: customer.id,
        customer_email: customer.email,
        customer_name: customer.name,
        description: optionalString(call.params, "description") ?? null,
        due_date: dueDate ?? (daysUntilDue === undefined ? null : call.now + daysUntilDue * DAY),
        effective_at: null,
        hosted_invoice_url: null,
        invoice_pdf: null,
        lines: { object: "list", data: [], has_more: false, total_count: 0, url: `/v1/invoices/${id}/lines` },
        livemode: false,
        metadata: applyMetadata({}, call.params.metadata),
        number: null,
        period_end: call.now,
        period_start: call.now,
        status: "draft",
        status_transitions: {
          finalized_at: null,
          marked_uncollectible_at: null,
          paid_at: null,
          voided_at: null,
        },
        subtotal: 0,
        total: 0,
      };
      call.account.invoices.set(id, invoice);
      call.account.order.set(id, ++call.account.sequence);
      return { body: invoice };
    },
  },
  // https://docs.stripe.com/api/invoices/retrieve
  {
    endpoint: "invoices.retrieve",
    method: "GET",
    path: "/v1/invoices/:invoice",
    handler: (call, { invoice = "" }) => {
      onlyAllowed(call.params, []);
      return { body: findInvoice(call, invoice) };
    },
  },
  // https://docs.stripe.com/api/invoices/list
  {
    endpoint: "invoices.list",
    method: "GET",
    path: "/v1/invoices",
    handler: (call) => {
      onlyAllowed(call.params, [
        "customer",
        "status",
        "collection_method",
        "limit",
        "starting_after",
        "ending_before",
      ]);
      const customer = optionalString(call.params, "customer");
      const status = optionalEnum(call.params, "status", ["draft", "open", "paid", "uncollectible", "void"]);
      const collection = optionalString(call.params, "collection_method");
      const invoices = [...call.account.invoices.values()].filter(
        (invoice) =>
          (customer === undefined || invoice.customer === customer) &&
          (status === undefined || invoice.status === status) &&
          (collection === undefined || invoice.collection_method === collection),
      );
      return { body: paginate(invoices, call.account.order, call.params, "/v1/invoices", "invoice") };
    },
  },
  // https://docs.stripe.com/api/invoices/finalize: draft → open, numbered; the invoice can no longer be deleted.
  {
    endpoint: "invoices.finalize",
    method: "POST",
    path: "/v1/invoices/:invoice/finalize",
    handler: (call, { invoice: id = "" }) => {
      onlyAllowed(call.params, ["auto_advance"]);
      const invoice = findInvoice(call, id);
      if (invoice.status !== "draft") throw stripeErrors.invoiceNotDraft("finalize", id);
      const customer = call.account.customers.get(invoice.customer);
      const sequence = customer && !("deleted" in customer) ? customer.next_invoice_sequence++ : 1;
      const prefix = customer && !("deleted" in customer) ? customer.invoice_prefix : "INV";
      invoice.status =
        invoice.amount_due === 0 && invoice.collection_method === "charge_automatically" ? "paid" : "open";
      invoice.number = `${prefix}-${String(sequence).padStart(4, "0")}`;
      invoice.status_transitions.finalized_at = call.now;
      invoice.effective_at = call.now;
      invoice.hosted_invoice_url = `https://invoice.stripe.com/i/acct_fake/test_${id}`;
      invoice.invoice_pdf = `https://pay.stripe.com/invoice/acct_fake/test_${id}/pdf`;
      const autoAdvance = optionalBoolean(call.params, "auto_advance");
      if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
      return { body: invoice };
    },
  },
  // https://docs.stripe.com/api/invoices/delete: only drafts; finalised invoices must be voided and stay.
  {
    endpoint: "invoices.delete",
    method: "DELETE",
    path: "/v1/invoices/:invoice",
    handler: (call, { invoice: id = "" }) => {
      onlyAllowed(call.params, []);
      const invoice = findInvoice(call, id);
      if (invoice.status !== "draft") throw stripeErrors.invoiceNotDraft("delete", id);
      call.account.invoices.delete(id);
      return { body: { id, object: "invoice", deleted: true } };
    },
  },
];

function findInvoice(call: StripeCall, id: string): StripeInvoice {
  const invoice = call.account.invoices.get(id);
  if (!invoice) throw stripeErrors.noSuch("invoice", id);
  return invoice;
}
