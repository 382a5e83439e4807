import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SDK_USER_AGENT, type TransportOptions } from "./client-settings.js";
import { ConnectionError, TimeoutError, UsageError } from "./errors.js";
import { createTransport } from "./transport.js";

const BASE = "https://api.crmfactory.test/v1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Seen {
  method: string;
  headers: Headers;
  body: string;
}

/** Answers with each response in turn (the last one repeats) and records every request. */
function sequence(
  method: "get" | "post" | "put" | "patch" | "delete",
  path: string,
  responses: (() => Response)[],
) {
  const seen: Seen[] = [];
  server.use(
    http[method](`${BASE}${path}`, async ({ request }) => {
      seen.push({ method: request.method, headers: request.headers, body: await request.text() });
      const respond = responses[Math.min(seen.length - 1, responses.length - 1)];
      if (!respond) throw new Error("no response configured");
      return respond();
    }),
  );
  return seen;
}

const ok = () => HttpResponse.json({ ok: true });
const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    HttpResponse.json({ type: "about:blank", title: "x", status: code }, { status: code, headers });

/** A transport that records its waits instead of waiting. */
function testTransport(options: Partial<TransportOptions> = {}) {
  const sleeps: number[] = [];
  const transport = createTransport({
    apiKey: "sk_test_123",
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { transport, sleeps };
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", ...headers },
  });
}

