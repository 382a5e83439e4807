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

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    if (request.url?.endsWith("/stall-body") || request.url?.endsWith("/retention-schedule")) {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write('{"data": [');
      stalled.add(response);
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
    const transport = createTransport({ apiKey: "tok", timeoutMs: 50, maxRetries: 0 });
    const response = await transport(new Request(`${base}/stall-body`));
    expect(response.status).toBe(200);
    const started = performance.now();
    const error = await response.text().catch((e: unknown) => e);
    expect((error as DOMException).name).toBe("TimeoutError");
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
  it("a stalled body surfaces as TimeoutError", async () => {
    const client = createPrivacyClient({
      baseUrl: `${base}/v1`,
      apiKey: "tok",
      timeoutMs: 50,
      maxRetries: 0,
    });
    const error = await client.retention.schedule().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).cause).toMatchObject({ name: "TimeoutError" });
  });
});
