import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiPromise } from "./api-promise.js";
import { createPrivacyClient, type PrivacyClientOptions } from "./client.js";
import { BASE, problem, routes, testClient } from "./client.test-support.js";
import { NotFoundError, TimeoutError, UsageError } from "./errors.js";
import { Paginator } from "./pagination.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const RR_ID = "0b6f3c2e-8d1a-4f5e-9c7b-2a4d6e8f0a1b";
const rightsRequest = { id: RR_ID, kind: "access", status: "verifying" };

describe("createPrivacyClient", () => {
  it("requires a base URL and a token (or an explicit null)", () => {
    expect(() => createPrivacyClient({ baseUrl: "", apiKey: "t" })).toThrow(/baseUrl/);
    expect(() => createPrivacyClient({ baseUrl: BASE, apiKey: "" })).toThrow(/apiKey/);
    expect(() => createPrivacyClient({ baseUrl: BASE, apiKey: null })).not.toThrow();
    // @ts-expect-error JavaScript callers can forget the options
    expect(() => createPrivacyClient()).toThrow(UsageError);
  });

  it.each([
    "privacy.example.com/v1",
    "/v1",
    "ftp://privacy.example.com/v1",
    "https://privacy.example.com/v1?tenant=1",
    "https://privacy.example.com/v1#top",
    "https://user:secret@privacy.example.com/v1",
  ])("refuses the base URL %j when the client is created", (baseUrl) => {
    const refusal = () => createPrivacyClient({ baseUrl, apiKey: "t" });
    expect(refusal).toThrow(UsageError);
    expect(refusal).toThrow(
      /`baseUrl` must be an absolute http\(s\) URL without credentials, query or fragment/,
    );
    expect(refusal).not.toThrow(/secret/);
  });

  it("accepts a base URL with trailing slashes, and calls under it", async () => {
    let url = "";
    server.use(
      http.get(`${BASE}/tenant`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({ id: "t1" });
      }),
    );
    await createPrivacyClient({ baseUrl: `${BASE}//`, apiKey: "t" }).tenant.get();
    expect(url).toBe(`${BASE}/tenant`);
  });
});

describe.each(routes)("resources, %s", (_route, throughRaw) => {
  const client = (options: Partial<PrivacyClientOptions> = {}) => testClient(throughRaw, options);

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
    const list = client().rightsRequests.list({
      status: ["verifying", "received"],
      kind: "access",
      limit: 2,
    });
    expect(list).toBeInstanceOf(Paginator);
    expect(queries).toEqual([]); // lazy
    const first = await list;
    expect(first.data.map((r) => r.id)).toEqual(["rr_1a", "rr_1b"]);
    const ids: string[] = [];
    for await (const request of list) ids.push(request.id);
    expect(ids).toEqual(["rr_1a", "rr_1b", "rr_2a", "rr_2b", "rr_3a", "rr_3b"]);
    expect(queries).toEqual([
      "?status=verifying&status=received&kind=access&limit=2",
      "?status=verifying&status=received&kind=access&limit=2&cursor=p2",
      "?status=verifying&status=received&kind=access&limit=2&cursor=p3",
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
});

describe.each(routes)("per-request options, %s", (_route, throughRaw) => {
  const client = (options: Partial<PrivacyClientOptions> = {}) => testClient(throughRaw, options);

  it("idempotencyKey, headers and retries reach the transport", async () => {
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
        { idempotencyKey: "delete-42", headers: { "X-Trace-Id": "t-1" }, retries: { maxRetries: 1 } },
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
    const privacy = client({ retries: false });
    await expect(privacy.tenant.get({ timeoutMs: 10 })).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const pending = privacy.tenant.get({ signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("client.raw", () => {
  const client = () => testClient(false);

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

describe.each(routes)("results, %s", (_route, throughRaw) => {
  const client = () => testClient(throughRaw);

  it("a call is a real Promise of its body, and withResponse() gives the response of the same request", async () => {
    let requests = 0;
    server.use(
      http.post(`${BASE}/rights-requests`, () => {
        requests++;
        return HttpResponse.json(rightsRequest, {
          status: 201,
          headers: { "X-Request-Id": "req_42", "Idempotent-Replayed": "true" },
        });
      }),
    );
    const pending = client().rightsRequests.create({ kind: "access" });
    expect(pending).toBeInstanceOf(Promise);
    expect(pending).toBeInstanceOf(ApiPromise);
    const { data, response } = await pending.withResponse();
    expect(data).toEqual(rightsRequest);
    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe("req_42");
    expect(response.headers.get("idempotent-replayed")).toBe("true");
    expect(await pending).toEqual(rightsRequest);
    expect(await Promise.all([pending])).toEqual([rightsRequest]);
    expect(requests).toBe(1);
  });

  it("a failure handled only through withResponse() is no unhandled rejection", async () => {
    server.use(http.get(`${BASE}/exports/:id`, () => problem(404, "not-found")));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const error = await client()
        .exports.get("e1")
        .withResponse()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).response.status).toBe(404);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("a paginator is a real Promise of the first page, with its response", async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE}/subprocessors`, () => {
        requests++;
        return HttpResponse.json(
          { data: [{ name: "Stripe" }], nextCursor: null },
          { headers: { "X-Request-Id": "req_9" } },
        );
      }),
    );
    const list = client().subprocessors.list();
    expect(list).toBeInstanceOf(Promise);
    expect(list).toBeInstanceOf(Paginator);
    expect(requests).toBe(0);
    const { data, response } = await list.withResponse();
    expect(data).toEqual({ data: [{ name: "Stripe" }], nextCursor: null });
    expect(response.headers.get("x-request-id")).toBe("req_9");
    expect(await list).toEqual(data);
    expect(await list.toArray({ limit: 5 })).toEqual([{ name: "Stripe" }]);
    expect(requests).toBe(1);
  });
});