describe("request shape", () => {
  it("authenticates every request and identifies the SDK", async () => {
    const seen = sequence("get", "/subprocessors", [ok]);
    const { transport } = testTransport({ userAgent: "acme-crm/2.0" });
    const response = await transport(new Request(`${BASE}/subprocessors`));
    expect(await response.json()).toEqual({ ok: true });
    expect(seen[0]?.headers.get("authorization")).toBe("Bearer sk_test_123");
    expect(seen[0]?.headers.get("user-agent")).toBe(`acme-crm/2.0 ${SDK_USER_AGENT}`);
    expect(seen[0]?.headers.get("accept")).toBe("application/json, application/problem+json");
  });

  it("sends no Idempotency-Key on GET", async () => {
    const seen = sequence("get", "/rights-requests", [ok]);
    const { transport } = testTransport();
    await transport(new Request(`${BASE}/rights-requests`), { idempotencyKey: "ignored" });
    expect(seen[0]?.headers.has("idempotency-key")).toBe(false);
  });

  it.each(["post", "put", "patch", "delete"] as const)(
    "sends a fresh UUID Idempotency-Key on %s",
    async (method) => {
      const seen = sequence(method, "/things/1", [ok]);
      const { transport } = testTransport();
      const init = { method: method.toUpperCase(), ...(method !== "delete" && { body: "{}" }) };
      await transport(new Request(`${BASE}/things/1`, init));
      await transport(new Request(`${BASE}/things/1`, init));
      const [first, second] = seen.map((request) => request.headers.get("idempotency-key"));
      expect(first).toMatch(UUID);
      expect(second).toMatch(UUID);
      expect(first).not.toBe(second);
    },
  );

  it("uses the caller's idempotency key, else one already on the request", async () => {
    const seen = sequence("post", "/rights-requests", [ok]);
    const { transport } = testTransport();
    await transport(post("/rights-requests", {}), { idempotencyKey: "order-42" });
    await transport(post("/rights-requests", {}, { "Idempotency-Key": "from-header" }));
    expect(seen.map((request) => request.headers.get("idempotency-key"))).toEqual([
      "order-42",
      "from-header",
    ]);
  });

  it("applies per-request headers last and keeps the request's own", async () => {
    const seen = sequence("post", "/rights-requests", [ok]);
    const { transport } = testTransport();
    await transport(post("/rights-requests", { kind: "access" }, { "X-Trace": "t1" }), {
      headers: { Authorization: "Bearer sk_other", "X-Tenant": "ten_1" },
    });
    const headers = seen[0]?.headers;
    expect(headers?.get("authorization")).toBe("Bearer sk_other");
    expect(headers?.get("x-tenant")).toBe("ten_1");
    expect(headers?.get("x-trace")).toBe("t1");
    expect(headers?.get("content-type")).toBe("application/json");
    expect(seen[0]?.body).toBe('{"kind":"access"}');
  });

  it("requires an API key, or an explicit null for the public operations", async () => {
    expect(() => createTransport({ apiKey: "" })).toThrow(UsageError);
    expect(() => createTransport({ apiKey: "tok en" })).toThrow(/no spaces/);
    expect(() => createTransport({ apiKey: "tok\n" })).toThrow(UsageError);
    expect(() => createTransport({ apiKey: "tok", timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createTransport({ apiKey: "tok", retries: { maxRetries: -1 } })).toThrow(/maxRetries/);
    // @ts-expect-error JavaScript callers can forget it (an unset environment variable)
    expect(() => createTransport({ apiKey: undefined })).toThrow(/apiKey/);
    const seen = sequence("post", "/tenants", [ok]);
    await createTransport({ apiKey: null })(post("/tenants", {}));
    expect(seen[0]?.headers.has("authorization")).toBe(false);
  });

  it("hands a custom fetch the complete request of each attempt", async () => {
    const seen: { method: string; url: string; auth: string | null; key: string | null; body: string }[] = [];
    const { transport } = testTransport({
      fetch: async (request) => {
        seen.push({
          method: request.method,
          url: request.url,
          auth: request.headers.get("authorization"),
          key: request.headers.get("idempotency-key"),
          body: await request.text(),
        });
        return new Response("{}", { status: seen.length === 1 ? 503 : 200 });
      },
    });
    await transport(post("/exports", { scope: { type: "tenant" } }), { idempotencyKey: "exp-1" });
    const attempt = { method: "POST", url: `${BASE}/exports`, auth: "Bearer sk_test_123", key: "exp-1" };
    const body = '{"scope":{"type":"tenant"}}';
    expect(seen).toEqual([
      { ...attempt, body },
      { ...attempt, body },
    ]);
  });

  it("gives a custom fetch the attempt's signal, which the timeout aborts", async () => {
    const { transport } = testTransport({
      timeoutMs: 10,
      retries: false,
      fetch: (request) =>
        new Promise((_resolve, reject) => {
          request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
        }),
    });
    await expect(transport(new Request(`${BASE}/audit`))).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("retries", () => {
  it("retries 5xx with jittered exponential backoff, then succeeds", async () => {
    const seen = sequence("get", "/audit", [status(503), status(500), ok]);
    const { transport, sleeps } = testTransport();
    const response = await transport(new Request(`${BASE}/audit`));
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]); // random 0.5 x ceilings 500 and 1000
  });

  it("cancels the body of a response it retries, so its connection is released", async () => {
    let cancelled = 0;
    const { transport } = testTransport({
      fetch: async () =>
        cancelled === 0
          ? new Response(new ReadableStream({ cancel: () => void cancelled++ }), { status: 503 })
          : new Response("{}", { status: 200 }),
    });
    expect((await transport(new Request(`${BASE}/audit`))).status).toBe(200);
    expect(cancelled).toBe(1);
  });

  it("returns the last error response once the retries are exhausted", async () => {
    const seen = sequence("get", "/audit", [status(502)]);
    const { transport, sleeps } = testTransport();
    const response = await transport(new Request(`${BASE}/audit`));
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ status: 502 });
    expect(seen).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it("honours the retries settings per transport and per request", async () => {
    const seen = sequence("get", "/audit", [status(500)]);
    await testTransport({ retries: { maxRetries: 4 } }).transport(new Request(`${BASE}/audit`));
    expect(seen).toHaveLength(5);
    await testTransport({ retries: { maxRetries: 4 } }).transport(new Request(`${BASE}/audit`), {
      retries: { maxRetries: 0 },
    });
    expect(seen).toHaveLength(6);
    await testTransport().transport(new Request(`${BASE}/audit`), { retries: false });
    expect(seen).toHaveLength(7);
    await testTransport({ retries: false }).transport(new Request(`${BASE}/audit`), {
      retries: { maxRetries: 1 },
    });
    expect(seen).toHaveLength(9);
  });

  it("keeps every backoff within full-jitter bounds for any random source", async () => {
    for (const random of [0, 0.25, 0.999_999]) {
      sequence("get", "/audit", [status(503)]);
      const { transport, sleeps } = testTransport({ random: () => random, retries: { maxRetries: 6 } });
      await transport(new Request(`${BASE}/audit`));
      expect(sleeps).toHaveLength(6);
      sleeps.forEach((ms, retry) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(Math.min(8_000, 500 * 2 ** retry));
        expect(ms).toBe(Math.floor(random * Math.min(8_000, 500 * 2 ** retry)));
      });
    }
  });

  it("retries 429 and 408, honouring Retry-After up to the cap", async () => {
    const seen = sequence("post", "/exports", [
      status(429, { "Retry-After": "2" }),
      status(408, { "Retry-After": "60" }),
      ok,
    ]);
    const { transport, sleeps } = testTransport();
    const response = await transport(post("/exports", { subjectId: "sub_1" }));
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(sleeps).toEqual([2_000, 60_000]);
  });

  it("stops at once at a Retry-After longer than the cap, returning that response", async () => {
    const seen = sequence("get", "/audit", [status(429, { "Retry-After": "86400" }), ok]);
    const { transport, sleeps } = testTransport();
    const response = await transport(new Request(`${BASE}/audit`));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("86400");
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
    sequence("get", "/audit", [status(429, { "Retry-After": "86400" }), ok]);
    const patient = testTransport({ retries: { maxRetryAfterMs: 86_400_000 } });
    expect((await patient.transport(new Request(`${BASE}/audit`))).status).toBe(200);
    expect(patient.sleeps).toEqual([86_400_000]);
  });

  it("retries only the statuses it is told to", async () => {
    const seen = sequence("get", "/audit", [status(409), status(503), ok]);
    const { transport } = testTransport({ retries: { statuses: [409] } });
    expect((await transport(new Request(`${BASE}/audit`))).status).toBe(503);
    expect(seen).toHaveLength(2);
  });

  it("re-sends the same body and the same idempotency key on every retry", async () => {
    const seen = sequence("post", "/rights-requests", [status(500), status(503), ok]);
    const { transport } = testTransport();
    await transport(post("/rights-requests", { kind: "erasure", subject: { email: "a@example.com" } }));
    expect(seen).toHaveLength(3);
    const keys = new Set(seen.map((request) => request.headers.get("idempotency-key")));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(UUID);
    expect(new Set(seen.map((request) => request.body))).toEqual(
      new Set(['{"kind":"erasure","subject":{"email":"a@example.com"}}']),
    );
  });

  it.each([400, 401, 403, 404, 409, 410, 422, 501])("does not retry %i", async (code) => {
    const seen = sequence("post", "/rights-requests", [status(code), ok]);
    const { transport, sleeps } = testTransport();
    const response = await transport(post("/rights-requests", {}));
    expect(response.status).toBe(code);
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("retries network errors, then throws ConnectionError", async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/audit`, () => {
        attempts++;
        return HttpResponse.error();
      }),
    );
    const { transport, sleeps } = testTransport();
    const error = await transport(new Request(`${BASE}/audit?email=a@example.com`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect((error as ConnectionError).message).toContain(`GET ${BASE}/audit (attempt 3) failed: `);
    expect((error as ConnectionError).message).not.toContain("a@example.com");
    expect((error as ConnectionError).cause).toBeDefined();
    expect(attempts).toBe(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it("recovers when a network error is followed by a response", async () => {
    let attempts = 0;
    server.use(http.get(`${BASE}/audit`, () => (++attempts === 1 ? HttpResponse.error() : ok())));
    const { transport } = testTransport();
    expect((await transport(new Request(`${BASE}/audit`))).status).toBe(200);
    expect(attempts).toBe(2);
  });
});

describe("timeouts", () => {
  it("times each attempt out, retries, then throws TimeoutError", async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/audit`, async () => {
        attempts++;
        await delay("infinite");
        return ok();
      }),
    );
    const { transport, sleeps } = testTransport({ timeoutMs: 20, retries: { maxRetries: 1 } });
    const started = performance.now();
    const error = await transport(new Request(`${BASE}/audit`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe(`GET ${BASE}/audit (attempt 2) timed out after 20 ms`);
    expect(attempts).toBe(2);
    expect(sleeps).toEqual([250]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("a per-request timeout overrides the default", async () => {
    server.use(http.get(`${BASE}/audit`, () => delay("infinite")));
    const { transport } = testTransport({ timeoutMs: 60_000, retries: false });
    await expect(transport(new Request(`${BASE}/audit`), { timeoutMs: 10 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });

  it("a slow attempt followed by a fast one succeeds", async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/audit`, async () => {
        if (++attempts === 1) await delay("infinite");
        return ok();
      }),
    );
    const { transport } = testTransport({ timeoutMs: 20 });
    expect((await transport(new Request(`${BASE}/audit`))).status).toBe(200);
    expect(attempts).toBe(2);
  });
});

describe("caller abort", () => {
  it("surfaces as an AbortError and is never retried", async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/audit`, async () => {
        attempts++;
        await delay("infinite");
        return ok();
      }),
    );
    const { transport, sleeps } = testTransport();
    const controller = new AbortController();
    const pending = transport(new Request(`${BASE}/audit`), { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    expect(attempts).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("keeps a custom abort reason", async () => {
    server.use(http.get(`${BASE}/audit`, () => delay("infinite")));
    const reason = new Error("user navigated away");
    const controller = new AbortController();
    const pending = testTransport().transport(new Request(`${BASE}/audit`), { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 10);
    await expect(pending).rejects.toBe(reason);
  });

  it("honours the Request's own signal too", async () => {
    server.use(http.get(`${BASE}/audit`, () => delay("infinite")));
    const controller = new AbortController();
    const pending = testTransport().transport(new Request(`${BASE}/audit`, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("sends nothing when the signal is already aborted", async () => {
    const seen = sequence("get", "/audit", [ok]);
    const error = await testTransport()
      .transport(new Request(`${BASE}/audit`), { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect((error as DOMException).name).toBe("AbortError");
    expect(seen).toHaveLength(0);
  });

  it("makes no further attempt when the caller aborted during the wait, even with a sleep that ignores signals", async () => {
    const controller = new AbortController();
    let attempts = 0;
    const { transport } = testTransport({
      fetch: async () => {
        attempts++;
        return new Response(null, { status: 503 });
      },
      sleep: async () => {
        controller.abort();
      },
    });
    const error = await transport(new Request(`${BASE}/audit`), { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect((error as DOMException).name).toBe("AbortError");
    expect(attempts).toBe(1);
  });

  it("cancels a pending retry wait without another attempt", async () => {
    const seen = sequence("get", "/audit", [status(503)]);
    const controller = new AbortController();
    const { transport } = testTransport({
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
          controller.abort();
        }),
    });
    const error = await transport(new Request(`${BASE}/audit`), { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect((error as DOMException).name).toBe("AbortError");
    expect(seen).toHaveLength(1);
  });
});
