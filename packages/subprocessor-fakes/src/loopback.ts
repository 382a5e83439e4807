import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SubprocessorFakes } from "./create-fakes.js";
import { baseUrlEnvironment } from "./vendor-profile.js";

export interface LoopbackOptions {
  /** Port to listen on (default 0: one the system picks). */
  readonly port?: number;
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /**
   * The base-URL variables of the fakes' vendor profiles (`fakes.policy`), each pointing at this
   * server's URL for the vendor's default base URL: `STRIPE_API_BASE_URL`, `TWILIO_API_BASE_URL`,
   * `RESEND_BASE_URL` and `VERCEL_BLOB_API_URL` for the CRM Factory policy.
   */
  env(): Record<string, string>;
  /**
   * The loopback URL for a vendor URL: `https://api.twilio.com/x` → `http://127.0.0.1:<port>/api.twilio.com/x`
   * (a bare origin gets no trailing slash, so it serves as a base URL).
   */
  urlFor(vendorUrl: string | URL): string;
  close(): Promise<void>;
}

const STRIPE_HOST = "api.stripe.com";

/**
 * One HTTP server for every fake. Routing, in order:
 * 1. a `Host` header naming a vendor host (`curl --connect-to`, a proxy) routes to that vendor, path unchanged;
 * 2. a first path segment naming a vendor host routes there: `/api.twilio.com/2010-04-01/...`,
 *    `/vercel.com/api/blob/...`, `/acme.my.salesforce.com/services/...`;
 * 3. `/v1/...` is Stripe's, because stripe-node takes a host and port but no base path.
 */
export async function startLoopbackServer(
  fakes: SubprocessorFakes,
  options: LoopbackOptions = {},
): Promise<LoopbackServer> {
  const bind = options.host ?? "127.0.0.1";
  let origin = "";
  const publicOrigin = (host: string) => (host === STRIPE_HOST ? origin : `${origin}/${host}`);

  const server = createServer((req, res) => {
    serve(fakes, req, res, origin, publicOrigin).catch((error: unknown) => {
      res.statusCode = 500;
      res.setHeader("content-type", "text/plain");
      res.end(`subprocessor fakes: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, bind, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${bind.includes(":") ? `[${bind}]` : bind}:${port}`;

  const urlFor = (vendorUrl: string | URL) => {
    const url = new URL(vendorUrl);
    const path = url.pathname === "/" && url.search === "" ? "" : url.pathname;
    return `${publicOrigin(url.host)}${path}${url.search}`;
  };
  return {
    url: origin,
    port,
    env: () => baseUrlEnvironment(fakes.policy, urlFor),
    urlFor,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function serve(
  fakes: SubprocessorFakes,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  publicOrigin: (host: string) => string,
): Promise<void> {
  const vendorUrl = toVendorUrl(fakes, req, origin);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body =
    chunks.length > 0 && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === "host") continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  headers.set("host", vendorUrl.host);
  const request = new Request(vendorUrl, { method: req.method ?? "GET", headers, body });
  const result = await fakes.dispatch(request, { via: "loopback", publicOrigin });
  if (result.kind === "network-error") {
    if (result.record.vendor === null) {
      // Not a vendor route: say how routing works instead of hanging up.
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: `no fake serves ${req.url}; prefix the path with a vendor host (see the README)`,
        }),
      );
      return;
    }
    req.socket.destroy();
    return;
  }
  const { response } = result;
  const outgoing: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    outgoing[name] = value;
  });
  const payload = Buffer.from(await response.arrayBuffer());
  if (req.method !== "HEAD") outgoing["content-length"] = String(payload.length);
  res.writeHead(response.status, outgoing);
  res.end(req.method === "HEAD" ? undefined : payload);
}

function toVendorUrl(fakes: SubprocessorFakes, req: IncomingMessage, origin: string): URL {
  const raw = new URL(req.url ?? "/", origin);
  const hostHeader = (req.headers.host ?? "").replace(/:\d+$/, "");
  if (hostHeader && fakes.servesHost(hostHeader))
    return new URL(`https://${req.headers.host}${raw.pathname}${raw.search}`);
  const [, first = "", ...rest] = raw.pathname.split("/");
  if (first.includes(".") && fakes.servesHost(first.replace(/:\d+$/, ""))) {
    return new URL(`https://${first}/${rest.join("/")}${raw.search}`);
  }
  if (raw.pathname.startsWith("/v1/") || raw.pathname === "/v1")
    return new URL(`https://${STRIPE_HOST}${raw.pathname}${raw.search}`);
  return raw;
}
