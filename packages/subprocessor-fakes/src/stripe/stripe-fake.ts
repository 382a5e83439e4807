import { unixSeconds } from "../core/clock.js";
import { type FakeContext, PerCredential } from "../core/context.js";
import type { FormObject } from "../core/form.js";
import type { InventoryItem } from "../core/inventory.js";
import {
  basicCredentials,
  bearerToken,
  type FakeRequest,
  type FaultStatus,
  json,
  type Route,
  type VendorFake,
} from "../core/vendor.js";
import { customerRoutes } from "./stripe-customers.js";
import { StripeError, stripeErrorResponse, stripeErrors, stripeFaultBody } from "./stripe-errors.js";
import { invoiceRoutes } from "./stripe-invoices.js";
import {
  isDeleted,
  newAccount,
  type StripeAccount,
  type StripeCustomer,
  type StripeInvoice,
  type StripePaymentMethod,
} from "./stripe-objects.js";
import { readParams } from "./stripe-params.js";
import { paymentMethodRoutes } from "./stripe-payment-methods.js";

const KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9]{4,}$/;
export const STRIPE_TENANT_METADATA = "crmfactory_tenant_id";

export interface StripeCall {
  readonly account: StripeAccount;
  readonly params: FormObject;
  readonly request: FakeRequest;
  readonly now: number;
  newId(prefix: "cus" | "in" | "pm", length: number): string;
}

export type StripeHandler = (
  call: StripeCall,
  path: Record<string, string>,
) => { status?: number; body: unknown };

export interface CustomerWithInvoices {
  readonly apiKey: string;
  readonly customer: StripeCustomer;
  readonly invoices: readonly StripeInvoice[];
}

/** Stripe payments: customers, their payment methods and invoices, per API key. https://docs.stripe.com/api */
export class StripeFake implements VendorFake {
  readonly vendor = "stripe" as const;
  readonly #accounts = new PerCredential<StripeAccount>(() => newAccount());
  readonly routes: readonly Route[];

  constructor(private readonly context: FakeContext) {
    this.routes = [...customerRoutes, ...paymentMethodRoutes, ...invoiceRoutes].map(
      ({ endpoint, method, path, handler }) => ({
        endpoint,
        method,
        path,
        handle: (request: FakeRequest, params: Record<string, string>) =>
          this.#serve(request, params, handler),
      }),
    );
  }

  servesHost(host: string): boolean {
    return host === "api.stripe.com";
  }

  credentialOf(_method: string, _url: URL, headers: Headers): string | undefined {
    return bearerToken(headers) ?? basicCredentials(headers)?.user;
  }

  notFound(request: FakeRequest): Response {
    const error = stripeErrors.unrecognizedUrl(request.method, request.url.pathname);
    return stripeErrorResponse(error.status, error.body, this.#requestId(request));
  }

  faultResponse(status: FaultStatus): Response {
    return stripeErrorResponse(status, stripeFaultBody(status), "req_fault");
  }

  // --- inspection -------------------------------------------------------------------------------

  /** Live (not deleted) customers, of one API key or of all. */
  customers(
    filter: { apiKey?: string; email?: string; tenantId?: string } = {},
  ): (StripeCustomer & { apiKey: string })[] {
    return this.#accounts.select(filter.apiKey).flatMap(([apiKey, account]) =>
      [...account.customers.values()]
        .filter((customer): customer is StripeCustomer => !isDeleted(customer))
        .filter(
          (customer) =>
            filter.email === undefined || customer.email?.toLowerCase() === filter.email.toLowerCase(),
        )
        .filter(
          (customer) =>
            filter.tenantId === undefined || customer.metadata[STRIPE_TENANT_METADATA] === filter.tenantId,
        )
        .map((customer) => ({ ...structuredClone(customer), apiKey })),
    );
  }

  /** A customer and every invoice it has (finalised ones stay after the customer is deleted). */
  customerWithInvoices(
    filter: { apiKey?: string; customerId?: string; email?: string; tenantId?: string } = {},
  ): CustomerWithInvoices | undefined {
    for (const [apiKey, account] of this.#accounts.select(filter.apiKey)) {
      for (const customer of account.customers.values()) {
        if (isDeleted(customer)) continue;
        if (filter.customerId !== undefined && customer.id !== filter.customerId) continue;
        if (filter.email !== undefined && customer.email?.toLowerCase() !== filter.email.toLowerCase())
          continue;
        if (filter.tenantId !== undefined && customer.metadata[STRIPE_TENANT_METADATA] !== filter.tenantId)
          continue;
        return {
          apiKey,
          customer: structuredClone(customer),
          invoices: this.invoicesOf(customer.id, apiKey),
        };
      }
    }
    return undefined;
  }

  /** Payment methods attached to a customer. */
  paymentMethodsOf(customerId: string, apiKey?: string): StripePaymentMethod[] {
    return this.#accounts
      .select(apiKey)
      .flatMap(([, account]) =>
        [...account.paymentMethods.values()].filter((pm) => pm.customer === customerId),
      )
      .map((pm) => structuredClone(pm));
  }

  invoicesOf(customerId: string, apiKey?: string): StripeInvoice[] {
    return this.#accounts
      .select(apiKey)
      .flatMap(([, account]) =>
        [...account.invoices.values()].filter((invoice) => invoice.customer === customerId),
      )
      .map((invoice) => structuredClone(invoice));
  }

