import { randomBytes, randomUUID } from "node:crypto";
import { NotFoundError } from "@crmfactory/sdk";
import { createSubprocessorFakes, setupFakesServer } from "@crmfactory/subprocessor-fakes";
import { availableUntil } from "@crmfactory/taxonomy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { callAs } from "../test-support/data-plane.js";
import { digestOf, schemaOf } from "../test-support/digest.js";
import { defaultPriceList } from "./plan-prices.js";

const fakes = createSubprocessorFakes({ seed: "reference-billing" });
const server = setupFakesServer(fakes);
server.listen({ onUnhandledRequest: "error" });
afterAll(() => server.close());

async function storedInvoices(reference: TestReference, tenantId: string) {
  return reference.platform.database.ownerTransaction((tx) =>
    tx.query<{ id: string }>("SELECT id FROM catalog.invoices WHERE tenant_id = $1", [tenantId]),
  );
}

async function auditActions(client: Awaited<ReturnType<typeof signUp>>["client"]) {
  const actions: string[] = [];
  for await (const entry of client.audit.list()) actions.push(entry.action);
  return actions;
}

describe.each(drivers)("billing on %s", (driver) => {
  let reference: TestReference;
  const apiKey = `sk_test_reference${randomBytes(6).toString("hex")}`;
  beforeAll(async () => {
    reference = await bootReference(driver, {
      fetch: (request) => fetch(request),
      parts: { credentials: { stripe: apiKey } },
    });
  });

  it("answers the plan and its price, with no payments customer before a billing write", async () => {
    const { client, tenant } = await signUp(reference);
    const account = await client.billing.get();
    const price = defaultPriceList.starter;
    expect(account).toEqual({
      plan: "starter",
      price: { amount: price.amount, currency: price.currency },
      interval: price.interval,
      currency: price.currency,
      customer: { subprocessorId: "stripe", externalId: null },
      paymentMethod: null,
    });
    expect(fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id })).toBeUndefined();
  });

  it("changes the plan, linking one payments customer to the tenant as the vendor profile says", async () => {
    const { client, tenant, owner } = await signUp(reference);
    const changed = await client.billing.changePlan({ plan: "growth" });
    expect(changed.plan).toBe("growth");
    expect(changed.price.amount).toBe(defaultPriceList.growth.amount);
    const held = fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id });
    expect(held?.customer).toMatchObject({
      id: changed.customer.externalId,
      email: owner.email,
      metadata: { crmfactory_tenant_id: tenant.id },
    });
    expect((await client.tenant.get()).subscription.plan).toBe("growth");
    const again = await client.billing.changePlan({ plan: "enterprise" });
    expect(again.customer.externalId).toBe(changed.customer.externalId);
    expect(fakes.stripe.customers({ email: owner.email })).toHaveLength(1);
    expect((await auditActions(client)).filter((a) => a === "billing.plan-changed")).toHaveLength(2);
  });

  it("issues invoices at the payments subprocessor, dated by the tenant's clock and kept for the billing rule", async () => {
    const frozen = "2031-02-28T12:00:00.000Z";
    const clock = await reference.operator().testClocks.create({ frozenTime: frozen });
    const { client, tenant } = await signUp(reference, { testClockId: clock.id });
    const invoice = await client.invoices.create({
      description: "Growth plan, February",
      amount: { amount: 4900, currency: "usd" },
    });
    const rule = Object.values(reference.platform.policy.retention).find((r) =>
      r.anchors.includes("invoiceIssued"),
    );
    expect(rule).toBeDefined();
    expect(invoice).toMatchObject({
      tenantId: tenant.id,
      status: "open",
      description: "Growth plan, February",
      amount: { amount: 4900, currency: "usd" },
      issuedAt: frozen,
      retainedUntil: availableUntil(rule as NonNullable<typeof rule>, new Date(frozen)).toISOString(),
    });
    const held = fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id });
    const atStripe = held?.invoices.find((i) => i.id === invoice.provider.externalId);
    expect(atStripe).toMatchObject({
      status: "open",
      number: invoice.number,
      description: invoice.description,
    });
    expect(await client.invoices.get(invoice.id)).toEqual(invoice);
    const second = await client.invoices.create({
      description: "Extra",
      amount: { amount: 100, currency: "eur" },
    });
    const listed = [];
    for await (const item of client.invoices.list({ limit: 1 })) listed.push(item.id);
    expect(listed.sort()).toEqual([invoice.id, second.id].sort());
    expect((await auditActions(client)).filter((a) => a === "invoice.created")).toHaveLength(2);
  });

  it("answers another tenant's invoice id with not-found", async () => {
    const other = await signUp(reference);
    const theirs = await other.client.invoices.create({
      description: "Theirs",
      amount: { amount: 1, currency: "usd" },
    });
    const { client } = await signUp(reference);
    await expect(client.invoices.get(theirs.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.invoices.get(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    expect((await client.invoices.list()).data).toEqual([]);
  });

  it("refuses bad input with problem details, calling no vendor and writing nothing", async () => {
    const { client, tenant, session } = await signUp(reference);
    const call = callAs(reference, session.token);
    const before = fakes.requests({ vendor: "stripe" }).length;
    for (const [method, path, body] of [
      ["PUT", "/billing/plan", { plan: "platinum" }],
      ["PUT", "/billing/plan", { plan: "growth", discount: 100 }],
      ["POST", "/invoices", { description: "x", amount: { amount: -1, currency: "usd" } }],
      ["POST", "/invoices", { description: "x", amount: { amount: 1, currency: "US'D" } }],
      ["POST", "/invoices", { description: "", amount: { amount: 1, currency: "usd" } }],
      ["POST", "/invoices", { description: "x", amount: { amount: 1, currency: "usd" }, customer: "cus_x" }],
    ] as const) {
      const response = await call(method, path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect((await response.json()).type).toBe("https://crmfactory.ai/problems/validation-failed");
    }
    expect((await call("GET", "/invoices/'%20OR%201=1")).status).toBe(404);
    expect(fakes.requests({ vendor: "stripe" }).length).toBe(before);
    expect(await storedInvoices(reference, tenant.id)).toEqual([]);
    expect((await client.billing.get()).plan).toBe("starter");
    const verbatim = "Robert'); DROP TABLE invoices; --";
    const invoice = await client.invoices.create({
      description: verbatim,
      amount: { amount: 5, currency: "usd" },
    });
    expect((await client.invoices.get(invoice.id)).description).toBe(verbatim);
  });

  it("answers unavailable when the payments subprocessor fails, keeping neither the invoice nor its audit entry", async () => {
    const { client, tenant, session } = await signUp(reference);
    await client.billing.changePlan({ plan: "growth" });
    const rule = fakes.faults.inject({
      vendor: "stripe",
      endpoint: "invoices.create",
      credential: apiKey,
      fault: { kind: "status", status: 500 },
    });
    try {
      const response = await callAs(reference, session.token)("POST", "/invoices", {
        description: "Refused",
        amount: { amount: 10, currency: "usd" },
      });
      expect(response.status).toBe(503);
      const problem = await response.json();
      expect(problem.type).toBe("https://crmfactory.ai/problems/unavailable");
      expect(JSON.stringify(problem)).not.toContain(tenant.id);
    } finally {
      rule.remove();
    }
    expect(await storedInvoices(reference, tenant.id)).toEqual([]);
    expect(await auditActions(client)).not.toContain("invoice.created");
  });

  it("lists invoices here and at the payments subprocessor in the inventory, on their invoice date", async () => {
    const operator = reference.operator();
    const frozen = "2031-10-01T00:00:00.000Z";
    const clock = await operator.testClocks.create({ frozenTime: frozen });
    const { client, tenant } = await signUp(reference, { testClockId: clock.id });
    const invoice = await client.invoices.create({
      description: "Held",
      amount: { amount: 1, currency: "usd" },
    });
    const inventory = await operator.testClocks.getTenantInventory(clock.id, tenant.id);
    const invoices = inventory.holdings.filter((h) => h.recordType === "invoice");
    expect(
      invoices.map((h) => [h.location.type, h.recordIds, h.anchorAt, h.availableUntil, h.legalBasis]),
    ).toEqual([
      ["platform", [invoice.id], frozen, invoice.retainedUntil, "legal-obligation"],
      ["subprocessor", [invoice.provider.externalId], frozen, invoice.retainedUntil, "legal-obligation"],
    ]);
    const billing = await client.billing.get();
    expect(inventory.holdings.find((h) => h.recordType === "customer")?.recordIds).toEqual([
      billing.customer.externalId,
    ]);
  });

  it("replays a retried invoice by its Idempotency-Key, issuing one invoice at the payments subprocessor", async () => {
    const { tenant, session } = await signUp(reference);
    const call = callAs(reference, session.token);
    const body = { description: "Retried", amount: { amount: 700, currency: "usd" } };
    const first = await call("POST", "/invoices", body, { "idempotency-key": "invoice-retry-1" });
    const again = await call("POST", "/invoices", body, { "idempotency-key": "invoice-retry-1" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id })?.invoices).toHaveLength(1);
    expect(await storedInvoices(reference, tenant.id)).toHaveLength(1);
  });

  it("puts a test card on file: attached to the tenant's customer, its invoice default, shown as brand and last four", async () => {
    const { client, tenant } = await signUp(reference);
    const account = await client.billing.setPaymentMethod({ paymentMethodToken: "pm_card_mastercard" });
    const held = fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id });
    const defaultMethod = held?.customer.invoice_settings.default_payment_method;
    const attached = fakes.stripe.paymentMethodsOf(held?.customer.id ?? "", apiKey);
    expect(attached.map((pm) => pm.id)).toEqual([defaultMethod]);
    expect(account.customer.externalId).toBe(held?.customer.id);
    expect(account.paymentMethod).toEqual({
      type: "card",
      brand: "mastercard",
      last4: "4444",
      expMonth: attached[0]?.card.exp_month,
      expYear: attached[0]?.card.exp_year,
    });
    expect(await client.billing.get()).toEqual(account);

    const replaced = await client.billing.setPaymentMethod({ paymentMethodToken: "pm_card_visa" });
    expect(replaced.paymentMethod).toMatchObject({ brand: "visa", last4: "4242" });
    expect(replaced.customer.externalId).toBe(account.customer.externalId);
    const after = fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id })?.customer;
    expect(after?.invoice_settings.default_payment_method).not.toBe(defaultMethod);
    // The replaced card is detached: the payments subprocessor holds only the one on file.
    expect(fakes.stripe.paymentMethodsOf(after?.id ?? "", apiKey).map((pm) => pm.card.last4)).toEqual([
      "4242",
    ]);
    expect((await client.billing.get()).paymentMethod).toEqual(replaced.paymentMethod);
    expect((await auditActions(client)).filter((a) => a === "billing.payment-method-set")).toHaveLength(2);
  });

  it("refuses a payment method token the payments subprocessor does not know with validation-failed, keeping nothing", async () => {
    const { client, tenant, session } = await signUp(reference);
    await client.billing.changePlan({ plan: "growth" });
    await reference.platform.schemas.fillPool();
    const schemas = [await schemaOf(reference, tenant.id), "catalog"];
    const before = await digestOf(reference, schemas);
    const call = callAs(reference, session.token);
    const response = await call("PUT", "/billing/payment-method", { paymentMethodToken: "pm_doesNotExist" });
    expect(response.status).toBe(400);
    const problem = await response.json();
    expect(problem.type).toBe("https://crmfactory.ai/problems/validation-failed");
    expect(problem.errors).toEqual([
      { path: "/body/paymentMethodToken", message: expect.stringContaining("no payment method") },
    ]);
    for (const body of [
      { paymentMethodToken: "4242424242424242" },
      { paymentMethodToken: "pm_card_visa", cvc: "1" },
    ]) {
      expect((await call("PUT", "/billing/payment-method", body)).status).toBe(400);
    }
    expect(await digestOf(reference, schemas)).toBe(before);
    const held = fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id })?.customer;
    expect(held?.invoice_settings.default_payment_method).toBeNull();
    expect(fakes.stripe.paymentMethodsOf(held?.id ?? "", apiKey)).toEqual([]);
    expect((await client.billing.get()).paymentMethod).toBeNull();
    expect(await auditActions(client)).not.toContain("billing.payment-method-set");
  });

  it("answers unavailable when the payments subprocessor fails to set the default, writing nothing", async () => {
    const { client, tenant, session } = await signUp(reference);
    await client.billing.setPaymentMethod({ paymentMethodToken: "pm_card_visa" });
    await reference.platform.schemas.fillPool();
    const schemas = [await schemaOf(reference, tenant.id), "catalog"];
    const before = await digestOf(reference, schemas);
    const rule = fakes.faults.inject({
      vendor: "stripe",
      endpoint: "customers.update",
      credential: apiKey,
      fault: { kind: "status", status: 500 },
    });
    try {
      const response = await callAs(reference, session.token)("PUT", "/billing/payment-method", {
        paymentMethodToken: "pm_card_amex",
      });
      expect(response.status).toBe(503);
      expect((await response.json()).type).toBe("https://crmfactory.ai/problems/unavailable");
    } finally {
      rule.remove();
    }
    expect(await digestOf(reference, schemas)).toBe(before);
    expect((await client.billing.get()).paymentMethod).toMatchObject({ brand: "visa", last4: "4242" });
    // The amex card the refused request attached was detached again: only the visa stays on file.
    const customer = fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id })?.customer.id ?? "";
    expect(fakes.stripe.paymentMethodsOf(customer, apiKey).map((pm) => pm.card.last4)).toEqual(["4242"]);
    expect((await auditActions(client)).filter((a) => a === "billing.payment-method-set")).toHaveLength(1);
  });

  it("deletes the payments customer a rolled-back request made, and makes a live one on the next", async () => {
    const { client, tenant, session } = await signUp(reference);
    const created = () => fakes.requests({ vendor: "stripe", endpoint: "customers.create" }).length;
    const before = created();
    const rule = fakes.faults.inject({
      vendor: "stripe",
      endpoint: "paymentMethods.attach",
      credential: apiKey,
      fault: { kind: "status", status: 500 },
    });
    try {
      const response = await callAs(reference, session.token)("PUT", "/billing/payment-method", {
        paymentMethodToken: "pm_card_visa",
      });
      expect(response.status).toBe(503);
    } finally {
      rule.remove();
    }
    // The customer was made at Stripe, then deleted when the request's transaction rolled back.
    expect(created() - before).toBe(1);
    expect(fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id })).toBeUndefined();
    expect((await client.billing.get()).customer.externalId).toBeNull();
    const set = await client.billing.setPaymentMethod({ paymentMethodToken: "pm_card_visa" });
    const held = fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id });
    expect(held?.customer.id).toBe(set.customer.externalId);
    expect(fakes.stripe.wasDeleted(set.customer.externalId ?? "", apiKey)).toBe(false);
  });

  it("lists the card attached at the payments subprocessor in the inventory, the replaced one detached", async () => {
    const operator = reference.operator();
    const clock = await operator.testClocks.create({ frozenTime: "2031-11-01T00:00:00.000Z" });
    const { client, tenant } = await signUp(reference, { testClockId: clock.id });
    const cards = async () => {
      const inventory = await operator.testClocks.getTenantInventory(clock.id, tenant.id);
      return inventory.holdings.filter((h) => h.recordType === "payment-method");
    };
    expect(await cards()).toEqual([]);
    const visa = await client.billing.setPaymentMethod({ paymentMethodToken: "pm_card_visa" });
    const customer = visa.customer.externalId ?? "";
    const heldIds = () => fakes.stripe.paymentMethodsOf(customer, apiKey).map((pm) => pm.id);
    const [first] = await cards();
    expect(first).toMatchObject({
      category: "billing",
      location: { type: "subprocessor", subprocessorId: "stripe", service: "payments" },
      count: 1,
    });
    expect(first?.recordIds).toEqual(heldIds());
    await client.billing.setPaymentMethod({ paymentMethodToken: "pm_card_amex" });
    const [second] = await cards();
    expect(heldIds()).toHaveLength(1);
    expect(second?.recordIds).toEqual(heldIds());
    expect(second?.recordIds).not.toEqual(first?.recordIds);
  });

  it("answers conflict for a card attached to another tenant's customer, moving nothing", async () => {
    const owner = await signUp(reference);
    await owner.client.billing.setPaymentMethod({ paymentMethodToken: "pm_card_visa" });
    const theirs =
      fakes.stripe.customerWithInvoices({ apiKey, tenantId: owner.tenant.id })?.customer.id ?? "";
    const [card] = fakes.stripe.paymentMethodsOf(theirs, apiKey);
    const { client, tenant, session } = await signUp(reference);
    const response = await callAs(reference, session.token)("PUT", "/billing/payment-method", {
      paymentMethodToken: card?.id,
    });
    expect(response.status).toBe(409);
    expect((await response.json()).type).toBe("https://crmfactory.ai/problems/conflict");
    expect(fakes.stripe.paymentMethodsOf(theirs, apiKey).map((pm) => pm.id)).toEqual([card?.id]);
    // The customer the refused request made for this tenant went with it.
    expect(fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id })).toBeUndefined();
    expect((await client.billing.get()).paymentMethod).toBeNull();
    expect(await auditActions(client)).not.toContain("billing.payment-method-set");
  });

  it("replays a retried payment method by its Idempotency-Key", async () => {
    const { tenant, session } = await signUp(reference);
    const call = callAs(reference, session.token);
    const body = { paymentMethodToken: "pm_card_discover" };
    const first = await call("PUT", "/billing/payment-method", body, { "idempotency-key": "pm-retry-1" });
    const again = await call("PUT", "/billing/payment-method", body, { "idempotency-key": "pm-retry-1" });
    expect(first.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    const customer = fakes.stripe.customerWithInvoices({ apiKey, tenantId: tenant.id })?.customer;
    expect(fakes.stripe.paymentMethodsOf(customer?.id ?? "", apiKey)).toHaveLength(1);
  });
});
