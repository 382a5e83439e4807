import { createAttemptSignal } from "./attempt-signal.js";
import { ConnectionError, TimeoutError } from "./errors.js";
import { IDEMPOTENCY_KEY_HEADER, resolveIdempotencyKey } from "./idempotency.js";
import { backoffDelayMs, isRetryableStatus, type RetryPolicy, retryDelayMs, retryPolicy } from "./retry.js";
import { VERSION } from "./version.js";

/** Default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The SDK's own `User-Agent` product token. */
export const SDK_USER_AGENT = `crmfactory-sdk-js/${VERSION}`;

/** A `fetch` that takes a `Request`, like the one openapi-fetch calls. */
export type FetchLike = (request: Request) => Promise<Response>;

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /**
   * The bearer token (a session token, or the operator token), sent as `Authorization: Bearer <apiKey>`.
   * Pass `null` explicitly for a client of the public operations only (sign-up, sign-in).
   */
  apiKey: string | null;
  /** The underlying fetch. Defaults to `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds (`Infinity` for none). Default 30 000. */
  timeoutMs?: number;
  /** Prepended to the SDK's own `User-Agent` token, e.g. `"my-app/1.2"`. */
  userAgent?: string;
  /** Injectable wait between retries; rejects with the signal's reason if it aborts (tests pass one that does not wait). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable source of jitter in [0, 1). */
  random?: () => number;
}

/** Options for one call; each overrides the transport's default for that call only. */
export interface RequestOptions {
  /** The key for this mutation; the same key is sent on every retry. Default: a random UUID. */
  idempotencyKey?: string;
  maxRetries?: number;
  timeoutMs?: number;
  /** Aborts the call, including any pending retry. Not retried; rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Extra headers, applied last (they can override the SDK's). */
  headers?: HeadersInit;
}

/**
 * A fetch-compatible function that authenticates, adds idempotency keys, retries and times out.
 * HTTP error responses are returned (after retries), not thrown; network failures and timeouts
 * reject with {@link ConnectionError} / {@link TimeoutError} once retries are exhausted.
 */
export type Transport = (request: Request, options?: RequestOptions) => Promise<Response>;

/**
 * Creates the transport that every SDK call goes through; pass it as openapi-fetch's `fetch`.
 *
 * Each attempt re-sends the original request with its buffered body, so bodies survive retries; the
 * idempotency key is chosen once per call, so all retries share it. Each attempt's timeout and the
 * caller's abort also cover reading the response body.
 */
export function createTransport(options: TransportOptions): Transport {
  if (options.apiKey !== null && (typeof options.apiKey !== "string" || options.apiKey === "")) {
    throw new TypeError("`apiKey` is required: a token, or `null` for the public operations only");
  }
  const customFetch = options.fetch;
  // The default passes the init straight to fetch, which builds the one Request it needs.
  const send = customFetch
    ? (request: Request, init: RequestInit) => customFetch(new Request(request, init))
    : (request: Request, init: RequestInit) => globalThis.fetch(request, init);
  const policy = retryPolicy({
    maxRetries: options.maxRetries,
    random: options.random,
    sleep: options.sleep,
  });
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const authorization = options.apiKey === null ? undefined : `Bearer ${options.apiKey}`;
  const userAgent = options.userAgent ? `${options.userAgent} ${SDK_USER_AGENT}` : SDK_USER_AGENT;

  return async function transport(input: Request, perRequest: RequestOptions = {}): Promise<Response> {
    // One signal carries every caller abort: the request's own, following the per-request signal too.
    const request = perRequest.signal
      ? new Request(input, { signal: anySignal([input.signal, perRequest.signal]) })
      : input;
    const headers = new Headers(request.headers);
    if (authorization) headers.set("Authorization", authorization);
    headers.set("User-Agent", userAgent);
    if (!headers.has("Accept")) headers.set("Accept", "application/json, application/problem+json");
    if (perRequest.headers)
      for (const [name, value] of new Headers(perRequest.headers)) headers.set(name, value);
    const idempotencyKey = resolveIdempotencyKey(
      request.method,
      headers.get(IDEMPOTENCY_KEY_HEADER),
      perRequest.idempotencyKey,
    );
    if (idempotencyKey !== undefined) headers.set(IDEMPOTENCY_KEY_HEADER, idempotencyKey);

    const body = request.body === null ? null : await request.arrayBuffer();
    const maxRetries = perRequest.maxRetries ?? policy.maxRetries;
    const timeoutMs = perRequest.timeoutMs ?? defaultTimeoutMs;
    const callerSignal = request.signal;

    for (let attempt = 0; ; attempt++) {
      const attemptSignal = createAttemptSignal(timeoutMs, callerSignal);
      let response: Response;
      try {
        response = await send(request, { headers, body, signal: attemptSignal.signal });
      } catch (error) {
        attemptSignal.dispose();
        if (callerSignal.aborted) throw callerSignal.reason;
        const what = `${describe(request)} (attempt ${attempt + 1})`;
        const failure = attemptSignal.timedOut
          ? new TimeoutError(`${what} timed out after ${timeoutMs} ms`, { cause: error })
          : new ConnectionError(`${what} failed: ${messageOf(error)}`, { cause: error });
        if (attempt >= maxRetries) throw failure;
        await wait(policy, backoffDelayMs(attempt, policy), callerSignal);
        continue;
      }
      if (attempt < maxRetries && isRetryableStatus(response.status)) {
        attemptSignal.dispose();
        response.body?.cancel().catch(() => {});
        await wait(policy, retryDelayMs(attempt, response.headers, policy), callerSignal);
        continue;
      }
      // Unless there is no body, the attempt stays armed: its timeout and the caller's abort cover the body.
      if (response.body === null) attemptSignal.dispose();
      return response;
    }
  };
}

async function wait(policy: RetryPolicy, ms: number, callerSignal: AbortSignal): Promise<void> {
  await policy.sleep(ms, callerSignal);
  if (callerSignal.aborted) throw callerSignal.reason;
}

/** `AbortSignal.any`, where it exists (only used when a per-request signal is given). */
function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === "function") return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

/** Method and URL without the query string, which may hold personal data. */
function describe(request: Request): string {
  const url = new URL(request.url);
  return `${request.method} ${url.origin}${url.pathname}`;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
