// A rights request filed without a session (contract 0.2, `createPublicRightsRequest`), end to end: a
// client with `apiKey: null` files it and gets a `requestToken`; a client whose `apiKey` is that token
// acts on that one request (verify, read, export, cancel), and on nothing else. The MSW server answers
// as the contract says an implementation does.
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPrivacyClient } from "./client.js";
import { NotFoundError, VerificationFailedError } from "./errors.js";

const BASE = "https://privacy.example.test/v1";
const TENANT = "0b6f3c1e-2d4a-4f8e-9c7b-1a2b3c4d5e6f";
const REQUEST_ID = "3f2e1d0c-9b8a-4776-8564-738291a0b1c2";
const OTHER_REQUEST_ID = "4a3b2c1d-0e9f-4887-9675-849302b1c2d3";
const REQUEST_TOKEN = "rqt_9f8e7d6c5b4a39281706f5e4d3c2b1a0";

const notFound = () =>
  HttpResponse.json(
    { type: "https://crmfactory.ai/problems/not-found", title: "Not found", status: 404 },
    { status: 404, headers: { "Content-Type": "application/problem+json" } },
  );

/** The request as an implementation holds it; its status moves as the calls below move it. */
let request: Record<string, unknown>;
const seen: { method: string; path: string; authorization: string | null }[] = [];

const server = setupServer(
  http.all(`${BASE}/*`, async ({ request: call }) => {
    const path = new URL(call.url).pathname.replace(/^\/v1/, "");
    const authorization = call.headers.get("authorization");
    seen.push({ method: call.method, path, authorization });
    if (call.method === "POST" && path === "/public/rights-requests") {
      // Public: no token is needed, and the answer never says whether the account exists.
      const body = (await call.json()) as { tenantId: string; email: string; request: { kind: string } };
      request = { id: REQUEST_ID, tenantId: body.tenantId, kind: body.request.kind, status: "verifying" };
      return HttpResponse.json({ request, requestToken: REQUEST_TOKEN }, { status: 201 });
    }
    // The request token authorises this one request's own operations, and nothing else.
    const own = new RegExp(
      `^/rights-requests/${REQUEST_ID}(/verify|/verification-code|/export|/receipt|/cancel)?$`,
    );
    if (authorization !== `Bearer ${REQUEST_TOKEN}` || !own.test(path)) return notFound();
    if (path.endsWith("/verify")) {
      const { code } = (await call.json()) as { code: string };
      if (code !== "123456") {
        return HttpResponse.json(
          {
            type: "https://crmfactory.ai/problems/verification-failed",
            title: "Verification failed",
            status: 422,
          },
          { status: 422 },
        );
      }
      request = { ...request, status: "in_progress" };
    }
    if (path.endsWith("/cancel")) request = { ...request, status: "cancelled" };
    if (path.endsWith("/export")) return HttpResponse.json({ schemaVersion: "1", categories: {} });
    return HttpResponse.json(request);
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  seen.length = 0;
});
afterAll(() => server.close());

describe("a rights request without a session", () => {
  it("is filed by a client without a token, then acted on with its request token", async () => {
    // Anyone, signed out: a former user, a user of a closed account, someone locked out.
    const anonymous = createPrivacyClient({ baseUrl: BASE, apiKey: null, retries: false });
    const filed = await anonymous.rightsRequests.createPublic({
      tenantId: TENANT,
      email: "ada@acme.example",
      request: { kind: "access", description: "My account is closed; please send me my data." },
    });
    expect(filed.request).toMatchObject({ id: REQUEST_ID, status: "verifying" });
    expect(seen[0]).toEqual({ method: "POST", path: "/public/rights-requests", authorization: null });

    // The request token is a bearer token: a client with it as its apiKey acts on that request.
    const requester = createPrivacyClient({ baseUrl: BASE, apiKey: filed.requestToken, retries: false });
    await expect(
      requester.rightsRequests.verify(filed.request.id, { code: "000000" }),
    ).rejects.toBeInstanceOf(VerificationFailedError);
    const verified = await requester.rightsRequests.verify(filed.request.id, { code: "123456" });
    expect(verified.status).toBe("in_progress");
    expect((await requester.rightsRequests.get(filed.request.id)).status).toBe("in_progress");
    expect(await requester.rightsRequests.getExport(filed.request.id)).toEqual({
      schemaVersion: "1",
      categories: {},
    });
    expect((await requester.rightsRequests.cancel(filed.request.id)).status).toBe("cancelled");
    expect(seen.slice(1).map((call) => call.authorization)).toEqual(Array(5).fill(`Bearer ${REQUEST_TOKEN}`));
  });

  it("gives the request token nothing beyond its request", async () => {
    const requester = createPrivacyClient({ baseUrl: BASE, apiKey: REQUEST_TOKEN, retries: false });
    await expect(requester.rightsRequests.get(OTHER_REQUEST_ID)).rejects.toBeInstanceOf(NotFoundError);
    await expect(requester.tenant.get()).rejects.toBeInstanceOf(NotFoundError);
    await expect(requester.rightsRequests.list().firstPage()).rejects.toBeInstanceOf(NotFoundError);
  });

  it("cannot be acted on without the token", async () => {
    const anonymous = createPrivacyClient({ baseUrl: BASE, apiKey: null, retries: false });
    await expect(anonymous.rightsRequests.get(REQUEST_ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toEqual([{ method: "GET", path: `/rights-requests/${REQUEST_ID}`, authorization: null }]);
  });
});
