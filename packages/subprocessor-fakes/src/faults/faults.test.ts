import { BlobServiceRateLimited, list } from "@vercel/blob";
import { Resend } from "resend";
import Stripe from "stripe";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubprocessorFakes } from "../create-fakes.js";
import { stripeLoopbackOptions, useFakes } from "../test-support/harness.js";

const { fakes, loopback, loopbackEnv } = useFakes({ seed: "faults" });
const KEY = "sk_test_faultsStripeKey";
const SID = `AC${"d4".repeat(16)}`;

/** stripe-node as shipped, with its backoff sleep zeroed so tests stay fast; its retry rules are untouched. */
function stripe(options: { maxNetworkRetries?: number; timeout?: number; loopback?: boolean } = {}) {
  const client = new Stripe(KEY, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    ...(options.timeout ? { timeout: options.timeout } : {}),
    ...(options.loopback ? stripeLoopbackOptions(loopback().url) : {}),
  });
  Object.assign(client, { getInitialNetworkRetryDelay: () => 0, getMaxNetworkRetryDelay: () => 0 });
  return client;
}

describe("stripe-node meets injected faults", () => {
  it("retries a 500 with the same Idempotency-Key, and the fakes count the retry", async () => {
    const fault = fakes.faults.inject({
      vendor: "stripe",
      endpoint: "customers.create",
      fault: { kind: "status", status: 500 },
      times: 1,
    });
    const customer = await stripe().customers.create({ email: "retry@example.com" });
    expect(customer.email).toBe("retry@example.com");
    expect(fault.counts()).toMatchObject({ matched: 2, injected: 1, retried: 1 });
    const attempts = fakes.requests({ endpoint: "customers.create" });
    expect(attempts.map((request) => request.outcome)).toEqual(["fault", "served"]);
    expect(attempts[0]?.headers["idempotency-key"]).toBe(attempts[1]?.headers["idempotency-key"]);
    expect(attempts[1]?.retryOf).toBe(fault.id);
    expect(fakes.stripe.customers()).toHaveLength(1);
  });

  it("retries a 409", async () => {
    const fault = fakes.faults.inject({ vendor: "stripe", fault: { kind: "status", status: 409 }, times: 1 });
    await stripe().customers.list();
    expect(fault.counts()).toMatchObject({ injected: 1, retried: 1 });
  });

  it("does not retry a bare 429", async () => {
    const fault = fakes.faults.inject({
      vendor: "stripe",
      fault: { kind: "rate-limit", retryAfterSeconds: 1 },
      times: 1,
    });
    await expect(stripe().customers.list()).rejects.toMatchObject({
      type: "StripeRateLimitError",
      statusCode: 429,
    });
    expect(fault.counts()).toMatchObject({ injected: 1, retried: 0 });
  });

  it("retries a 429 that carries Stripe-Should-Retry: true, and stops at maxNetworkRetries", async () => {
    const fault = fakes.faults.inject({
      vendor: "stripe",
      fault: { kind: "rate-limit", retryAfterSeconds: 0, headers: { "stripe-should-retry": "true" } },
    });
    await expect(stripe({ maxNetworkRetries: 2 }).customers.list()).rejects.toMatchObject({
      statusCode: 429,
    });
    expect(fault.counts()).toMatchObject({ injected: 3, retried: 2 });
  });

  it("retries a dropped connection once even with maxNetworkRetries 0 (loopback: ECONNRESET)", async () => {
    const fault = fakes.faults.inject({ vendor: "stripe", fault: { kind: "drop" }, times: 1 });
    await stripe({ maxNetworkRetries: 0, loopback: true }).customers.list();
    expect(fault.counts()).toMatchObject({ injected: 1, retried: 1 });
  });

  it("gives up on a response slower than its timeout (loopback: MSW's mock socket never times out)", async () => {
    fakes.faults.inject({ vendor: "stripe", fault: { kind: "delay", ms: 400 }, times: 1 });
    await expect(
      stripe({ maxNetworkRetries: 0, timeout: 50, loopback: true }).customers.list(),
    ).rejects.toMatchObject({
      type: "StripeConnectionError",
    });
  });

  it("applies a fault to one credential only", async () => {
    fakes.faults.inject({
      vendor: "stripe",
      credential: "sk_test_someoneElse",
      fault: { kind: "status", status: 503 },
    });
    await expect(stripe({ maxNetworkRetries: 0 }).customers.list()).resolves.toMatchObject({
      object: "list",
    });
  });
});

