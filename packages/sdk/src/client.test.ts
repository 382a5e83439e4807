import { createHash } from "node:crypto";
import type { AuditEntry } from "@crmfactory/api";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { createPrivacyClient, type PrivacyClientOptions } from "./client.js";
import {
  ConnectionError,
  IdempotencyKeyReusedError,
  NotFoundError,
  ProblemTypes,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  VerificationFailedError,
} from "./errors.js";
import { Paginator } from "./pagination.js";

const BASE = "https://privacy.crmfactory.test/v1";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const RR_ID = "0b6f3c2e-8d1a-4f5e-9c7b-2a4d6e8f0a1b";
const rightsRequest = { id: RR_ID, kind: "access", status: "verifying" };

function client(options: Partial<PrivacyClientOptions> = {}) {
  const sleeps: number[] = [];
  const privacy = createPrivacyClient({
    baseUrl: BASE,
    apiKey: "tok_live_abc",
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return Object.assign(privacy, { sleeps });
}

function problem(status: number, slug: string, extra: Record<string, unknown> = {}) {
  return HttpResponse.json(
    {
      type: `https://crmfactory.ai/problems/${slug}`,
      title: slug,
      status,
      detail: `${slug} happened`,
      requestId: "req_body",
      ...extra,
    },
    { status, headers: { "Content-Type": "application/problem+json", "X-Request-Id": "req_header" } },
  );
}

describe("createPrivacyClient", () => {
  it("requires a base URL and a token (or an explicit null)", () => {
    expect(() => createPrivacyClient({ baseUrl: "", apiKey: "t" })).toThrow(/baseUrl/);
    expect(() => createPrivacyClient({ baseUrl: BASE, apiKey: "" })).toThrow(/apiKey/);
    expect(() => createPrivacyClient({ baseUrl: BASE, apiKey: null })).not.toThrow();
  });
});

describe("resources", () => {
  it("create: POSTs the body with auth and an idempotency key, and resolves with the created resource", async () => {
    let seen: { headers: Headers; body: unknown } | undefined;
    server.use(
      http.post(`${BASE}/rights-requests`, async ({ request }) => {
        seen = { headers: request.headers, body: await request.json() };
        return HttpResponse.json(rightsRequest, { status: 201 });
      }),
    );
    const created = await client().rightsRequests.create({ kind: "access", description: "all my data" });
    expect(created).toEqual(rightsRequest);
    expect(seen?.body).toEqual({ kind: "access", description: "all my data" });
    expect(seen?.headers.get("authorization")).toBe("Bearer tok_live_abc");
    expect(seen?.headers.get("content-type")).toBe("application/json");
    expect(seen?.headers.get("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("get: fills the path parameter (encoded) and sends no idempotency key", async () => {
    let url: string | undefined;
    let key: string | null = "unset";
    server.use(
      http.get(`${BASE}/rights-requests/:id`, ({ request }) => {
        url = request.url;
        key = request.headers.get("idempotency-key");
        return HttpResponse.json(rightsRequest);
      }),
    );
    expect(await client().rightsRequests.get("a/b c")).toEqual(rightsRequest);
    expect(url).toBe(`${BASE}/rights-requests/a%2Fb%20c`);
    expect(key).toBeNull();
  });

  it("list: returns a paginator that follows cursors and passes filters", async () => {
    const queries: string[] = [];
    server.use(
      http.get(`${BASE}/rights-requests`, ({ request }) => {
        const url = new URL(request.url);
        queries.push(url.search);
        const cursor = url.searchParams.get("cursor");
        const page = cursor === null ? 1 : Number(cursor.slice(1));
        return HttpResponse.json({
          data: [
            { ...rightsRequest, id: `rr_${page}a` },
            { ...rightsRequest, id: `rr_${page}b` },
          ],
          nextCursor: page < 3 ? `p${page + 1}` : null,
        });
      }),
    );
    const list = client().rightsRequests.list({ status: "verifying", kind: "access", limit: 2 });
    expect(list).toBeInstanceOf(Paginator);
    expect(queries).toEqual([]); // lazy
    const first = await list;
    expect(first.data.map((r) => r.id)).toEqual(["rr_1a", "rr_1b"]);
    const ids: string[] = [];
    for await (const request of list) ids.push(request.id);
    expect(ids).toEqual(["rr_1a", "rr_1b", "rr_2a", "rr_2b", "rr_3a", "rr_3b"]);
    expect(queries).toEqual([
      "?status=verifying&kind=access&limit=2",
      "?status=verifying&kind=access&limit=2&cursor=p2",
      "?status=verifying&kind=access&limit=2&cursor=p3",
    ]);
  });

  it("verify and extend: POST their bodies to the request's sub-resources", async () => {
    const bodies: Record<string, unknown> = {};
    server.use(
      http.post(`${BASE}/rights-requests/:id/:action`, async ({ request, params }) => {
        bodies[String(params.action)] = await request.json();
        return HttpResponse.json({ ...rightsRequest, status: "in_progress" });
      }),
    );
    const privacy = client();
    expect((await privacy.rightsRequests.verify(RR_ID, { code: "123456" })).status).toBe("in_progress");
    await privacy.rightsRequests.extend(RR_ID, { reason: "Large volume of records across systems" });
    expect(bodies).toEqual({
      verify: { code: "123456" },
      extend: { reason: "Large volume of records across systems" },
    });
  });

  it("delete: resolves with undefined on 204", async () => {
    server.use(http.delete(`${BASE}/contacts/:id`, () => new HttpResponse(null, { status: 204 })));
    await expect(client().contacts.delete("c1")).resolves.toBeUndefined();
  });

  it("singletons: retention.schedule() and subprocessors.list()", async () => {
    server.use(
      http.get(`${BASE}/retention-schedule`, () => HttpResponse.json({ rules: [] })),
      http.get(`${BASE}/subprocessors`, () =>
        HttpResponse.json({ data: [{ name: "Stripe" }], nextCursor: null }),
      ),
    );
    const privacy = client();
    expect(await privacy.retention.schedule()).toEqual({ rules: [] });
    expect(await privacy.subprocessors.list().toArray({ limit: 10 })).toEqual([{ name: "Stripe" }]);
  });

  it("uploads a profile photo as raw bytes with its content type, and downloads it as a Blob", async () => {
    let seen: { type: string | null; bytes: number[] } | undefined;
    server.use(
      http.put(`${BASE}/users/:id/profile-photo`, async ({ request }) => {
        seen = {
          type: request.headers.get("content-type"),
          bytes: [...new Uint8Array(await request.arrayBuffer())],
        };
        return HttpResponse.json({ id: "u1" });
      }),
      http.get(
        `${BASE}/users/:id/profile-photo`,
        () =>
          new HttpResponse(new Uint8Array([137, 80, 78, 71]), { headers: { "Content-Type": "image/png" } }),
      ),
    );
    const privacy = client();
    await privacy.users.uploadProfilePhoto("u1", {
      data: new Uint8Array([1, 2, 3]),
      contentType: "image/png",
    });
    expect(seen).toEqual({ type: "image/png", bytes: [1, 2, 3] });
    const photo = await privacy.users.getProfilePhoto("u1");
    expect(photo).toBeInstanceOf(Blob);
    expect([...new Uint8Array(await photo.arrayBuffer())]).toEqual([137, 80, 78, 71]);
  });

  it("testClocks.advanceAndWait polls until the clock is ready", async () => {
    let polls = 0;
    const clock = { id: "tc_1", frozenTime: "2027-01-01T00:00:00.000Z" };
    server.use(
      http.post(`${BASE}/test-clocks/tc_1/advance`, () =>
        HttpResponse.json({ ...clock, status: "advancing" }, { status: 202 }),
      ),
      http.get(`${BASE}/test-clocks/tc_1`, () =>
        HttpResponse.json({ ...clock, status: ++polls < 3 ? "advancing" : "ready" }),
      ),
    );
    const ready = await client().testClocks.advanceAndWait(
      "tc_1",
      { frozenTime: "2027-01-01T00:00:00.000Z" },
      { pollIntervalMs: 1 },
    );
    expect(ready.status).toBe("ready");
    expect(polls).toBe(3);
  });

  it("testClocks.advanceAndWait gives up after waitTimeoutMs", async () => {
    server.use(
      http.post(`${BASE}/test-clocks/tc_1/advance`, () =>
        HttpResponse.json({ id: "tc_1", status: "advancing" }),
      ),
      http.get(`${BASE}/test-clocks/tc_1`, () => HttpResponse.json({ id: "tc_1", status: "advancing" })),
    );
    await expect(
      client().testClocks.advanceAndWait(
        "tc_1",
        { frozenTime: "2027-01-01T00:00:00.000Z" },
        { pollIntervalMs: 1, waitTimeoutMs: 20 },
      ),
    ).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("errors through the client", () => {
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
    expect((verification as VerificationFailedError).type).toBe(ProblemTypes.verificationFailed);
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
    const error = await client({ maxRetries: 0 })
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
});

describe("per-request options", () => {
  it("idempotencyKey, headers, maxRetries reach the transport", async () => {
    const seen: Headers[] = [];
    server.use(
      http.post(`${BASE}/deletions`, ({ request }) => {
        seen.push(request.headers);
        return problem(500, "internal");
      }),
    );
    await client()
      .deletions.create(
        { targets: [{ type: "contact", id: RR_ID }] },
        { idempotencyKey: "delete-42", headers: { "X-Trace-Id": "t-1" }, maxRetries: 1 },
      )
      .catch(() => undefined);
    expect(seen).toHaveLength(2);
    for (const headers of seen) {
      expect(headers.get("idempotency-key")).toBe("delete-42");
      expect(headers.get("x-trace-id")).toBe("t-1");
    }
  });

  it("timeoutMs and signal reach the transport", async () => {
    server.use(http.get(`${BASE}/tenant`, () => new Promise<never>(() => {})));
    const privacy = client({ maxRetries: 0 });
    await expect(privacy.tenant.get({ timeoutMs: 10 })).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const pending = privacy.tenant.get({ signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("client.raw", () => {
  it("is the openapi-fetch client, sharing the transport", async () => {
    let auth: string | null = null;
    server.use(
      http.get(`${BASE}/rights-requests/:id`, ({ request }) => {
        auth = request.headers.get("authorization");
        return problem(404, "not-found");
      }),
    );
    const { data, error, response } = await client().raw.GET("/rights-requests/{requestId}", {
      params: { path: { requestId: RR_ID } },
    });
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ type: "https://crmfactory.ai/problems/not-found" });
    expect(response.status).toBe(404);
    expect(auth).toBe("Bearer tok_live_abc");
  });
});

describe("audit.verifyChain", () => {
  function entries(n: number): AuditEntry[] {
    const out: AuditEntry[] = [];
    let prevHash = "0".repeat(64);
    for (let sequence = 1; sequence <= n; sequence++) {
      const entry = {
        sequence,
        at: `2026-04-01T09:${String(sequence).padStart(2, "0")}:00.000Z`,
        actor: { type: "user" as const, id: "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6" },
        action: "user.created",
        target: { type: "user", id: `u${sequence}` },
        prevHash,
      };
      const hash = createHash("sha256")
        .update(prevHash + canonicalJson(entry))
        .digest("hex");
      out.push({ ...entry, hash });
      prevHash = hash;
    }
    return out;
  }

  function serve(trail: AuditEntry[], head = trail.at(-1)) {
    const requests: string[] = [];
    server.use(
      http.get(`${BASE}/audit-trail/head`, () =>
        HttpResponse.json({
          sequence: head?.sequence ?? 0,
          hash: head?.hash ?? "0".repeat(64),
          at: head?.at ?? null,
        }),
      ),
      http.get(`${BASE}/audit-trail/entries`, ({ request }) => {
        const url = new URL(request.url);
        requests.push(url.search);
        const after = Number(url.searchParams.get("afterSequence") ?? 0);
        const limit = Number(url.searchParams.get("limit"));
        const from = Number(url.searchParams.get("cursor") ?? after);
        const data = trail.filter((e) => e.sequence > from).slice(0, limit);
        const last = data.at(-1);
        return HttpResponse.json({
          data,
          nextCursor: last && last.sequence < (trail.at(-1)?.sequence ?? 0) ? String(last.sequence) : null,
        });
      }),
    );
    return requests;
  }

  it("recomputes the chain across pages and reaches the head", async () => {
    const trail = entries(7);
    const requests = serve(trail);
    const result = await client().audit.verifyChain({ pageSize: 3 });
    expect(result).toEqual({ valid: true, checked: 7, last: { sequence: 7, hash: trail[6]?.hash } });
    expect(requests).toEqual(["?limit=3", "?limit=3&cursor=3", "?limit=3&cursor=6"]);
  });

  it("reports a tampered entry, whatever the server claims", async () => {
    const trail = entries(5);
    trail[2] = { ...(trail[2] as AuditEntry), action: "user.deleted" };
    serve(trail);
    expect(await client().audit.verifyChain()).toMatchObject({
      valid: false,
      reason: "hash-mismatch",
      sequence: 3,
    });
  });

  it("reports a listing that stops short of the head", async () => {
    const trail = entries(5);
    serve(trail.slice(0, 3), trail[4]);
    expect(await client().audit.verifyChain()).toMatchObject({ valid: false, reason: "head-not-reached" });
  });

  it("verifies incrementally since a known point", async () => {
    const trail = entries(6);
    const requests = serve(trail);
    const since = { sequence: 4, hash: trail[3]?.hash ?? "" };
    expect(await client().audit.verifyChain({ since })).toMatchObject({ valid: true, checked: 2 });
    expect(requests[0]).toBe("?afterSequence=4&limit=100");
  });
});
