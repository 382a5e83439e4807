import type { ProblemSlug } from "./errors.js";

/**
 * How failed attempts are retried. Every field has a default; per request, the fields given override
 * the client's.
 */
export interface RetryOptions {
  /** Retries after the first attempt (so `maxRetries: 2` means at most 3 attempts). Default 2. */
  maxRetries?: number;
  /** The first backoff ceiling in milliseconds; it doubles per retry. Default 500. */
  baseDelayMs?: number;
  /** The largest backoff ceiling in milliseconds. Default 8 000. */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` the SDK waits, in milliseconds. A response asking for longer ends the
   * retries at once: its typed error (`RateLimitError` for a 429) is thrown. Default 60 000.
   */
  maxRetryAfterMs?: number;
  /**
   * Which response statuses are retried: a list, or a predicate. Default: 408, 429 and every 5xx
   * except 501. Network errors and timeouts are always retried (while retries remain).
   */
  statuses?: readonly number[] | ((status: number) => boolean);
  /**
   * Problem types retried whatever their status, by slug. Default `["test-clock-advancing"]`: in test
   * mode, a call made while the tenant's test clock advances works once the clock is ready.
   */
  problems?: readonly ProblemSlug[];
}

/** Options for one call; each overrides the client's setting for that call only. */
export interface RequestOptions {
  /** The key for this mutation; the same key is sent on every retry. Default: a random UUID. */
  idempotencyKey?: string;
  /** `false`: one attempt, whatever happens. Otherwise the retry settings to change for this call. */
  retries?: false | RetryOptions;
  /** Per-attempt timeout in milliseconds, response body included (`Infinity` for none). */
  timeoutMs?: number;
  /** Aborts the call, including any pending retry. Not retried; rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Extra headers, applied last (they can override the SDK's). */
  headers?: HeadersInit;
}
