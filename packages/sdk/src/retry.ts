import { check } from "./errors.js";
import type { RetryOptions } from "./request-options.js";
import { parseRetryAfterMs } from "./retry-after.js";

/** Retry settings with every default filled in. */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly retryStatus: (status: number) => boolean;
  /** The problem type slugs retried whatever their status. */
  readonly problems: readonly string[];
}

/**
 * Whether a response status is worth retrying: 408 (request timeout), 429 (rate limited) and 5xx
 * except 501 (not implemented, which will not change). Every other 4xx is the caller's to fix.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  retryStatus: isRetryableStatus,
  problems: ["test-clock-advancing"],
};

/**
 * The policy of `options` over `base`: `false` turns retries off, `undefined` keeps `base`, and the
 * fields given replace `base`'s. Invalid values throw {@link UsageError}.
 */
export function resolveRetryPolicy(
  base: RetryPolicy,
  options: false | RetryOptions | undefined,
): RetryPolicy {
  if (options === undefined) return base;
  if (options === false) return { ...base, maxRetries: 0 };
  check(typeof options === "object" && options, "`retries` must be `false` or retry settings");
  const { statuses, problems = base.problems } = options;
  check(Array.isArray(problems), "`retries.problems` must be a list");
  let retryStatus = base.retryStatus;
  if (typeof statuses === "function") retryStatus = statuses;
  else if (statuses !== undefined) {
    check(Array.isArray(statuses), "`retries.statuses` must be a list or a predicate");
    retryStatus = (status) => statuses.includes(status);
  }
  const policy: { -readonly [Key in keyof RetryPolicy]: RetryPolicy[Key] } = {
    ...base,
    retryStatus,
    problems,
  };
  for (const name of NUMERIC_SETTINGS) {
    const value = options[name];
    if (value === undefined) continue;
    check(
      typeof value === "number" && value >= 0 && (name !== "maxRetries" || Number.isSafeInteger(value)),
      `\`retries.${name}\` must be a number >= 0, got ${value}`,
    );
    policy[name] = value;
  }
  return policy;
}

/** The numeric settings, each >= 0 (`maxRetries` a whole number; the delays may be `Infinity`). */
const NUMERIC_SETTINGS = ["maxRetries", "baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const;

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(maxDelay, base * 2^retry)).
 * `retry` counts from 0 (the wait before the first retry).
 */
export function backoffDelayMs(
  retry: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * The wait before retrying after `response` (attempt `retry`, from 0), or `undefined` when it is
 * final: no retries left, a status that is not retried (unless `retried` says otherwise: a problem
 * type that is), or a `Retry-After` beyond `maxRetryAfterMs`. A `Retry-After` within the cap is
 * honoured exactly; otherwise the jittered backoff applies.
 */
export function retryDelayMs(
  retry: number,
  response: Pick<Response, "status" | "headers">,
  policy: RetryPolicy,
  random: () => number,
  retried = policy.retryStatus(response.status),
): number | undefined {
  if (retry >= policy.maxRetries || !retried) return undefined;
  const retryAfter = parseRetryAfterMs(response.headers.get("retry-after"));
  if (retryAfter === undefined) return backoffDelayMs(retry, policy, random);
  return retryAfter > policy.maxRetryAfterMs ? undefined : retryAfter;
}

/** A `setTimeout` promise that rejects with the signal's reason when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}
