import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PrivacyClientOptions } from "./client.js";
import { BASE, problem, routes, testClient } from "./client.test-support.js";
import { AuthenticationError } from "./errors.js";
import { createTransport } from "./transport.js";

// Contract 0.2: a session rotates automatically once old enough. The response to the next call carries
// the new token in `CRMFactory-Rotated-Token`, and the old token stops working at once. The client takes
// up the new token for every later call and tells the application through `onTokenRotated`.

const OLD = "tok_old_0123456789abcdef0123456789ab";
const NEW = "tok_new_0123456789abcdef0123456789ab";
const NEWER = "tok_newer_0123456789abcdef012345678";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/**
 * A server holding one live session token: a call with another gets 401. With `automatic`, the first
 * call rotates the session (`CRMFactory-Rotated-Token`, optionally on a failed answer); otherwise
 * `POST /sessions/current/rotate` does. Records the token of every request.
 */
function sessionServer(options: { automatic?: boolean; failRotatingCallWith?: number } = {}) {
  const { automatic = true, failRotatingCallWith } = options;
  let live = OLD;
  const seen: string[] = [];
  server.use(
    http.all(`${BASE}/*`, ({ request }) => {
      const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
      seen.push(token);
      if (token !== live) return problem(401, "unauthenticated");
      const path = new URL(request.url).pathname;
      if (!automatic && path.endsWith("/sessions/current/rotate")) {
        live = NEWER;
        const session = {
          session: { id: "s_1" },
          token: NEWER,
          tokenType: "Bearer",
          expiresAt: "2026-05-02T09:00:00.000Z",
        };
        return HttpResponse.json(session, { status: 201 });
      }
      if (automatic && live === OLD) {
        live = NEW;
        const headers = { "CRMFactory-Rotated-Token": NEW };
        if (failRotatingCallWith) {
          const failed = { type: "about:blank", title: "Unavailable", status: failRotatingCallWith };
          return HttpResponse.json(failed, { status: failRotatingCallWith, headers });
        }
        return HttpResponse.json({ id: "t_1", path }, { headers });
      }
      // A list answers a page, as the contract says; every other path the one resource.
      if (path.endsWith("/contacts")) return HttpResponse.json({ data: [], nextCursor: null });
      return HttpResponse.json({ id: "t_1", path });
    }),
  );
  return seen;
}

describe.each(routes)("automatic session rotation, %s", (_route, throughRaw) => {
  const client = (options: Partial<PrivacyClientOptions> = {}) =>
    testClient(throughRaw, { apiKey: OLD, ...options });

  it("uses the new token for every later call and tells the application once", async () => {
    const seen = sessionServer();
    const rotations: string[] = [];
    const privacy = client({ onTokenRotated: (token) => rotations.push(token) });
    await privacy.tenant.get();
    expect(rotations).toEqual([NEW]);
    await privacy.contacts.list().firstPage();
    await privacy.billing.get();
    expect(seen).toEqual([OLD, NEW, NEW]);
    expect(rotations).toEqual([NEW]);
  });

  it("without the option, still switches to the new token", async () => {
    const seen = sessionServer();
    const privacy = client();
    await privacy.tenant.get();
    await privacy.tenant.get();
    expect(seen).toEqual([OLD, NEW]);
  });

  it("retries an attempt that rotated and failed with the new token", async () => {
    const seen = sessionServer({ failRotatingCallWith: 503 });
    const rotations: string[] = [];
    const privacy = client({ onTokenRotated: (token) => rotations.push(token) });
    await expect(privacy.tenant.get()).resolves.toMatchObject({ id: "t_1" });
    expect(seen).toEqual([OLD, NEW]);
    expect(rotations).toEqual([NEW]);
  });

  it("keeps the client's token when the call was made with another token", async () => {
    const seen = sessionServer();
    const rotations: string[] = [];
    const privacy = client({
      apiKey: "tok_client_0123456789abcdef012345",
      onTokenRotated: (t) => rotations.push(t),
    });
    await privacy.tenant.get({ headers: { Authorization: `Bearer ${OLD}` } });
    expect(rotations).toEqual([NEW]);
    await expect(privacy.tenant.get()).rejects.toBeInstanceOf(AuthenticationError);
    expect(seen).toEqual([OLD, "tok_client_0123456789abcdef012345"]);
  });

  it("passes an exception of onTokenRotated to the caller as it is, never retried", async () => {
    const seen = sessionServer();
    const failure = new Error("could not store the token");
    const privacy = client({
      onTokenRotated: () => {
        throw failure;
      },
    });
    await expect(privacy.tenant.get()).rejects.toBe(failure);
    expect(seen).toEqual([OLD]);
    await privacy.tenant.get();
    expect(seen).toEqual([OLD, NEW]);
  });

  it("takes up the token sessions.rotate() returns", async () => {
    const seen = sessionServer({ automatic: false });
    const rotations: string[] = [];
    const privacy = client({ onTokenRotated: (token) => rotations.push(token) });
    const rotated = await privacy.sessions.rotate();
    expect(rotated.token).toBe(NEWER);
    expect(rotations).toEqual([NEWER]);
    await privacy.tenant.get();
    expect(seen).toEqual([OLD, NEWER]);
  });
});

/**
 * Two calls sent with the old token: the first rotates the session; the second, arriving after it,
 * gets 401, held back until the client has taken up the new token (as when the first answer is read
 * before the second). Records the token of every request, by path.
 */
