import type { FormObject, FormValue } from "../core/form.js";
import { stripeErrors } from "./stripe-errors.js";
import type { StripeCall, StripeHandler } from "./stripe-fake.js";
import { paginate } from "./stripe-list.js";
import { isDeleted, type StripeCustomer } from "./stripe-objects.js";
import {
  applyMetadata,
  onlyAllowed,
  optionalEnum,
  optionalInteger,
  optionalString,
} from "./stripe-params.js";
import { customerQuery } from "./stripe-search.js";

const WRITABLE = [
  "description",
  "email",
  "metadata",
  "name",
  "phone",
  "preferred_locales",
  "address",
  "tax_exempt",
  "balance",
  "invoice_settings",
] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface StripeRouteDefinition {
  endpoint: string;
  method: "GET" | "POST" | "DELETE";
  path: string;
  handler: StripeHandler;
}

export const customerRoutes: StripeRouteDefinition[] = [
  // https://docs.stripe.com/api/customers/create
  {
    endpoint: "customers.create",
    method: "POST",
    path: "/v1/customers",
    handler: (call) => {
      onlyAllowed(call.params, WRITABLE);
      const id = call.newId("cus", 14);
      const customer: StripeCustomer = {
        id,
        object: "customer",
        address: null,
        balance: 0,
        created: call.now,
        currency: null,
        default_source: null,
        delinquent: false,
        description: null,
        discount: null,
        email: null,
        invoice_prefix: id.slice(4, 12).toUpperCase(),
        invoice_settings: {
          custom_fields: null,
          default_payment_method: null,
          footer: null,
          rendering_options: null,
        },
        livemode: false,
        metadata: {},
        name: null,
        next_invoice_sequence: 1,
        phone: null,
        preferred_locales: [],
        shipping: null,
        tax_exempt: "none",
        test_clock: null,
      };
      applyWritable(call, customer, call.params);
      call.account.customers.set(id, customer);
      call.account.order.set(id, ++call.account.sequence);
      return { body: customer };
    },
  },
  // https://docs.stripe.com/api/customers/search (before retrieve: `search` is not a customer id).
  // Unlike Stripe's index, which lags writes by up to a minute, the fake's is always current.
  {
    endpoint: "customers.search",
    method: "GET",
    path: "/v1/customers/search",
    handler: (call) => {
      onlyAllowed(call.params, ["query", "limit", "page"]);
      const matches = customerQuery(optionalString(call.params, "query") ?? "");
      const limit = optionalInteger(call.params, "limit", 1, 100) ?? 10;
      const page = optionalString(call.params, "page");
      const offset = page ? Number(Buffer.from(page, "base64url").toString("utf8")) : 0;
      if (!Number.isInteger(offset) || offset < 0)
        throw stripeErrors.invalidParameter("page", "Invalid page token.");
      const found = [...call.account.customers.values()]
        .filter((customer): customer is StripeCustomer => !isDeleted(customer) && matches(customer))
        .sort(
          (a, b) =>
            b.created - a.created ||
            (call.account.order.get(b.id) ?? 0) - (call.account.order.get(a.id) ?? 0),
        );
      const data = found.slice(offset, offset + limit);
      const hasMore = offset + limit < found.length;
      return {
        body: {
          object: "search_result",
          data,
          has_more: hasMore,
          next_page: hasMore ? Buffer.from(String(offset + limit)).toString("base64url") : null,
          url: "/v1/customers/search",
        },
      };
    },
  },
  // https://docs.stripe.com/api/customers/retrieve: a deleted customer answers `deleted: true`.
  {
    endpoint: "customers.retrieve",
    method: "GET",
    path: "/v1/customers/:customer",
    handler: (call, { customer = "" }) => {
      onlyAllowed(call.params, []);
      return { body: findCustomer(call, customer, { allowDeleted: true }) };
    },
  },
  // https://docs.stripe.com/api/customers/update
  {
    endpoint: "customers.update",
    method: "POST",
    path: "/v1/customers/:customer",
    handler: (call, { customer: id = "" }) => {
      onlyAllowed(call.params, WRITABLE);
      const customer = findCustomer(call, id);
      applyWritable(call, customer, call.params);
      return { body: customer };
    },
  },
  // https://docs.stripe.com/api/customers/delete
  {
    endpoint: "customers.delete",
    method: "DELETE",
    path: "/v1/customers/:customer",
    handler: (call, { customer: id = "" }) => {
      onlyAllowed(call.params, []);
      findCustomer(call, id);
      const deleted = { id, object: "customer" as const, deleted: true as const };
      call.account.customers.set(id, deleted);
      return { body: deleted };
    },
  },
  // https://docs.stripe.com/api/customers/list: `email` filters case-sensitively, deleted ones are left out.
  {
    endpoint: "customers.list",
    method: "GET",
    path: "/v1/customers",
    handler: (call) => {
      onlyAllowed(call.params, ["email", "limit", "starting_after", "ending_before"]);
      const email = optionalString(call.params, "email");
      const live = [...call.account.customers.values()].filter(
        (customer): customer is StripeCustomer =>
          !isDeleted(customer) && (email === undefined || customer.email === email),
      );
      return { body: paginate(live, call.account.order, call.params, "/v1/customers", "customer") };
    },
  },
];

