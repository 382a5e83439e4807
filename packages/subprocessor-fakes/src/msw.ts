import { HttpResponse, http, passthrough } from "msw";
import { type SetupServer, setupServer } from "msw/node";
import type { SubprocessorFakes } from "./create-fakes.js";

export interface MswOptions {
  /**
   * Hosts let through to the real network (default: loopback names, so a test can also reach a
   * local server). Every other host no fake serves is recorded and fails as a network error.
   */
  readonly passthroughHosts?: readonly string[];
}

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]", "::1"];

/** MSW handlers serving the fakes on the vendors' real hosts. */
export function createMswHandlers(fakes: SubprocessorFakes, options: MswOptions = {}) {
  const passthroughHosts = new Set(options.passthroughHosts ?? LOOPBACK);
  return [
    http.all("*", async ({ request }) => {
      const { hostname } = new URL(request.url);
      if (!fakes.servesHost(hostname) && passthroughHosts.has(hostname)) return passthrough();
      const result = await fakes.dispatch(request, { via: "msw", publicOrigin: (host) => `https://${host}` });
      if (result.kind === "network-error") return HttpResponse.error();
      return framed(result.response);
    }),
  ];
}

/**
 * Gives every body a Content-Length: clients on keep-alive agents (twilio's axios) wait forever for
 * the end of an unframed mocked body.
 */
async function framed(response: Response): Promise<Response> {
  if (response.body === null || response.headers.has("content-length")) return response;
  const body = await response.arrayBuffer();
  const headers = new Headers(response.headers);
  headers.set("content-length", String(body.byteLength));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * An MSW server for Node serving the fakes (call `listen()` and `close()` yourself). Clients that
 * use Node's `http`/`https` modules or the global `fetch` are intercepted (stripe, twilio, resend);
 * `@vercel/blob` calls the `undici` package's own `fetch`, which MSW does not see: use loopback.
 */
export function setupFakesServer(fakes: SubprocessorFakes, options?: MswOptions): SetupServer {
  return setupServer(...createMswHandlers(fakes, options));
}
