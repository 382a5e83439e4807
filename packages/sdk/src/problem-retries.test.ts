import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BASE, problem, routes, testClient } from "./client.test-support.js";
import { ConflictError, TestClockAdvancingError } from "./errors.js";
import { DEFAULT_RETRY_POLICY, resolveRetryPolicy } from "./retry.js";
import { createTransport } from "./transport.js";

// Contract 0.2: while a tenant's test clock advances, its calls answer `test-clock-advancing` (409, with
// Retry-After), and work once the clock is ready. The SDK retries that problem type by default, whatever
// its status, honouring Retry-After; any other 409 stays final.

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ada = { name: "Ada Lovelace", email: "ada@acme.example" };

const advancing = (retryAfter = "2") => {
  const response = problem(409, "test-clock-advancing");
  response.headers.set("Retry-After", retryAfter);
  return response;
};

/** Answers `test-clock-advancing` `times` times, then the tenant; records each attempt's key. */
function clockReadyAfter(times: number, retryAfter?: string) {
  const keys: (string | null)[] = [];
  server.use(
    http.post(`${BASE}/contacts`, ({ request }) => {
      keys.push(request.headers.get("idempotency-key"));
      return keys.length <= times
        ? advancing(retryAfter)
        : HttpResponse.json({ id: "c_1" }, { status: 201, headers: { "X-Request-Id": "req_ok" } });
    }),
  );
  return keys;
}

describe.each(routes)("test-clock-advancing, %s", (_route, throughRaw) => {
  it("is retried by default, honouring Retry-After, with the same idempotency key", async () => {
    const keys = clockReadyAfter(2);
    const privacy = testClient(throughRaw);
    const { data, response } = await privacy.contacts.create(ada).withResponse();
    expect(data).toEqual({ id: "c_1" });
    expect(response.headers.get("x-request-id")).toBe("req_ok");
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(privacy.sleeps).toEqual([2_000, 2_000]);
  });

  it("throws TestClockAdvancingError, a ConflictError with retryAfterMs, once retries are exhausted", async () => {
    const keys = clockReadyAfter(10, "1");
    const privacy = testClient(throughRaw);
    const error = await privacy.contacts.create(ada).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TestClockAdvancingError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, retryAfterMs: 1_000, requestId: "req_header" });
    expect(keys).toHaveLength(3);
  });

  it("is seen as it came with retries off, or when the problem is not listed", async () => {
    const keys = clockReadyAfter(10);
    await expect(testClient(throughRaw, { retries: false }).contacts.create(ada)).rejects.toBeInstanceOf(
      TestClockAdvancingError,
    );
    expect(keys).toHaveLength(1);
    await expect(
      testClient(throughRaw).contacts.create(ada, { retries: { problems: [] } }),
    ).rejects.toBeInstanceOf(TestClockAdvancingError);
    expect(keys).toHaveLength(2);
  });

  it("ends at once when Retry-After is beyond the cap", async () => {
    const keys = clockReadyAfter(10, "3600");
    const privacy = testClient(throughRaw);
    const error = await privacy.contacts.create(ada).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "TestClockAdvancingError", retryAfterMs: 3_600_000 });
    expect(keys).toHaveLength(1);
    expect(privacy.sleeps).toEqual([]);
  });

  it("leaves every other 409 final", async () => {
    let attempts = 0;
    server.use(
      http.post(`${BASE}/contacts`, () => {
        attempts++;
        return problem(409, "conflict");
      }),
    );
    await expect(testClient(throughRaw).contacts.create(ada)).rejects.toBeInstanceOf(ConflictError);
    expect(attempts).toBe(1);
  });
});

describe("test-clock-advancing through createTransport", () => {
  it("is retried, and a final error's body is still there to read", async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/tenant`, () => (++attempts < 3 ? advancing("0") : problem(409, "last-owner"))),
    );
    const sleeps: number[] = [];
    const transport = createTransport({ apiKey: "tok", sleep: async (ms) => void sleeps.push(ms) });
    const response = await transport(new Request(`${BASE}/tenant`));
    expect(attempts).toBe(3);
    expect(sleeps).toEqual([0, 0]);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ type: "https://crmfactory.ai/problems/last-owner" });
  });
});

describe("retries.problems", () => {
  it("defaults to test-clock-advancing, and takes a list of slugs", () => {
    expect(DEFAULT_RETRY_POLICY.problems).toEqual(["test-clock-advancing"]);
    const policy = resolveRetryPolicy(DEFAULT_RETRY_POLICY, { problems: ["conflict"] });
    expect(policy.problems).toEqual(["conflict"]);
    expect(resolveRetryPolicy(policy, { maxRetries: 1 }).problems).toEqual(["conflict"]);
    expect(() => resolveRetryPolicy(policy, { problems: "conflict" as never })).toThrow(/retries\.problems/);
  });
});