describe("resend-node meets injected faults", () => {
  it("does not retry a 500 or a 429: the error comes back once", async () => {
    const resend = new Resend("re_faultsKey");
    const fault = fakes.faults.inject({ vendor: "resend", fault: { kind: "status", status: 500 }, times: 1 });
    const first = await resend.emails.send({
      from: "a@crmfactory.example",
      to: "b@example.com",
      subject: "first",
      text: "t",
    });
    expect(first.error).toMatchObject({ statusCode: 500, name: "internal_server_error" });
    expect(fakes.requests({ vendor: "resend" })).toHaveLength(1);
    expect(fault.counts()).toMatchObject({ injected: 1, retried: 0 });
    fakes.faults.inject({ vendor: "resend", fault: { kind: "rate-limit", retryAfterSeconds: 2 }, times: 1 });
    const limited = await resend.emails.send({
      from: "a@crmfactory.example",
      to: "b@example.com",
      subject: "second",
      text: "t",
    });
    expect(limited).toMatchObject({
      error: { statusCode: 429, name: "rate_limit_exceeded" },
      headers: { "retry-after": "2" },
    });
    expect(fakes.requests({ vendor: "resend" })).toHaveLength(2);
    expect(fakes.resend.emailsTo("b@example.com")).toEqual([]);
  });
});

describe("twilio-node meets injected faults", () => {
  it("does not retry by default", async () => {
    const fault = fakes.faults.inject({
      vendor: "twilio",
      fault: { kind: "rate-limit", retryAfterSeconds: 1 },
      times: 1,
    });
    await expect(twilio(SID, "token").messages.list()).rejects.toMatchObject({ status: 429, code: 20429 });
    expect(fault.counts()).toMatchObject({ injected: 1, retried: 0 });
  });

  it("with autoRetry, retries a 429 (only a 429: a 503 is not retried)", async () => {
    const client = twilio(SID, "token", { autoRetry: true, maxRetryDelay: 10 });
    const limited = fakes.faults.inject({
      vendor: "twilio",
      fault: { kind: "rate-limit", retryAfterSeconds: 0 },
      times: 2,
    });
    await expect(client.messages.list()).resolves.toEqual([]);
    expect(limited.counts()).toMatchObject({ injected: 2, retried: 2 });
    const unavailable = fakes.faults.inject({
      vendor: "twilio",
      fault: { kind: "status", status: 503 },
      times: 1,
    });
    await expect(client.messages.list()).rejects.toMatchObject({ status: 503 });
    expect(unavailable.counts()).toMatchObject({ injected: 1, retried: 0 });
  });
});

describe("@vercel/blob meets injected faults (over loopback)", () => {
  beforeAll(() => {
    process.env.VERCEL_BLOB_API_URL = loopbackEnv("VERCEL_BLOB_API_URL");
    process.env.VERCEL_BLOB_RETRIES = "1";
  });
  afterAll(() => {
    delete process.env.VERCEL_BLOB_API_URL;
    delete process.env.VERCEL_BLOB_RETRIES;
  });
  const token = "vercel_blob_rw_faultstore_secret";

  it("retries a 503 (service_unavailable) after async-retry's backoff", async () => {
    const fault = fakes.faults.inject({
      vendor: "blob",
      endpoint: "list",
      fault: { kind: "status", status: 503 },
      times: 1,
    });
    await expect(list({ token })).resolves.toMatchObject({ blobs: [], hasMore: false });
    expect(fault.counts()).toMatchObject({ injected: 1, retried: 1 });
  });

  it("does not retry a 429 (rate_limited) and reports its Retry-After", async () => {
    const fault = fakes.faults.inject({
      vendor: "blob",
      fault: { kind: "rate-limit", retryAfterSeconds: 7 },
      times: 1,
    });
    const error = await list({ token }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BlobServiceRateLimited);
    expect((error as BlobServiceRateLimited).retryAfter).toBe(7);
    expect(fault.counts()).toMatchObject({ injected: 1, retried: 0 });
  });
});

describe("fault probabilities follow the seed", () => {
  async function pattern(seed: string): Promise<boolean[]> {
    const local = createSubprocessorFakes({ seed });
    local.faults.inject({ vendor: "stripe", fault: { kind: "status", status: 500 }, probability: 0.5 });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 24; i++) {
      const response = await local.fetch(`https://api.stripe.com/v1/customers?limit=${i + 1}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      outcomes.push(response.status === 500);
    }
    return outcomes;
  }

  it("injects the same requests for the same seed, others for another seed", async () => {
    const first = await pattern("seed-a");
    expect(await pattern("seed-a")).toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThan(0);
    expect(first.filter(Boolean).length).toBeLessThan(24);
    expect(await pattern("seed-b")).not.toEqual(first);
  });

  it("refuses a probability outside [0, 1] and a negative count", () => {
    expect(() => fakes.faults.inject({ vendor: "stripe", fault: { kind: "drop" }, probability: 2 })).toThrow(
      RangeError,
    );
    expect(() => fakes.faults.inject({ vendor: "stripe", fault: { kind: "drop" }, times: -1 })).toThrow(
      RangeError,
    );
  });

  it("refuses an endpoint id the vendor's profile does not list, naming the ones it does", () => {
    expect(() =>
      fakes.faults.inject({ vendor: "stripe", endpoint: "stripe.customers.create", fault: { kind: "drop" } }),
    ).toThrow(
      /the stripe fake has no endpoint "stripe.customers.create" \(its endpoint ids: customers.create, /,
    );
    expect(() =>
      fakes.faults.inject({ vendor: "blob", endpoint: "customers.create", fault: { kind: "drop" } }),
    ).toThrow(RangeError);
    expect(fakes.faults.counts()).toEqual([]);
  });
});
