import { check } from "./errors.js";
import type { RequestOptions, RetryOptions } from "./request-options.js";
import { DEFAULT_RETRY_POLICY, resolveRetryPolicy, sleep } from "./retry.js";
import type { FetchLike, SendConfig } from "./send.js";
import { VERSION } from "./version.js";

/** Default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The SDK's own `User-Agent` product token. */
export const SDK_USER_AGENT = `crmfactory-sdk-js/${VERSION}`;

/** The media types the SDK accepts: JSON, and problem details. */
export const ACCEPT = "application/json, application/problem+json";

/** Options of `createTransport`, and of `createPrivacyClient` besides `baseUrl`. */
export interface TransportOptions {
  /**
   * The bearer token (a session token, or the operator token), sent as `Authorization: Bearer <apiKey>`.
   * Pass `null` explicitly for a client of the public operations only (sign-up, sign-in, discovery).
   */
  apiKey: string | null;
  /**
   * The underlying fetch, given a `Request` per attempt: an app's own fetch handler (`app.fetch`), a
   * recording wrapper... Default: `globalThis.fetch`, looked up at call time (so MSW sees it).
   */
  fetch?: FetchLike;
  /** `false` for one attempt per call, whatever happens; otherwise the retry settings. */
  retries?: false | RetryOptions;
  /** Per-attempt timeout in milliseconds, response body included (`Infinity` for none). Default 30 000. */
  timeoutMs?: number;
  /**
   * Called with the new token when the API rotates the session (`CRMFactory-Rotated-Token` on a
   * response, or `sessions.rotate()`): the old token has stopped working, and the client uses the new
   * one from then on. Store it wherever the application keeps its token.
   */
  onTokenRotated?: (token: string) => void;
  /** Prepended to the SDK's own `User-Agent` token, e.g. `"my-app/1.2"`. */
  userAgent?: string;
  /** Test hook: the wait between retries; rejects with the signal's reason if it aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Test hook: the source of jitter, a number in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** What a client works out once from its options. */
export interface ClientSettings {
  /**
   * The headers of every request: `Authorization` (unless `apiKey: null`), `User-Agent`, `Accept`.
   * Mutable: a rotated token replaces `Authorization`, and every route reads it at call time.
   */
  readonly headers: Record<string, string>;
  readonly config: SendConfig;
}

export function resolveSettings(options: TransportOptions): ClientSettings {
  const { apiKey, userAgent } = options;
  // Checked now, rather than refused by fetch at the first call: a token is visible ASCII (RFC 6750).
  check(
    apiKey === null || (typeof apiKey === "string" && /^[!-~]+$/.test(apiKey)),
    "`apiKey` must be a token (visible ASCII, no spaces), or null",
  );
  check(
    userAgent === undefined || (typeof userAgent === "string" && /^[ -~]*$/.test(userAgent)),
    "`userAgent` must be a string of printable ASCII",
  );
  for (const name of ["fetch", "onTokenRotated"] as const) {
    check(
      options[name] === undefined || typeof options[name] === "function",
      `\`${name}\` must be a function`,
    );
  }
  const headers: Record<string, string> = {};
  if (apiKey !== null) headers.Authorization = `Bearer ${apiKey}`;
  // The `Authorization` values the client has rotated away from: a call still in flight with one of
  // them, answered 401 once the session rotated, is retried with the current token.
  const retired = new Set<string | null>();
  headers["User-Agent"] = userAgent ? `${userAgent} ${SDK_USER_AGENT}` : SDK_USER_AGENT;
  headers.Accept = ACCEPT;
  return {
    headers,
    config: {
      fetch: options.fetch,
      timeoutMs: timeout(options.timeoutMs, DEFAULT_TIMEOUT_MS),
      policy: resolveRetryPolicy(DEFAULT_RETRY_POLICY, options.retries),
      sleep: options.sleep ?? sleep,
      random: options.random ?? Math.random,
      adoptToken(token, sent) {
        const next = new Headers(sent);
        // (A client without a token has no Authorization to compare: `get` gives null, never undefined.)
        const used = next.get("Authorization");
        if (used === headers.Authorization) {
          retired.add(used);
          headers.Authorization = `Bearer ${token}`;
          next.set("Authorization", headers.Authorization);
        }
        return next;
      },
      renewToken(sent) {
        const next = new Headers(sent);
        const used = next.get("Authorization");
        if (retired.has(used) && used !== headers.Authorization) {
          next.set("Authorization", headers.Authorization as string);
          return next;
        }
      },
      onTokenRotated: options.onTokenRotated,
    },
  };
}

/** The send config of one call: the client's, unless the call's options change it. */
export function configFor(settings: ClientSettings, options: RequestOptions | undefined): SendConfig {
  const config = settings.config;
  if (!options || (options.retries === undefined && options.timeoutMs === undefined)) return config;
  return {
    ...config,
    timeoutMs: timeout(options.timeoutMs, config.timeoutMs),
    policy: resolveRetryPolicy(config.policy, options.retries),
  };
}

function timeout(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  check(typeof value === "number" && value > 0, `\`timeoutMs\` must be a number > 0, got ${value}`);
  return value;
}