  /** Whether a customer id was deleted through the API. */
  wasDeleted(customerId: string, apiKey?: string): boolean {
    return this.#accounts.select(apiKey).some(([, account]) => {
      const customer = account.customers.get(customerId);
      return customer !== undefined && isDeleted(customer);
    });
  }

  inventory(): InventoryItem[] {
    return this.#accounts.entries().flatMap(([apiKey, account]) => {
      const items: InventoryItem[] = [];
      const live = new Map<string, StripeCustomer>();
      for (const customer of account.customers.values()) {
        if (isDeleted(customer)) continue;
        live.set(customer.id, customer);
        items.push({
          vendor: "stripe",
          credential: apiKey,
          object: "customer",
          id: customer.id,
          links: customerLinks(customer),
          deletable: true,
        });
      }
      for (const invoice of account.invoices.values()) {
        // The profile's `customer` link applies via the customer, while it lives; the invoice keeps
        // its own copy of the email after the customer is gone.
        const tenant = live.get(invoice.customer)?.metadata[STRIPE_TENANT_METADATA];
        const links: InventoryItem["links"][number][] = [];
        if (tenant) links.push({ field: "customer", identifier: "tenantId", value: tenant });
        if (invoice.customer_email)
          links.push({ field: "customer_email", identifier: "email", value: invoice.customer_email });
        items.push({
          vendor: "stripe",
          credential: apiKey,
          object: "invoice",
          id: invoice.id,
          links,
          deletable: invoice.status === "draft",
        });
      }
      return items;
    });
  }

  reset(): void {
    this.#accounts.clear();
  }

  // --- serving ------------------------------------------------------------------------------------

  #requestId(request: FakeRequest): string {
    return `req_${this.context.ids.next(`stripe:${request.credential ?? "-"}:req`, 14)}`;
  }

  #serve(request: FakeRequest, path: Record<string, string>, handler: StripeHandler): Response {
    const requestId = this.#requestId(request);
    try {
      const key = request.credential;
      if (!key) throw stripeErrors.noApiKey();
      if (!KEY.test(key)) throw stripeErrors.invalidApiKey(key);
      const account = this.#accounts.get(key);
      const params = readParams(request);
      const idempotencyKey = request.method === "POST" ? request.headers.get("idempotency-key") : null;
      const fingerprint = JSON.stringify([request.method, request.url.pathname, params]);
      if (idempotencyKey) {
        const earlier = account.idempotency.get(idempotencyKey);
        if (earlier && earlier.fingerprint !== fingerprint)
          throw stripeErrors.idempotencyMismatch(idempotencyKey);
        if (earlier) {
          // https://docs.stripe.com/api/idempotent_requests: the first answer, replayed.
          return new Response(earlier.body, {
            status: earlier.status,
            headers: {
              "content-type": "application/json",
              "request-id": requestId,
              "original-request": earlier.requestId,
              "idempotent-replayed": "true",
              "idempotency-key": idempotencyKey,
            },
          });
        }
      }
      const call: StripeCall = {
        account,
        params,
        request,
        now: unixSeconds(request.time),
        newId: (prefix, length) => `${prefix}_${this.context.ids.next(`stripe:${key}:${prefix}`, length)}`,
      };
      const { status = 200, body: unexpanded } = handler(call, path);
      const body = expand(unexpanded, params.expand, account);
      const text = JSON.stringify(body);
      if (idempotencyKey)
        account.idempotency.set(idempotencyKey, { fingerprint, status, body: text, requestId });
      const headers: Record<string, string> = { "request-id": requestId };
      if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
      return json(status, body, headers);
    } catch (error) {
      if (error instanceof StripeError) return stripeErrorResponse(error.status, error.body, requestId);
      throw error;
    }
  }
}

/**
 * `expand[]`: an invoice's `customer` (also `data.customer` on lists) becomes the customer object.
 * Anything else is refused as Stripe refuses it. https://docs.stripe.com/api/expanding_objects
 */
function expand(body: unknown, paths: FormObject[string] | undefined, account: StripeAccount): unknown {
  if (paths === undefined) return body;
  const list = Array.isArray(paths) ? paths : [paths];
  let result = body;
  for (const path of list) {
    if (typeof path !== "string") throw stripeErrors.invalidParameter("expand", "Invalid array");
    const record = result as { object?: string; customer?: unknown; data?: { customer?: unknown }[] };
    const withCustomer = (invoice: { customer?: unknown }) => ({
      ...invoice,
      customer:
        typeof invoice.customer === "string"
          ? (account.customers.get(invoice.customer) ?? invoice.customer)
          : invoice.customer,
    });
    if (record.object === "invoice" && path === "customer") result = withCustomer(record);
    else if (
      record.object === "list" &&
      path === "data.customer" &&
      record.data?.every((item) => (item as { object?: string }).object === "invoice")
    ) {
      result = { ...record, data: record.data.map(withCustomer) };
    } else throw stripeErrors.invalidParameter("expand", `This property cannot be expanded (${path}).`);
  }
  return result;
}

function customerLinks(customer: StripeCustomer): InventoryItem["links"] {
  const links: InventoryItem["links"][number][] = [];
  const tenant = customer.metadata[STRIPE_TENANT_METADATA];
  if (tenant)
    links.push({ field: `metadata[${STRIPE_TENANT_METADATA}]`, identifier: "tenantId", value: tenant });
  if (customer.email) links.push({ field: "email", identifier: "email", value: customer.email });
  return links;
}
