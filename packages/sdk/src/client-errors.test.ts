import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PrivacyClientOptions } from "./client.js";
import { BASE, problem, routes, testClient } from "./client.test-support.js";
import { problemType } from "./error-mapping.js";
import {
  ConnectionError,
  IdempotencyKeyReusedError,
  InvalidResponseError,
  NotFoundError,
  PrivacyError,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
  UsageError,
  ValidationError,
  VerificationFailedError,
} from "./errors.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const RR_ID = "0b6f3c2e-8d1a-4f5e-9c7b-2a4d6e8f0a1b";

describe.each(routes)("errors through the client, %s", (_route, throughRaw) => {
  const client = (options: Partial<PrivacyClientOptions> = {}) => testClient(throughRaw, options);

  it("throws NotFoundError with the problem and the request id", async () => {
    server.use(http.get(`${BASE}/rights-requests/:id`, () => problem(404, "not-found")));
    const error = await client()
      .rightsRequests.get(RR_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      requestId: "req_header",
      problem: {
        type: "https://crmfactory.ai/problems/not-found",
        detail: "not-found happened",
        requestId: "req_body",
      },
    });
  });

  it("maps validation, verification and idempotency problems", async () => {
    server.use(
      http.post(`${BASE}/rights-requests`, () =>
        problem(400, "validation-failed", {
          errors: [{ path: "/body/kind", message: "must be one of the kinds" }],
        }),
      ),
      http.post(`${BASE}/rights-requests/:id/verify`, () => problem(422, "verification-failed")),
      http.post(`${BASE}/rights-requests/:id/extend`, () => problem(409, "idempotency-key-reused")),
    );
    const privacy = client();
    const validation = await privacy.rightsRequests.create({ kind: "access" }).catch((e: unknown) => e);
    expect(validation).toBeInstanceOf(ValidationError);
    expect((validation as ValidationError).errors).toEqual([
      { path: "/body/kind", message: "must be one of the kinds" },
    ]);
    const verification = await privacy.rightsRequests
      .verify(RR_ID, { code: "000000" })
      .catch((e: unknown) => e);
    expect(verification).toBeInstanceOf(VerificationFailedError);
    expect((verification as VerificationFailedError).type).toBe(problemType("verification-failed"));
    const reused = await privacy.rightsRequests
      .extend(RR_ID, { reason: "a reason long enough" }, { idempotencyKey: "k1" })
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it("retries 429 and 503 (same idempotency key), then throws the typed error", async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/exports`, ({ request }) => {
        keys.push(request.headers.get("idempotency-key"));
        return problem(429, "rate-limited", {});
      }),
    );
    const privacy = client();
    const error = await privacy.exports.create({ scope: { type: "tenant" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(privacy.sleeps).toEqual([250, 500]);
  });

  it("honours Retry-After through the client", async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/audit-trail/head`, () =>
        ++attempts === 1
          ? HttpResponse.json({}, { status: 503, headers: { "Retry-After": "3" } })
          : HttpResponse.json({ sequence: 0, hash: "0".repeat(64), at: null }),
      ),
    );
    const privacy = client();
    await privacy.audit.head();
    expect(privacy.sleeps).toEqual([3_000]);
  });

  it("gives a ServerError for a non-JSON gateway page", async () => {
    server.use(
      http.get(
        `${BASE}/tenant`,
        () => new HttpResponse("<h1>Bad gateway</h1>", { status: 502, statusText: "Bad Gateway" }),
      ),
    );
    const error = await client({ retries: false })
      .tenant.get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).message).toBe("502 Bad Gateway: <h1>Bad gateway</h1>");
  });

  it("does not retry a 404", async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/exports/:id`, () => {
        attempts++;
        return problem(404, "not-found");
      }),
    );
    await expect(client().exports.get("e1")).rejects.toBeInstanceOf(NotFoundError);
    expect(attempts).toBe(1);
  });

  it("throws ConnectionError when the network fails", async () => {
    server.use(http.get(`${BASE}/tenant`, () => HttpResponse.error()));
    await expect(client().tenant.get()).rejects.toBeInstanceOf(ConnectionError);
  });

  it("ends the retries at once with RateLimitError when Retry-After exceeds the cap", async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/tenant`, () => {
        attempts++;
        return HttpResponse.json(
          { type: problemType("rate-limited"), title: "Rate limited", status: 429 },
          { status: 429, headers: { "Retry-After": "3600" } },
        );
      }),
    );
    const privacy = client();
    const error = await privacy.tenant.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(attempts).toBe(1);
    expect(privacy.sleeps).toEqual([]);
  });

  it("retries: false shows each answer as it came, on the client or per call", async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/tenant`, () => {
        attempts++;
        return problem(503, "unavailable");
      }),
    );
    await expect(client({ retries: false }).tenant.get()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(attempts).toBe(1);
    await expect(client().tenant.get({ retries: false })).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(attempts).toBe(2);
    await expect(client({ retries: false }).tenant.get({ retries: { maxRetries: 1 } })).rejects.toThrow();
    expect(attempts).toBe(4);
  });

  it("throws InvalidResponseError for malformed JSON on a 2xx, with the response", async () => {
    server.use(
      http.get(
        `${BASE}/tenant`,
        () =>
          new HttpResponse('{"id": "t1",', {
            headers: { "Content-Type": "application/json", "X-Request-Id": "req_7" },
          }),
      ),
    );
    const error = await client()
      .tenant.get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toBeInstanceOf(PrivacyError);
    expect(error).toMatchObject({
      reason: "malformed-json",
      status: 200,
      requestId: "req_7",
      body: '{"id": "t1",',
    });
    expect((error as InvalidResponseError).message).toMatch(
      new RegExp(`^GET ${BASE}/tenant: the 200 response's body is not valid JSON`),
    );
    expect((error as InvalidResponseError).response.status).toBe(200);
  });

  it("throws InvalidResponseError for an empty body where the contract defines one", async () => {
    server.use(http.get(`${BASE}/tenant`, () => new HttpResponse(null, { status: 200 })));
    server.use(http.post(`${BASE}/exports`, () => new HttpResponse(null, { status: 204 })));
    const privacy = client();
    await expect(privacy.tenant.get()).rejects.toMatchObject({
      name: "InvalidResponseError",
      reason: "empty-body",
    });
    await expect(privacy.exports.create({ scope: { type: "tenant" } })).rejects.toMatchObject({
      reason: "empty-body",
      status: 204,
    });
  });

  it.each([
    ["an array", [1, 2]],
    ["a page without data", { nextCursor: null }],
    ["a page whose data is not an array", { data: {}, nextCursor: null }],
    ["a page without its cursor", { data: [] }],
    ["a page with a numeric cursor", { data: [], nextCursor: 2 }],
  ])("throws InvalidResponseError for a list answer that is %s, however it is read", async (_, body) => {
    server.use(http.get(`${BASE}/rights-requests`, () => HttpResponse.json(body)));
    const privacy = client();
    await expect(privacy.rightsRequests.list()).rejects.toMatchObject({
      name: "InvalidResponseError",
      reason: "not-a-page",
      status: 200,
      body,
    });
    const iterate = async () => {
      for await (const request of privacy.rightsRequests.list()) void request;
    };
    await expect(iterate()).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it("refuses an empty path parameter before sending anything", async () => {
    const error = await client()
      .rightsRequests.get("")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(
      "GET /rights-requests/{requestId}: {requestId} must be a non-empty string, got an empty string",
    );
  });

  it("refuses invalid per-request options before sending anything", async () => {
    const privacy = client();
    await expect(privacy.tenant.get({ timeoutMs: -1 })).rejects.toBeInstanceOf(UsageError);
    await expect(privacy.tenant.get({ retries: { maxRetries: Number.NaN } })).rejects.toBeInstanceOf(
      UsageError,
    );
  });
});
