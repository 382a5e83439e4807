import { parseRetryAfterMs } from "./retry-after.js";

/** How the transport retries. Every field has a default; tests inject `random` and `sleep`. */
export interface RetryPolicy {
  /** Retries after the first attempt (so `maxRetries: 2` means at most 3 attempts). Default 2. */
  maxRetries: number;
  /** The first backoff ceiling. Default 500 ms. */
  baseDelayMs: number;
  /** The largest backoff ceiling. Default 8 s. */
  maxDelayMs: number;
  /** The longest `Retry-After` the SDK will wait; longer requests are capped to it. Default 60 s. */
  maxRetryAfterMs: number;
  /** Uniform random number in [0, 1). Default `Math.random`. */
  random: () => number;
  /** Waits `ms`, rejecting with the signal's reason if it aborts first. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 8_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** Fills in the defaults of a partial policy. */
export function retryPolicy(
  overrides: { [Key in keyof RetryPolicy]?: RetryPolicy[Key] | undefined } = {},
): RetryPolicy {
  return {
    maxRetries: overrides.maxRetries ?? DEFAULT_MAX_RETRIES,
    baseDelayMs: overrides.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: overrides.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    maxRetryAfterMs: overrides.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
    random: overrides.random ?? Math.random,
    sleep: overrides.sleep ?? sleep,
  };
}

/**
 * Whether a response status is worth retrying: 408 (request timeout), 429 (rate limited) and 5xx
 * except 501 (not implemented, which will not change). Every other 4xx is the caller's to fix.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(maxDelay, base * 2^retry)).
 * `retry` counts from 0 (the wait before the first retry).
 */
export function backoffDelayMs(
  retry: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(policy.random() * ceiling);
}

/**
 * The wait before retry number `retry`: the server's `Retry-After` when it sent one (capped at
 * `maxRetryAfterMs`), else the jittered backoff.
 */
export function retryDelayMs(retry: number, headers: Headers | undefined, policy: RetryPolicy): number {
  const retryAfter = parseRetryAfterMs(headers?.get("retry-after"));
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxRetryAfterMs);
  return backoffDelayMs(retry, policy);
}

/** A `setTimeout` promise that rejects with the signal's reason when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
