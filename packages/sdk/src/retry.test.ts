import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_RETRIES,
  isRetryableStatus,
  retryDelayMs,
  retryPolicy,
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

describe("backoffDelayMs", () => {
  const policy = retryPolicy();

  it("defaults to 2 retries, 500 ms base, 8 s cap", () => {
    expect(policy.maxRetries).toBe(DEFAULT_MAX_RETRIES);
    expect(DEFAULT_MAX_RETRIES).toBe(2);
    expect(DEFAULT_BASE_DELAY_MS).toBe(500);
    expect(DEFAULT_MAX_DELAY_MS).toBe(8_000);
  });

  it("doubles the ceiling per retry up to the cap", () => {
    const almostOne = { ...policy, random: () => 0.999_999_9 };
    expect([0, 1, 2, 3, 4, 5, 10].map((retry) => backoffDelayMs(retry, almostOne))).toEqual([
      499, 999, 1_999, 3_999, 7_999, 7_999, 7_999,
    ]);
    expect(backoffDelayMs(3, { ...policy, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(1, { ...policy, random: () => 0.5 })).toBe(500);
  });

  test.prop([fc.nat({ max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    "full jitter stays within [0, min(cap, base * 2^retry))",
    (retry, random) => {
      const delay = backoffDelayMs(retry, { ...policy, random: () => random });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(DEFAULT_MAX_DELAY_MS, DEFAULT_BASE_DELAY_MS * 2 ** retry));
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

  it("prefers Retry-After over backoff, capped at 60 s", () => {
    const policy = retryPolicy({ random: () => 0.5 });
    expect(retryDelayMs(0, new Headers({ "Retry-After": "2" }), policy)).toBe(2_000);
    expect(retryDelayMs(0, new Headers({ "Retry-After": "3600" }), policy)).toBe(60_000);
    expect(retryDelayMs(0, new Headers(), policy)).toBe(250);
    expect(retryDelayMs(2, undefined, policy)).toBe(1_000);
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
