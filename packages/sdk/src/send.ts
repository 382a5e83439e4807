import { createAttemptSignal } from "./attempt-signal.js";
import { parseBody } from "./error-mapping.js";
import { ConnectionError, TimeoutError } from "./errors.js";
import { PROBLEM_TYPE_PREFIX, ROTATED_TOKEN_HEADER } from "./generated/contract.js";
import { backoffDelayMs, type RetryPolicy, retryDelayMs } from "./retry.js";

/** A `fetch` that takes a `Request`, like an app's fetch handler (`app.fetch`) or openapi-fetch's. */
export type FetchLike = (request: Request) => Promise<Response>;

/**
 * What {@link send} does with the body of the final response: `"stream"` leaves it unread (the
 * attempt's timeout and the caller's abort keep covering it); otherwise it is read inside the attempt
 * with the `Response` method of that name (`text`, `blob`, `arrayBuffer`: the last to hand it on
 * buffered), so a body that stalls times out and is retried.
 */
// An error's body is always read as text inside the attempt, where its problem type decides whether
// the attempt is retried (`retries.problems`); the modes say what becomes of a success's body.
export type Read = "stream" | "text" | "blob" | "arrayBuffer";

/** How calls are sent: fixed per client, or per call for options that change it. */
export interface SendConfig {
  /** A custom fetch; `undefined` for `globalThis.fetch`, looked up at call time. */
  readonly fetch: FetchLike | undefined;
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  /**
   * Takes up a token rotated by the server, for the client's later calls when `sent` (the attempt's
   * headers) carried the client's own token; gives the headers a retry of the attempt is sent with.
   */
  readonly adoptToken: (token: string, sent: HeadersInit | undefined) => HeadersInit;
  /**
   * The headers to send again with when `sent` carried a token the client has rotated away from
   * since (a call in flight while another rotated the session); otherwise `undefined`.
   */
  readonly renewToken: (sent: HeadersInit | undefined) => HeadersInit | undefined;
  /** Tells the application of a rotated token. */
  readonly onTokenRotated: ((token: string) => void) | undefined;
}

/** The final response and, unless streamed, its body. */
export interface Sent {
  response: Response;
  payload: string | Blob | ArrayBuffer | undefined;
}

/**
 * Sends one call, attempt after attempt, until an answer is final: a response that is not retried (by
 * its status or its problem type), or none is left to try, or a failure once retries are exhausted
 * (`ConnectionError`, `TimeoutError`). Each attempt has its own timeout, which covers reading the body
 * unless `read` is `Stream`. The body in `init` must be re-sendable (a string, bytes or a Blob). A
 * caller's abort is never retried: it rejects with the signal's reason. A response that rotates the
 * session token (`CRMFactory-Rotated-Token`) is reported, and a retry is sent with the new token. A
 * 401 to an attempt sent with a token the client has since rotated away from (another call rotated
 * the session meanwhile) is retried at once with the current token, as one of the call's retries.
 */
export async function send(
  input: string | Request,
  init: RequestInit,
  callerSignal: AbortSignal | undefined,
  read: Read,
  config: SendConfig,
): Promise<Sent> {
  const { policy, timeoutMs, random } = config;
  for (let attempt = 0; ; attempt++) {
    let readingBody = false;
    // Method and URL without the query string, which may hold personal data.
    const what = () =>
      `${init.method ?? (input as Request).method} ${((input as Request).url ?? input).replace(/[?#].*/s, "")} (attempt ${attempt + 1})`;
    const attemptSignal = createAttemptSignal(
      timeoutMs,
      callerSignal,
      () => new TimeoutError(`${what()} timed out after ${timeoutMs} ms`),
    );
    init.signal = attemptSignal.signal;
    let delay: number | undefined;
    let sent: Sent | undefined;
    let failure: unknown;
    let rotated: string | null = null;
    try {
      const response = await (config.fetch
        ? config.fetch(new Request(input, init))
        : globalThis.fetch(input, init));
      rotated = response.headers.get(ROTATED_TOKEN_HEADER);
      if (rotated) init.headers = config.adoptToken(rotated, init.headers);
      const renewed =
        response.status === 401 && attempt < policy.maxRetries && config.renewToken(init.headers);
      if (renewed) {
        init.headers = renewed;
        delay = 0;
      } else delay = retryDelayMs(attempt, response, policy, random);
      if (delay === undefined && !response.ok) {
        // An error is read here: its problem type (test-clock-advancing) may be one that is retried.
        readingBody = true;
        const text = await response.text();
        const type = (parseBody(text) as { type?: unknown } | undefined)?.type;
        const retried = policy.problems.some((slug) => PROBLEM_TYPE_PREFIX + slug === type);
        delay = retryDelayMs(attempt, response, policy, random, retried);
        if (delay === undefined)
          sent = { response: read === "stream" ? new Response(text, response) : response, payload: text };
      }
      if (sent || delay !== undefined) {
        if (!readingBody) response.body?.cancel().catch(() => {});
      } else if (read === "stream") {
        // The body, unread, stays covered by the attempt's timeout and the caller's signal.
        sent = { response, payload: undefined };
      } else {
        // A success (an error's body was read above).
        readingBody = true;
        sent = { response, payload: await response[read]() };
      }
    } catch (error) {
      delay = undefined;
      if (callerSignal?.aborted) failure = callerSignal.reason;
      else {
        failure = attemptSignal.signal.aborted
          ? new TimeoutError(
              `${what()} timed out after ${timeoutMs} ms${readingBody ? " while reading the response body" : ""}`,
              { cause: error },
            )
          : new ConnectionError(`${what()} failed: ${messageOf(error)}`, { cause: error });
        if (attempt < policy.maxRetries) delay = backoffDelayMs(attempt, policy, random);
      }
    }
    // Only a body handed on unread stays covered by the attempt's timeout and the caller's signal.
    if (sent?.payload !== undefined || !sent?.response.body) attemptSignal.dispose();
    // Told once the attempt's outcome is known, so that the callback's own exception reaches the
    // caller as it is rather than as a failed attempt.
    if (rotated) config.onTokenRotated?.(rotated);
    if (sent) return sent;
    if (delay === undefined) throw failure;
    await config.sleep(delay, callerSignal);
    if (callerSignal?.aborted) throw callerSignal.reason;
  }
}

/** An error's message and its cause's (fetch's "fetch failed" says little without it). */
function messageOf(error: unknown): string {
  const { message, cause } = Object(error) as Partial<Error>;
  return `${message ?? error}${cause instanceof Error ? ` (${cause.message})` : ""}`;
}
