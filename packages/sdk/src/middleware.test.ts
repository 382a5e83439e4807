import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import type { Middleware } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BASE, problem, testClient } from "./client.test-support.js";

// Middleware registered with `raw.use()` sees every call of the client: the resource methods take
// the route through openapi-fetch while any is registered.

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe("middleware registered with raw.use()", () => {
  function recording() {
    const seen: { method: string; url: string; key: string | null; auth: string | null; status?: number }[] =
      [];
    const middleware: Middleware = {
      onRequest: ({ request }) => {
        seen.push({
          method: request.method,
          url: request.url,
          key: request.headers.get("idempotency-key"),
          auth: request.headers.get("authorization"),
        });
      },
      onResponse: ({ response }) => {
        const last = seen.at(-1);
        if (last) last.status = response.status;
      },
    };
    return { seen, middleware };
  }

  it("sees every call: resource methods with and without per-request options, lists, raw calls", async () => {
    server.use(
      http.get(`${BASE}/tenant`, () => HttpResponse.json({ id: "t1" })),
      http.post(`${BASE}/exports`, () => HttpResponse.json({ id: "e1" }, { status: 202 })),
      http.get(`${BASE}/subprocessors`, () => HttpResponse.json({ data: [], nextCursor: null })),
    );
    const privacy = testClient(false);
    const { seen, middleware } = recording();
    privacy.raw.use(middleware);
    await privacy.tenant.get();
    await privacy.tenant.get({ timeoutMs: 5_000, headers: { "X-Trace": "1" } });
    await privacy.exports.create({ scope: { type: "tenant" } }, { idempotencyKey: "exp-1", retries: false });
    await privacy.subprocessors.list({ limit: 5 });
    await privacy.raw.GET("/tenant");
    expect(seen).toEqual([
      { method: "GET", url: `${BASE}/tenant`, key: null, auth: "Bearer tok_live_abc", status: 200 },
      { method: "GET", url: `${BASE}/tenant`, key: null, auth: "Bearer tok_live_abc", status: 200 },
      { method: "POST", url: `${BASE}/exports`, key: "exp-1", auth: "Bearer tok_live_abc", status: 202 },
      {
        method: "GET",
        url: `${BASE}/subprocessors?limit=5`,
        key: null,
        auth: "Bearer tok_live_abc",
        status: 200,
      },
      { method: "GET", url: `${BASE}/tenant`, key: null, auth: "Bearer tok_live_abc", status: 200 },
    ]);
    privacy.raw.eject(middleware);
    await privacy.tenant.get();
    expect(seen).toHaveLength(5);
  });

  it("can change the request and answer it, and its answer is decoded like any other", async () => {
    let trace: string | null = null;
    server.use(
      http.get(`${BASE}/tenant`, ({ request }) => {
        trace = request.headers.get("x-trace");
        return HttpResponse.json({ id: "t1" });
      }),
    );
    const privacy = testClient(false);
    privacy.raw.use({
      onRequest: ({ request, schemaPath }) => {
        if (schemaPath === "/retention-schedule") return Response.json({ rules: ["from middleware"] });
        request.headers.set("X-Trace", "added");
        return request;
      },
    });
    await privacy.tenant.get({ retries: false });
    expect(trace).toBe("added");
    expect(await privacy.retention.schedule()).toEqual({ rules: ["from middleware"] });
    privacy.raw.use({ onResponse: () => new Response("not json", { status: 200 }) });
    await expect(privacy.tenant.get()).rejects.toMatchObject({ name: "InvalidResponseError" });
  });

  it("sees the retried call once, with its final answer", async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/tenant`, () =>
        ++attempts < 3 ? problem(503, "unavailable") : HttpResponse.json({ id: "t1" }),
      ),
    );
    const privacy = testClient(false);
    const { seen, middleware } = recording();
    privacy.raw.use(middleware);
    await privacy.tenant.get();
    expect(attempts).toBe(3);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.status).toBe(200);
    expect(privacy.sleeps).toEqual([250, 500]);
  });

  it("gets the path template as schemaPath and the parameters, as for raw's own calls", async () => {
    server.use(http.get(`${BASE}/rights-requests/:id`, () => HttpResponse.json({ id: "rr 1" })));
    const privacy = testClient(false);
    const seen: { schemaPath: string; params: unknown; url: string }[] = [];
    privacy.raw.use({
      onRequest: ({ schemaPath, params, request }) => {
        seen.push({ schemaPath, params, url: request.url });
      },
    });
    await privacy.rightsRequests.get("rr 1");
    await privacy.raw.GET("/rights-requests/{requestId}", { params: { path: { requestId: "rr 1" } } });
    const expected = {
      schemaPath: "/rights-requests/{requestId}",
      params: { path: { requestId: "rr 1" } },
      url: `${BASE}/rights-requests/rr%201`,
    };
    expect(seen).toEqual([expect.objectContaining(expected), expected]);
  });
});