export function findCustomer(
  call: StripeCall,
  id: string,
  options: { allowDeleted: true },
): StripeCustomer | { deleted: true };
export function findCustomer(call: StripeCall, id: string): StripeCustomer;
export function findCustomer(call: StripeCall, id: string, options?: { allowDeleted: true }) {
  const customer = call.account.customers.get(id);
  if (!customer) throw stripeErrors.noSuch("customer", id);
  if (isDeleted(customer)) {
    if (options?.allowDeleted) return customer;
    throw stripeErrors.noSuch("customer", id);
  }
  return customer;
}

function applyWritable(call: StripeCall, customer: StripeCustomer, params: FormObject): void {
  const email = optionalString(params, "email");
  if (email !== undefined) {
    if (email !== "" && !EMAIL.test(email))
      throw stripeErrors.invalidParameter("email", `Invalid email address: ${email}`, "email_invalid");
    customer.email = email === "" ? null : email;
  }
  for (const field of ["name", "phone", "description"] as const) {
    const value = optionalString(params, field);
    if (value !== undefined) customer[field] = value === "" ? null : value;
  }
  const balance = optionalInteger(params, "balance", -99_999_999, 99_999_999);
  if (balance !== undefined) customer.balance = balance;
  const taxExempt = optionalEnum(params, "tax_exempt", ["none", "exempt", "reverse"]);
  if (taxExempt) customer.tax_exempt = taxExempt;
  customer.metadata = applyMetadata(customer.metadata, params.metadata);
  const locales = params.preferred_locales;
  if (locales !== undefined) {
    if (locales === "") customer.preferred_locales = [];
    else if (Array.isArray(locales) && locales.every((locale) => typeof locale === "string"))
      customer.preferred_locales = locales as string[];
    else throw stripeErrors.invalidParameter("preferred_locales", "Invalid array");
  }
  const address = params.address;
  if (address !== undefined) {
    if (address === "") customer.address = null;
    else if (typeof address === "object" && !Array.isArray(address)) {
      onlyAllowed(address, ["city", "country", "line1", "line2", "postal_code", "state"]);
      customer.address = address as Record<string, string>;
    } else throw stripeErrors.invalidParameter("address", "Invalid object");
  }
  applyInvoiceSettings(call, customer, params.invoice_settings);
}

/** `invoice_settings[default_payment_method]` must name a payment method attached to this customer. */
function applyInvoiceSettings(
  call: StripeCall,
  customer: StripeCustomer,
  settings: FormValue | undefined,
): void {
  if (settings === undefined) return;
  if (typeof settings !== "object" || Array.isArray(settings))
    throw stripeErrors.invalidParameter("invoice_settings", "Invalid object");
  onlyAllowed(settings, ["default_payment_method"]);
  const chosen = settings.default_payment_method;
  if (chosen === undefined) return;
  if (chosen === "") {
    customer.invoice_settings.default_payment_method = null;
    return;
  }
  const param = "invoice_settings[default_payment_method]";
  if (typeof chosen !== "string") throw stripeErrors.invalidParameter(param, "Invalid string");
  const method = call.account.paymentMethods.get(chosen);
  if (!method) throw stripeErrors.noSuch("PaymentMethod", chosen, param);
  if (method.customer !== customer.id)
    throw stripeErrors.invalidParameter(
      param,
      `The customer does not have a payment method with the ID ${chosen}. The payment method must be attached to the customer.`,
      "resource_missing",
    );
  customer.invoice_settings.default_payment_method = chosen;
}
