import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { UsageError } from "./errors.js";
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  resolveRetryPolicy,
  retryDelayMs,
  sleep,
} from "./retry.js";
import { parseRetryAfterMs } from "./retry-after.js";

describe("isRetryableStatus", () => {
  it("retries 408, 429 and 5xx except 501", () => {
    const retryable = [408, 429, 500, 502, 503, 504, 599];
    const final = [200, 201, 204, 301, 400, 401, 403, 404, 409, 410, 422, 501];
    for (const status of retryable) expect(isRetryableStatus(status), String(status)).toBe(true);
    for (const status of final) expect(isRetryableStatus(status), String(status)).toBe(false);
  });
});

describe("resolveRetryPolicy", () => {
  it("defaults to 2 retries, 500 ms base, 8 s cap, 60 s Retry-After cap", () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({
      maxRetries: 2,
      baseDelayMs: 500,
      maxDelayMs: 8_000,
      maxRetryAfterMs: 60_000,
    });
    expect(DEFAULT_RETRY_POLICY.retryStatus).toBe(isRetryableStatus);
  });

  it("keeps the base for undefined, turns retries off for false, and overrides field by field", () => {
    expect(resolveRetryPolicy(DEFAULT_RETRY_POLICY, undefined)).toBe(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy(DEFAULT_RETRY_POLICY, false)).toEqual({
      ...DEFAULT_RETRY_POLICY,
      maxRetries: 0,
    });
    const custom = resolveRetryPolicy(DEFAULT_RETRY_POLICY, { maxRetries: 5, baseDelayMs: 100 });
    expect(custom).toEqual({ ...DEFAULT_RETRY_POLICY, maxRetries: 5, baseDelayMs: 100 });
    expect(resolveRetryPolicy(custom, { maxDelayMs: 1_000 })).toMatchObject({
      maxRetries: 5,
      maxDelayMs: 1_000,
    });
  });

  it("takes the retried statuses as a list or a predicate", () => {
    const listed = resolveRetryPolicy(DEFAULT_RETRY_POLICY, { statuses: [503] });
    expect([503, 500, 429].map(listed.retryStatus)).toEqual([true, false, false]);
    const predicate = resolveRetryPolicy(DEFAULT_RETRY_POLICY, { statuses: (status) => status === 409 });
    expect([409, 503].map(predicate.retryStatus)).toEqual([true, false]);
  });

  it("refuses settings that make no sense", () => {
    for (const bad of [
      { maxRetries: -1 },
      { maxRetries: 1.5 },
      { baseDelayMs: Number.NaN },
      { maxDelayMs: -5 },
      { maxRetryAfterMs: "60" },
      { statuses: 503 },
    ]) {
      expect(() => resolveRetryPolicy(DEFAULT_RETRY_POLICY, bad as never), JSON.stringify(bad)).toThrow(
        UsageError,
      );
    }
    expect(() => resolveRetryPolicy(DEFAULT_RETRY_POLICY, true as never)).toThrow(UsageError);
  });
});

describe("backoffDelayMs", () => {
  const policy = DEFAULT_RETRY_POLICY;

  it("doubles the ceiling per retry up to the cap", () => {
    const almostOne = () => 0.999_999_9;
    expect([0, 1, 2, 3, 4, 5, 10].map((retry) => backoffDelayMs(retry, policy, almostOne))).toEqual([
      499, 999, 1_999, 3_999, 7_999, 7_999, 7_999,
    ]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(1, policy, () => 0.5)).toBe(500);
  });

  test.prop([fc.nat({ max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    "full jitter stays within [0, min(cap, base * 2^retry))",
    (retry, random) => {
      const delay = backoffDelayMs(retry, policy, () => random);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry));
    },
  );
});

describe("Retry-After", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");

  it("parses seconds and HTTP dates", () => {
    expect(parseRetryAfterMs("0", now)).toBe(0);
    expect(parseRetryAfterMs("3", now)).toBe(3_000);
    expect(parseRetryAfterMs(" 1.5 ", now)).toBe(1_500);
    expect(parseRetryAfterMs("Sun, 01 Mar 2026 12:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfterMs("Sun, 01 Mar 2026 11:00:00 GMT", now)).toBe(0);
  });

  it("ignores absent or junk values", () => {
    for (const value of [null, undefined, "", "soon", "-5", "1e3"])
      expect(parseRetryAfterMs(value, now)).toBeUndefined();
  });

  const answer = (status: number, headers: Record<string, string> = {}) => ({
    status,
    headers: new Headers(headers),
  });
  const half = () => 0.5;

  it("honours a Retry-After within the cap exactly, else backs off", () => {
    const policy = DEFAULT_RETRY_POLICY;
    expect(retryDelayMs(0, answer(429, { "Retry-After": "2" }), policy, half)).toBe(2_000);
    expect(retryDelayMs(0, answer(503, { "Retry-After": "60" }), policy, half)).toBe(60_000);
    expect(retryDelayMs(0, answer(503), policy, half)).toBe(250);
    expect(retryDelayMs(1, answer(503, { "Retry-After": "soon" }), policy, half)).toBe(500);
  });

  it("makes a response final when it asks for longer than the cap", () => {
    const policy = DEFAULT_RETRY_POLICY;
    expect(retryDelayMs(0, answer(429, { "Retry-After": "61" }), policy, half)).toBeUndefined();
    expect(retryDelayMs(0, answer(429, { "Retry-After": "3600" }), policy, half)).toBeUndefined();
    const patient = resolveRetryPolicy(policy, { maxRetryAfterMs: 3_600_000 });
    expect(retryDelayMs(0, answer(429, { "Retry-After": "3600" }), patient, half)).toBe(3_600_000);
  });

  it("makes a response final when no retry is left or its status is not retried", () => {
    const policy = DEFAULT_RETRY_POLICY;
    expect(retryDelayMs(2, answer(503), policy, half)).toBeUndefined();
    expect(retryDelayMs(0, answer(404), policy, half)).toBeUndefined();
    expect(retryDelayMs(0, answer(200), policy, half)).toBeUndefined();
    expect(retryDelayMs(0, answer(503), resolveRetryPolicy(policy, false), half)).toBeUndefined();
  });
});

describe("sleep", () => {
  it("resolves after the delay", async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });

  it("rejects with the abort reason, immediately or mid-wait", async () => {
    const reason = new Error("stop");
    await expect(sleep(10_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
