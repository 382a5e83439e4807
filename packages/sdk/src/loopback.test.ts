import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrivacyClient } from "./client.js";
import { TimeoutError } from "./errors.js";
import { createTransport } from "./transport.js";

// Against a real loopback server (no MSW): real fetch honours the attempt's signal while the body
// streams, which is what makes a stalled body time out and a caller abort cancel a download.

const stalled = new Set<ServerResponse>();
let server: Server;
let base: string;
/** How many requests each path got. */
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    const path = request.url ?? "";
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    // `/stall-body` always stalls mid-body; `/v1/audit-trail/head` stalls on its first request only.
    if (
      path.endsWith("/stall-body") ||
      path.endsWith("/retention-schedule") ||
      (path.endsWith("/head") && hit === 1)
    ) {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write('{"data": [');
      stalled.add(response);
      return;
    }
    if (path.endsWith("/head")) {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(`{"sequence":0,"hash":"${"0".repeat(64)}","at":null}`);
      return;
    }
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of stalled) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the attempt signal covers the response body", () => {
  it("a body that stalls after the headers times out", async () => {
    const transport = createTransport({ apiKey: "tok", timeoutMs: 50, retries: false });
    const response = await transport(new Request(`${base}/stall-body`));
    expect(response.status).toBe(200);
    const started = performance.now();
    const error = await response.text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe(`GET ${base}/stall-body (attempt 1) timed out after 50 ms`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("a caller abort cancels a body being read", async () => {
    const transport = createTransport({ apiKey: "tok", timeoutMs: 60_000 });
    const controller = new AbortController();
    const response = await transport(new Request(`${base}/stall-body`), { signal: controller.signal });
    const reading = response.text();
    const reason = new Error("user left the page");
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
  });

  it("a body read in time is unaffected by the timeout that follows", async () => {
    const transport = createTransport({ apiKey: "tok", timeoutMs: 30 });
    const response = await transport(new Request(`${base}/ok`));
    expect(await response.json()).toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 60));
  });
});

describe("through the client", () => {
  it("a body that keeps stalling surfaces as TimeoutError, naming the method and path", async () => {
    const client = createPrivacyClient({
      baseUrl: `${base}/v1`,
      apiKey: "tok",
      timeoutMs: 50,
      retries: { maxRetries: 1, baseDelayMs: 1 },
    });
    const before = hits.get("/v1/retention-schedule") ?? 0;
    const error = await client.retention.schedule().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe(
      `GET ${base}/v1/retention-schedule (attempt 2) timed out after 50 ms while reading the response body`,
    );
    expect(hits.get("/v1/retention-schedule")).toBe(before + 2);
  });

  it("a body that stalls once is retried, and the retry's answer is the result", async () => {
    const client = createPrivacyClient({ baseUrl: `${base}/v1`, apiKey: "tok", timeoutMs: 50 });
    const head = await client.audit.head({ retries: { baseDelayMs: 1 } });
    expect(head).toEqual({ sequence: 0, hash: "0".repeat(64), at: null });
    expect(hits.get("/v1/audit-trail/head")).toBe(2);
  });
});
