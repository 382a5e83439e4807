import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { stripeLoopbackOptions, testClock, useFakes } from "../test-support/harness.js";

const clock = testClock();
const { fakes, loopback, loopbackEnv } = useFakes({ clock: clock.now, seed: "stripe-tests" });
const KEY = "sk_test_fakesStripeKey1";

function clients() {
  return {
    msw: new Stripe(KEY, { maxNetworkRetries: 0 }),
    loopback: new Stripe(KEY, {
      maxNetworkRetries: 0,
      ...stripeLoopbackOptions(loopbackEnv("STRIPE_API_BASE_URL")),
    }),
  };
}

describe.each(["msw", "loopback"] as const)("stripe-node through %s", (mode) => {
  const stripe = () => clients()[mode];

  it("creates, retrieves, updates and lists customers with nested metadata", async () => {
    const created = await stripe().customers.create({
      email: "ada@example.com",
      name: "Ada Lovelace",
      metadata: { crmfactory_tenant_id: "tenant-1", plan: "pro" },
    });
    expect(created).toMatchObject({
      object: "customer",
      email: "ada@example.com",
      metadata: { crmfactory_tenant_id: "tenant-1" },
    });
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    expect(created.created).toBe(Math.floor(clock.now().getTime() / 1000));

    const updated = await stripe().customers.update(created.id, {
      email: "ada@lovelace.example",
      metadata: { plan: "" },
    });
    expect(updated.email).toBe("ada@lovelace.example");
    expect(updated.metadata).toEqual({ crmfactory_tenant_id: "tenant-1" });
    expect(await stripe().customers.retrieve(created.id)).toMatchObject({ email: "ada@lovelace.example" });

    const byEmail = await stripe().customers.list({ email: "ada@lovelace.example" });
    expect(byEmail.data.map((customer) => customer.id)).toEqual([created.id]);
    expect(fakes.requests({ vendor: "stripe" }).every((request) => request.via === mode)).toBe(true);
  });

  it("answers a deleted customer with deleted: true and leaves it out of lists", async () => {
    const customer = await stripe().customers.create({ email: "gone@example.com" });
    expect(await stripe().customers.del(customer.id)).toEqual({
      id: customer.id,
      object: "customer",
      deleted: true,
    });
    expect(await stripe().customers.retrieve(customer.id)).toEqual({
      id: customer.id,
      object: "customer",
      deleted: true,
    });
    expect((await stripe().customers.list()).data).toEqual([]);
    await expect(stripe().customers.update(customer.id, { name: "x" })).rejects.toMatchObject({
      code: "resource_missing",
      statusCode: 404,
    });
    expect(fakes.stripe.wasDeleted(customer.id, KEY)).toBe(true);
  });

  it("paginates newest first with has_more and starting_after, and auto-pagination sees every customer", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      ids.push((await stripe().customers.create({ email: `c${i}@example.com` })).id);
    }
    const first = await stripe().customers.list({ limit: 2 });
    expect(first.data.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    expect(first.has_more).toBe(true);
    const second = await stripe().customers.list({ limit: 2, starting_after: ids[3] });
    expect(second.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    const all: string[] = [];
    for await (const customer of stripe().customers.list({ limit: 2 })) all.push(customer.id);
    expect(all).toEqual([...ids].reverse());
  });

  it("creates, finalises and lists invoices; a finalised invoice cannot be deleted, a draft can", async () => {
    const customer = await stripe().customers.create({
      email: "billing@example.com",
      metadata: { crmfactory_tenant_id: "t-9" },
    });
    const draft = await stripe().invoices.create({ customer: customer.id, auto_advance: false });
    expect(draft).toMatchObject({
      object: "invoice",
      status: "draft",
      customer: customer.id,
      customer_email: "billing@example.com",
    });
    const other = await stripe().invoices.create({
      customer: customer.id,
      collection_method: "send_invoice",
      days_until_due: 30,
    });
    const finalised = await stripe().invoices.finalizeInvoice(other.id);
    expect(finalised.status).toBe("open");
    expect(finalised.number).toMatch(/-0001$/);
    await expect(stripe().invoices.del(finalised.id)).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 400,
    });
    expect(await stripe().invoices.del(draft.id)).toEqual({ id: draft.id, object: "invoice", deleted: true });
    const listed = await stripe().invoices.list({ customer: customer.id });
    expect(listed.data.map((invoice) => invoice.id)).toEqual([finalised.id]);

    const held = fakes.stripe.customerWithInvoices({ tenantId: "t-9" });
    expect(held?.customer.id).toBe(customer.id);
    expect(held?.invoices.map((invoice) => [invoice.id, invoice.status])).toEqual([[finalised.id, "open"]]);
    await stripe().customers.del(customer.id);
    expect(fakes.stripe.invoicesOf(customer.id)).toHaveLength(1);
    expect(fakes.inventory({ vendor: "stripe" })).toEqual([
      expect.objectContaining({ object: "invoice", id: finalised.id, deletable: false, credential: KEY }),
    ]);
  });

  it("refuses unknown and missing parameters with Stripe's error object", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: an unknown parameter on purpose
    const bogus = { email: "a@example.com", favourite_colour: "teal" } as any;
    await expect(stripe().customers.create(bogus)).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "parameter_unknown",
      param: "favourite_colour",
      statusCode: 400,
    });
    // biome-ignore lint/suspicious/noExplicitAny: a missing required parameter on purpose
    await expect(stripe().invoices.create({} as any)).rejects.toMatchObject({
      code: "parameter_missing",
      param: "customer",
    });
    await expect(stripe().customers.retrieve("cus_missing")).rejects.toMatchObject({
      code: "resource_missing",
      statusCode: 404,
    });
  });

  it("replays an Idempotency-Key's first answer and refuses the key with other parameters", async () => {
    const first = await stripe().customers.create({ email: "once@example.com" }, { idempotencyKey: "key-1" });
    const replay = await stripe().customers.create(
      { email: "once@example.com" },
      { idempotencyKey: "key-1" },
    );
    expect(replay.id).toBe(first.id);
    expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(fakes.stripe.customers({ apiKey: KEY })).toHaveLength(1);
    await expect(
      stripe().customers.create({ email: "twice@example.com" }, { idempotencyKey: "key-1" }),
    ).rejects.toMatchObject({
      type: "StripeIdempotencyError",
      statusCode: 400,
    });
  });

  it("keeps each API key's customers apart", async () => {
    const other = new Stripe("sk_test_otherTenantKey", {
      maxNetworkRetries: 0,
      ...(mode === "loopback" ? stripeLoopbackOptions(loopback().url) : {}),
    });
    const mine = await stripe().customers.create({ email: "mine@example.com" });
    expect((await other.customers.list()).data).toEqual([]);
    await expect(other.customers.retrieve(mine.id)).rejects.toMatchObject({ code: "resource_missing" });
  });
});

