import { createHash } from "node:crypto";
import type { Logger } from "./logger.js";

/**
 * The one retrying layer under every outbound client (Stripe, Twilio, Resend, Blob, integration sources):
 * a subprocessor's 429, 5xx or timeout is tried again a bounded number of times with exponential
 * backoff, honouring `Retry-After`. A call still failing after the last attempt answers its last
 * response (or throws), so the caller reports it as not done and its job retries on its own schedule.
 */
export interface OutboundRetryOptions {
  /** Attempts in all, the first included (default 4; 1 turns retries off). */
  attempts?: number;
  /** The first backoff; each further one doubles it (default 200 ms). */
  baseDelayMs?: number;
  /** The longest backoff between attempts (default 2000 ms). */
  maxDelayMs?: number;
  /**
   * A `Retry-After` longer than this is not waited out inside a call (a request would hang on it): the
   * call answers the 429 now and the job behind it comes back later (default 5000 ms).
   */
  maxRetryAfterMs?: number;
  /** Each attempt's own time limit; one past it counts as a timeout and is retried (default 10000 ms). */
  timeoutMs?: number;
  /**
   * Jitter: a seed for the backoff's full jitter (the same seed gives the same waits, so a failing run
   * replays), or `null` for none (each wait is the whole backoff). Default: a random seed per process.
   */
  jitterSeed?: string | null;
  /** Waits `ms` of wall clock (tests record the waits instead). */
  sleep?: (ms: number) => Promise<void>;
}

/** How a request may be repeated, set by the client that builds it. */
export interface OutboundHint {
  /**
   * `true`: repeating it has the effect of doing it once (Blob's delete by URL, an OAuth token grant), so
   * a 5xx or a timeout is retried although it is a POST. `false`: never repeated here, because its
   * caller keeps its own schedule and log of attempts (callback deliveries).
   */
  repeatable: boolean;
}

const hints = new WeakMap<Request, OutboundHint>();

/** Marks `request` as repeatable or not (see `OutboundHint`); answers it. */
export function hintRequest(request: Request, hint: OutboundHint): Request {
  hints.set(request, hint);
  return request;
}

/**
 * Methods whose repetition does what one call does. A POST or PATCH without an `Idempotency-Key` may
 * have taken effect before a 5xx or a timeout (a message sent twice), so only its 429 is repeated: a
 * rate limit says the vendor did nothing.
 */
const idempotentMethods = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
const retriedStatuses = new Set([408, 429, 500, 502, 503, 504]);

/** A deterministic PRNG in [0, 1) from a seed (mulberry32 over the seed's SHA-256). */
export function seededRandom(seed: string): () => number {
  let state = createHash("sha256").update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or `undefined` without a usable one. */
export function retryAfterMs(value: string | null, nowMs = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

class AttemptTimeout extends Error {
  constructor(ms: number) {
    super(`outbound attempt timed out after ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/** One attempt on a copy of `request`, bounded by `timeoutMs` even when the transport ignores signals. */
async function attempt(
  fetch: (request: Request) => Promise<Response>,
  request: Request,
  timeoutMs: number,
): Promise<Response> {
  const controller = new AbortController();
  const signal = AbortSignal.any([request.signal, controller.signal]);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AttemptTimeout(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([fetch(new Request(request.clone(), { signal })), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Answers that came from a repeated attempt, after one that failed or timed out. */
const repeatedAnswers = new WeakSet<Response>();

/**
 * Whether `response` answered a repeated attempt. A 404 to a repeated DELETE means the earlier attempt
 * (a timeout, a 5xx) may have deleted the object: the caller counts it as deleted, not as absent.
 */
export function answeredRepeatedAttempt(response: Response): boolean {
  return repeatedAnswers.has(response);
}

/** Reads a failed attempt's body to its end, or cancels it when it stalls past `timeoutMs`. */
async function drain(response: Response, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<"stalled">((resolve) => {
    timer = setTimeout(() => resolve("stalled"), timeoutMs);
  });
  try {
    const outcome = await Promise.race([response.arrayBuffer().then(() => "read" as const), stalled]);
    if (outcome === "stalled") await response.body?.cancel().catch(() => {});
  } catch {
    // A body that fails while draining leaves nothing to wait for.
  } finally {
    clearTimeout(timer);
  }
}

/** Wraps `fetch` with bounded, backed-off retries of 429s, 5xx and timeouts (see `OutboundRetryOptions`). */
export function retryingFetch(
  fetch: (request: Request) => Promise<Response>,
  logger: Logger,
  options: OutboundRetryOptions = {},
): (request: Request) => Promise<Response> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const baseDelayMs = options.baseDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 2000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const seed = options.jitterSeed === undefined ? String(Math.random()) : options.jitterSeed;
  const random = seed === null ? () => 1 : seededRandom(seed);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return async (request) => {
    const hint = hints.get(request);
    if (hint?.repeatable === false) return fetch(request);
    const repeatable =
      hint?.repeatable === true ||
      idempotentMethods.has(request.method.toUpperCase()) ||
      request.headers.has("idempotency-key");
    const host = new URL(request.url).hostname;
    for (let n = 1; ; n++) {
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await attempt(fetch, request, timeoutMs);
      } catch (error) {
        // The caller's own abort is not a fault to retry.
        if (request.signal.aborted) throw error;
        failure = error;
      }
      const status = response?.status;
      const retryable =
        n < attempts &&
        (response
          ? retriedStatuses.has(response.status) &&
            (response.status === 429 || repeatable) &&
            response.headers.get("stripe-should-retry") !== "false"
          : repeatable);
      const asked = retryAfterMs(response?.headers.get("retry-after") ?? null);
      if (!retryable || (asked !== undefined && asked > maxRetryAfterMs)) {
        if (response && n > 1) repeatedAnswers.add(response);
        if (response) return response;
        throw failure;
      }
      // Drained, not cancelled: a cancelled branch of a teed body (the fakes record theirs) waits for its
      // twin. Bounded like an attempt, so a body that never ends cannot hold the call (and a deadline).
      if (response) await drain(response, timeoutMs);
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1));
      const wait = asked ?? Math.round(backoff * random());
      // The host and status only: a path or body may carry personal data.
      logger.warn(
        { host, status: status ?? "network", attempt: n, waitMs: wait },
        "outbound call failed; retrying",
      );
      await sleep(wait);
    }
  };
}
