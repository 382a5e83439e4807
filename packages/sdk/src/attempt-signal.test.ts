import { describe, expect, it } from "vitest";
import { createAttemptSignal } from "./attempt-signal.js";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const timeoutReason = () => new Error("the attempt timed out");

describe("createAttemptSignal", () => {
  it("aborts with the timeout reason when its timer fires", async () => {
    const attempt = createAttemptSignal(5, new AbortController().signal, timeoutReason);
    expect(attempt.signal.aborted).toBe(false);
    await wait(30);
    expect(attempt.signal.aborted).toBe(true);
    expect((attempt.signal.reason as Error).message).toBe("the attempt timed out");
  });

  it("follows the caller's signal, keeping its reason", () => {
    const caller = new AbortController();
    const attempt = createAttemptSignal(10_000, caller.signal, timeoutReason);
    const reason = new Error("cancelled");
    caller.abort(reason);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.signal.reason).toBe(reason);
  });

  it("starts aborted when the caller's signal already is", () => {
    const reason = new Error("too late");
    const attempt = createAttemptSignal(10_000, AbortSignal.abort(reason), timeoutReason);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.signal.reason).toBe(reason);
  });

  it("stays armed until disposed (so it covers the response body), then ignores both", async () => {
    const caller = new AbortController();
    const armed = createAttemptSignal(5, caller.signal, timeoutReason);
    const disposed = createAttemptSignal(5, caller.signal, timeoutReason);
    disposed.dispose();
    await wait(30);
    expect(armed.signal.reason).toEqual(timeoutReason());
    expect(disposed.signal.aborted).toBe(false);
    caller.abort();
    expect(disposed.signal.aborted).toBe(false);
  });

  it("leaves no listener on the caller's signal once it fired or was disposed", async () => {
    const caller = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = caller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = (...args: Parameters<AbortSignal["addEventListener"]>) => {
      added++;
      add(...args);
    };
    signal.removeEventListener = (...args: Parameters<AbortSignal["removeEventListener"]>) => {
      removed++;
      remove(...args);
    };
    createAttemptSignal(5, signal, timeoutReason);
    createAttemptSignal(10_000, signal, timeoutReason).dispose();
    await wait(30);
    expect(added).toBe(2);
    expect(removed).toBe(2);
  });

  it("treats an infinite or overflowing timeout as none", async () => {
    for (const ms of [Number.POSITIVE_INFINITY, 2 ** 31]) {
      const attempt = createAttemptSignal(ms, new AbortController().signal, timeoutReason);
      await wait(5);
      expect(attempt.signal.aborted).toBe(false);
      attempt.dispose();
    }
  });
});

describe("createAttemptSignal without a caller signal", () => {
  it("times out on its own, and disposes cleanly", async () => {
    const attempt = createAttemptSignal(5, undefined, timeoutReason);
    await wait(30);
    expect(attempt.signal.reason).toEqual(timeoutReason());
    const disposed = createAttemptSignal(5, undefined, timeoutReason);
    disposed.dispose();
    await wait(30);
    expect(disposed.signal.aborted).toBe(false);
  });
});