function raceServer(rotated: Promise<unknown>) {
  let live = OLD;
  const seen: string[] = [];
  server.use(
    http.get(`${BASE}/:resource`, async ({ request, params }) => {
      const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
      seen.push(`${params.resource} ${token}`);
      if (token === live && live === OLD) {
        live = NEW;
        return HttpResponse.json({ id: "t_1" }, { headers: { "CRMFactory-Rotated-Token": NEW } });
      }
      if (token !== live) {
        await rotated;
        return problem(401, "unauthenticated");
      }
      return HttpResponse.json({ id: "t_1" });
    }),
  );
  return seen;
}

describe.each(routes)("a call in flight while another rotates the session, %s", (_route, throughRaw) => {
  function racingClient(options: Partial<PrivacyClientOptions> = {}) {
    let heard: (token: string) => void = () => {};
    const rotated = new Promise<string>((resolve) => {
      heard = resolve;
    });
    const seen = raceServer(rotated);
    const privacy = testClient(throughRaw, {
      apiKey: OLD,
      onTokenRotated: (token) => heard(token),
      ...options,
    });
    return { privacy, seen, rotated };
  }

  it("is retried once with the new token, without a backoff", async () => {
    const { privacy, seen, rotated } = racingClient();
    const [tenant, billing] = await Promise.all([privacy.tenant.get(), privacy.billing.get()]);
    expect(tenant).toEqual({ id: "t_1" });
    expect(billing).toEqual({ id: "t_1" });
    await expect(rotated).resolves.toBe(NEW);
    expect(seen).toEqual([`tenant ${OLD}`, `billing ${OLD}`, `billing ${NEW}`]);
    expect(privacy.sleeps).toEqual([0]);
  });

  it("with `retries: false` on the call, gets its 401 as an AuthenticationError", async () => {
    const { privacy, seen } = racingClient();
    const [tenant, billing] = await Promise.allSettled([
      privacy.tenant.get(),
      privacy.billing.get({ retries: false }),
    ]);
    expect(tenant).toMatchObject({ status: "fulfilled", value: { id: "t_1" } });
    expect(billing).toMatchObject({ status: "rejected", reason: expect.any(AuthenticationError) });
    expect(seen).toEqual([`tenant ${OLD}`, `billing ${OLD}`]);
    // The client has the new token all the same.
    await privacy.billing.get();
    expect(seen.at(-1)).toBe(`billing ${NEW}`);
  });

  it("with `retries: false` on the client, gets its 401 as an AuthenticationError", async () => {
    const { privacy, seen } = racingClient({ retries: false });
    const [, billing] = await Promise.allSettled([privacy.tenant.get(), privacy.billing.get()]);
    expect(billing).toMatchObject({ status: "rejected", reason: expect.any(AuthenticationError) });
    expect((billing as PromiseRejectedResult).reason.status).toBe(401);
    expect(seen).toEqual([`tenant ${OLD}`, `billing ${OLD}`]);
  });

  it("is not retried when the call was sent with a token the client never held", async () => {
    const { privacy, seen } = racingClient();
    const other = "tok_other_0123456789abcdef012345678";
    const [, billing] = await Promise.allSettled([
      privacy.tenant.get(),
      privacy.billing.get({ headers: { Authorization: `Bearer ${other}` } }),
    ]);
    expect(billing).toMatchObject({ status: "rejected", reason: expect.any(AuthenticationError) });
    expect(seen).toEqual([`tenant ${OLD}`, `billing ${other}`]);
  });
});

describe("rotation edge cases", () => {
  it("a 401 to a call sent with the current token is final", async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/tenant`, ({ request }) => {
        seen.push(request.headers.get("authorization") ?? "");
        return problem(401, "unauthenticated");
      }),
    );
    const privacy = testClient(false, { apiKey: OLD });
    await expect(privacy.tenant.get()).rejects.toBeInstanceOf(AuthenticationError);
    expect(seen).toEqual([`Bearer ${OLD}`]);
  });

  it("a client without a token never takes one up, though the application hears of it", async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/meta`, ({ request }) => {
        seen.push(request.headers.get("authorization"));
        return HttpResponse.json({ mode: "test" }, { headers: { "CRMFactory-Rotated-Token": NEW } });
      }),
    );
    const rotations: string[] = [];
    const anonymous = testClient(false, { apiKey: null, onTokenRotated: (token) => rotations.push(token) });
    await anonymous.meta.get();
    await anonymous.meta.get();
    expect(seen).toEqual([null, null]);
    expect(rotations).toEqual([NEW, NEW]);
  });

  it("a sessions.rotate() answer without a token leaves the client's token", async () => {
    const seen: string[] = [];
    server.use(
      http.all(`${BASE}/*`, ({ request }) => {
        seen.push(request.headers.get("authorization") ?? "");
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    const rotations: string[] = [];
    const privacy = testClient(false, { apiKey: OLD, onTokenRotated: (token) => rotations.push(token) });
    await privacy.sessions.rotate();
    await privacy.tenant.get();
    expect(seen).toEqual([`Bearer ${OLD}`, `Bearer ${OLD}`]);
    expect(rotations).toEqual([]);
  });
});

describe("automatic session rotation through createTransport", () => {
  it("sends later requests with the new token", async () => {
    const seen = sessionServer();
    const rotations: string[] = [];
    const transport = createTransport({ apiKey: OLD, onTokenRotated: (token) => rotations.push(token) });
    expect((await transport(new Request(`${BASE}/tenant`))).status).toBe(200);
    expect((await transport(new Request(`${BASE}/tenant`))).status).toBe(200);
    expect(seen).toEqual([OLD, NEW]);
    expect(rotations).toEqual([NEW]);
  });

  it("refuses an onTokenRotated that is not a function", () => {
    expect(() => createTransport({ apiKey: OLD, onTokenRotated: "log" as never })).toThrow(/onTokenRotated/);
  });
});
