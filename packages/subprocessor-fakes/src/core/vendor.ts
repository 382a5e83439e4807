import type { InventoryItem } from "./inventory.js";

export type VendorId = "stripe" | "twilio" | "resend" | "blob" | "salesforce" | "sap" | "netsuite";

/** One request as a fake sees it: always addressed to the vendor's real URL, whichever way it arrived. */
export interface FakeRequest {
  readonly method: string;
  /** The vendor URL (`https://api.stripe.com/v1/customers?limit=3`), also for loopback requests. */
  readonly url: URL;
  readonly headers: Headers;
  readonly body: Uint8Array;
  readonly time: Date;
  /** The credential the request authenticates with (API key, account SID, store id, instance). */
  readonly credential: string | undefined;
  /** The origin a client reached `host` through: the vendor's own, or the loopback server's prefix. */
  publicOrigin(host?: string): string;
  text(): string;
}

export interface RouteMatch {
  readonly params: Record<string, string>;
}

/** An endpoint a fake implements; `endpoint` is its stable id in the vendor profile and for faults. */
export interface Route {
  readonly endpoint: string;
  readonly method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A path template: `:name` is one segment, `*name` the rest of the path. */
  readonly path: string;
  /** Further discriminates routes sharing a method and path (Vercel Blob's head and list). */
  readonly when?: (url: URL) => boolean;
  handle(request: FakeRequest, params: Record<string, string>): Response | Promise<Response>;
}

export type FaultStatus = 409 | 429 | 500 | 502 | 503;

/** What every fake provides to the dispatcher. */
export interface VendorFake {
  readonly vendor: VendorId;
  servesHost(host: string): boolean;
  credentialOf(method: string, url: URL, headers: Headers): string | undefined;
  readonly routes: readonly Route[];
  /** The vendor's own answer for a path it does not serve, or (`pathExists`) a method it does not allow there. */
  notFound(request: FakeRequest, pathExists: boolean): Response;
  /** The vendor's own answer for an injected 409, 429 or 5xx (the dispatcher adds `Retry-After`). */
  faultResponse(status: FaultStatus): Response;
  inventory(): InventoryItem[];
  reset(): void;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
      ...headers,
    },
  });
}

export function bearerToken(headers: Headers): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1];
}

export function basicCredentials(headers: Headers): { user: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headers.get("authorization") ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Parses a JSON body; `undefined` for an empty body, a SyntaxError for malformed JSON. */
export function readJson(request: FakeRequest): unknown {
  const text = request.text();
  if (text.trim() === "") return undefined;
  return JSON.parse(text);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
