import { once } from "node:events";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { type SuiteSession, startInProcessSession } from "./suite-session.js";
import type { InProcessTarget, TargetEnvironment } from "./target.js";

const dispatcherKey = Symbol.for("undici.globalDispatcher.1");
type UndiciLike = {
  request(options: {
    origin: string;
    path: string;
    method: string;
    headers?: Record<string, string>;
    body?: string;
  }): Promise<{
    statusCode: number;
    body: { json(): Promise<unknown>; text(): Promise<string> };
  }>;
};
const globalDispatcher = () =>
  (globalThis as unknown as Record<symbol, UndiciLike>)[dispatcherKey] as UndiciLike;

/**
 * A target that ignores the `fetch` it is handed and calls out on its own: each path is one kind of
 * client (global fetch, `node:https`, undici's global dispatcher, raw `net`/`tls` sockets).
 */
function roguePaths(): (environment: TargetEnvironment) => Promise<InProcessTarget> {
  const actions: Record<string, () => Promise<unknown>> = {
    "/global-fetch": async () => {
      const response = await fetch("https://api.stripe.com/v1/customers", {
        method: "POST",
        headers: { authorization: "Bearer sk_test_guardGlobalFetch" },
        body: new URLSearchParams({ email: "ada@guard.example" }),
      });
      return { status: response.status, body: await response.json() };
    },
    "/https": () =>
      new Promise((resolve, reject) => {
        const request = https.request(
          "https://api.resend.com/emails",
          {
            method: "POST",
            headers: { authorization: "Bearer re_guard_https", "content-type": "application/json" },
          },
          (response) => {
            let text = "";
            response.on("data", (chunk) => {
              text += chunk;
            });
            response.on("end", () => resolve({ status: response.statusCode, body: JSON.parse(text) }));
          },
        );
        request.on("error", reject);
        request.end(
          JSON.stringify({
            from: "crm@guard.example",
            to: "grace@guard.example",
            subject: "Hi",
            text: "hello",
          }),
        );
      }),
    // What the `undici` package's `request`/`fetch` do (and @vercel/blob through them): MSW never sees it.
    "/undici": async () => {
      const answer = await globalDispatcher().request({
        origin: "https://api.stripe.com",
        path: "/v1/customers",
        method: "POST",
        headers: {
          authorization: "Bearer sk_test_guardGlobalFetch",
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "email=grace%40guard.example",
      });
      return { status: answer.statusCode, body: await answer.body.json() };
    },
    "/unknown-hosts": async () => {
      const viaFetch = await fetch("https://collector.tracker.example/v1/events", {
        method: "POST",
        body: "ada",
      }).then(
        () => "answered",
        (error: Error) => error.name,
      );
      const viaUndici = await globalDispatcher()
        .request({ origin: "https://ads.tracker.example", path: "/pixel?email=ada", method: "GET" })
        .then(
          () => "answered",
          (error: Error) => error.name,
        );
      return { viaFetch, viaUndici };
    },
    "/net": () => connectOutcome(net.connect({ host: "203.0.113.7", port: 5432 })),
    "/tls": () =>
      connectOutcome(tls.connect({ host: "api.stripe.com", port: 443, servername: "api.stripe.com" })),
  };
  return async () => ({
    async fetch(request) {
      const action = actions[new URL(request.url).pathname];
      if (!action) return new Response(null, { status: 404 });
      return Response.json(await action());
    },
    close: async () => {},
  });
}

async function connectOutcome(socket: net.Socket): Promise<{ connected: boolean; code?: string }> {
  try {
    await once(socket, "connect");
    socket.destroy();
    return { connected: true };
  } catch (error) {
    return { connected: false, code: (error as NodeJS.ErrnoException).code as string };
  }
}

let session: SuiteSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const call = async (target: InProcessTarget, path: string) =>
  (await (await target.fetch(new Request(`http://rogue.test${path}`))).json()) as Record<string, unknown>;

async function startRogue(): Promise<{ session: SuiteSession; target: InProcessTarget }> {
  let target: InProcessTarget | undefined;
  const factory = roguePaths();
  session = await startInProcessSession(async (environment) => {
    target = await factory(environment);
    return target;
  });
  return { session, target: target as InProcessTarget };
}

describe("outbound recording of an in-process session", () => {
  it("serves global fetch, node:https and undici from the fakes, recording each", async () => {
    const { session, target } = await startRogue();
    expect(await call(target, "/global-fetch")).toMatchObject({ status: 200, body: { object: "customer" } });
    expect(await call(target, "/https")).toMatchObject({ status: 200, body: { id: expect.any(String) } });
    expect(await call(target, "/undici")).toMatchObject({
      status: 200,
      body: { email: "grace@guard.example" },
    });
    expect(session.fakes.stripe.customers({ email: "grace@guard.example" })).toHaveLength(1);

    const seen = session.fakes.requests().map((r) => [r.vendor, r.method, r.path, r.via]);
    expect(seen).toEqual([
      ["stripe", "POST", "/v1/customers", "msw"],
      ["resend", "POST", "/emails", "msw"],
      ["stripe", "POST", "/v1/customers", "direct"],
    ]);
    expect(session.outbound()).toEqual({ recorded: 3, unrecorded: [], seesAllTraffic: true });
  });

  it("records requests to hosts no fake serves and fails them as network errors", async () => {
    const { session, target } = await startRogue();
    expect(await call(target, "/unknown-hosts")).toEqual({ viaFetch: "TypeError", viaUndici: "TypeError" });
    const seen = session.fakes.requests().map((r) => [r.vendor, r.host, r.path, r.outcome, r.via]);
    expect(seen).toEqual([
      [null, "collector.tracker.example", "/v1/events", "unknown-host", "msw"],
      [null, "ads.tracker.example", "/pixel", "unknown-host", "direct"],
    ]);
    expect(session.outbound()).toEqual({ recorded: 2, unrecorded: [], seesAllTraffic: true });
  });

  it("refuses raw net and tls connections past the fakes and reports them as unrecorded", async () => {
    const { session, target } = await startRogue();
    expect(await call(target, "/net")).toEqual({ connected: false, code: "ECONNREFUSED" });
    expect(await call(target, "/tls")).toEqual({ connected: false, code: "ECONNREFUSED" });
    expect(session.outbound()).toEqual({
      recorded: 0,
      unrecorded: [
        { host: "203.0.113.7", port: 5432, via: "net" },
        { host: "api.stripe.com", port: 443, via: "tls" },
      ],
      seesAllTraffic: true,
    });
  });

  it("serves the newest open session and reports refused connections to every open one", async () => {
    const first = await startRogue();
    const second = await startRogue();
    try {
      expect(await call(second.target, "/global-fetch")).toMatchObject({ status: 200 });
      expect([first.session.fakes.requests().length, second.session.fakes.requests().length]).toEqual([0, 1]);
      await call(second.target, "/net");
      expect(first.session.outbound().unrecorded).toEqual([{ host: "203.0.113.7", port: 5432, via: "net" }]);
      await second.session.close();
      expect(await call(first.target, "/global-fetch")).toMatchObject({ status: 200 });
      expect([first.session.fakes.requests().length, second.session.fakes.requests().length]).toEqual([1, 1]);
      expect(await call(first.target, "/tls")).toEqual({ connected: false, code: "ECONNREFUSED" });
    } finally {
      await second.session.close();
      await first.session.close();
    }
  });

  it("lets loopback through and puts every hook back on close", async () => {
    await (await fetch("data:,")).arrayBuffer(); // Node creates its default dispatcher on a first fetch
    const before = {
      fetch: globalThis.fetch,
      connect: net.Socket.prototype.connect,
      dispatcher: globalDispatcher(),
    };
    const server = net.createServer((socket) => socket.end());
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as net.AddressInfo;
    try {
      const { session } = await startRogue();
      expect(net.Socket.prototype.connect).not.toBe(before.connect);
      expect(await connectOutcome(net.connect({ host: "127.0.0.1", port }))).toEqual({ connected: true });
      expect(session.outbound().unrecorded).toEqual([]);
      await session.close();
    } finally {
      server.close();
    }
    session = undefined;
    expect(globalThis.fetch).toBe(before.fetch);
    expect(net.Socket.prototype.connect).toBe(before.connect);
    expect(globalDispatcher()).toBe(before.dispatcher);
  });
});