describe("Stripe over raw fetch", () => {
  const base = () => loopbackEnv("STRIPE_API_BASE_URL");

  it("refuses a missing or malformed API key with 401", async () => {
    const missing = await fetch(`${base()}/v1/customers`);
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toMatchObject({ type: "invalid_request_error" });
    const wrong = await fetch(`${base()}/v1/customers`, { headers: { authorization: "Bearer not-a-key" } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("api_key_invalid");
  });

  it("accepts basic auth with the key as user name", async () => {
    const response = await fetch(`${base()}/v1/customers`, {
      headers: { authorization: `Basic ${Buffer.from(`${KEY}:`).toString("base64")}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      object: "list",
      data: [],
      has_more: false,
      url: "/v1/customers",
    });
  });

  it("answers an unknown path with Stripe's unrecognised-URL error, and records it", async () => {
    const response = await fetch(`${base()}/v1/charges`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/charges\)/);
    expect(fakes.requests({ vendor: "stripe" })).toEqual([
      expect.objectContaining({ path: "/v1/charges", outcome: "not-found", status: 404 }),
    ]);
  });

  it("refuses a JSON body and a malformed nested key", async () => {
    const headers = { authorization: `Bearer ${KEY}` };
    const asJson = await fetch(`${base()}/v1/customers`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ email: "a@example.com" }),
    });
    expect(asJson.status).toBe(400);
    const broken = await fetch(`${base()}/v1/customers`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: "metadata[a=1",
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.type).toBe("invalid_request_error");
  });

  it("gives the same ids again after reset, from the same seed", async () => {
    const stripe = new Stripe(KEY, { maxNetworkRetries: 0 });
    const first = (await stripe.customers.create({ email: "seeded@example.com" })).id;
    fakes.reset();
    expect((await stripe.customers.create({ email: "seeded@example.com" })).id).toBe(first);
  });
});

describe("Stripe customer search", () => {
  it("finds customers by tenant metadata and email, refuses a mixed or malformed query", async () => {
    const stripe = new Stripe(KEY, { maxNetworkRetries: 0 });
    const ada = await stripe.customers.create({
      email: "ada@example.com",
      metadata: { crmfactory_tenant_id: "t1" },
    });
    await stripe.customers.create({ email: "grace@example.com", metadata: { crmfactory_tenant_id: "t2" } });
    const byTenant = await stripe.customers.search({ query: "metadata['crmfactory_tenant_id']:'t1'" });
    expect(byTenant).toMatchObject({ object: "search_result", has_more: false });
    expect(byTenant.data.map((customer) => customer.id)).toEqual([ada.id]);
    const both = await stripe.customers.search({
      query: "email:'ADA@example.com' OR email:'grace@example.com'",
    });
    expect(both.data).toHaveLength(2);
    expect(
      (
        await stripe.customers.search({ query: "email~'example' AND -metadata['crmfactory_tenant_id']:'t2'" })
      ).data.map((c) => c.id),
    ).toEqual([ada.id]);
    await expect(
      stripe.customers.search({ query: "email:'a' AND name:'b' OR name:'c'" }),
    ).rejects.toMatchObject({ param: "query", statusCode: 400 });
    await expect(stripe.customers.search({ query: "email=ada" })).rejects.toMatchObject({ param: "query" });
    await stripe.customers.del(ada.id);
    expect((await stripe.customers.search({ query: "metadata['crmfactory_tenant_id']:'t1'" })).data).toEqual(
      [],
    );
  });
});

describe("Stripe expand", () => {
  it("expands an invoice's customer and refuses what it cannot expand", async () => {
    const stripe = new Stripe(KEY, { maxNetworkRetries: 0 });
    const customer = await stripe.customers.create({ email: "expand@example.com" });
    const invoice = await stripe.invoices.create({ customer: customer.id });
    const expanded = await stripe.invoices.retrieve(invoice.id, { expand: ["customer"] });
    expect(expanded.customer).toMatchObject({
      id: customer.id,
      object: "customer",
      email: "expand@example.com",
    });
    const listed = await stripe.invoices.list({ customer: customer.id, expand: ["data.customer"] });
    expect(listed.data[0]?.customer).toMatchObject({ id: customer.id });
    await expect(
      stripe.customers.retrieve(customer.id, { expand: ["default_source"] }),
    ).rejects.toMatchObject({ param: "expand", statusCode: 400 });
  });
});
