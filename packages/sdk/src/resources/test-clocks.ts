import { TestClockAdvancingError, TestClockFailedError, TimeoutError } from "../errors.js";
import type { OperationMethods } from "../generated/operations.js";
import type { RequestBody, ResponseBody } from "../operation-types.js";
import type { RequestOptions } from "../request-options.js";
import type { SendConfig } from "../send.js";

/** Options of {@link TestClockExtras.advanceAndWait}. */
export interface AdvanceAndWaitOptions extends RequestOptions {
  /** Between polls. Default 100 ms. */
  pollIntervalMs?: number;
  /** Overall wait for `ready`. Default 60 s. */
  waitTimeoutMs?: number;
}

/** What the test clocks resource adds to its operations. */
export interface TestClockExtras {
  /**
   * Advances the clock, then polls it until it reports `ready`, that is until every job that came due
   * (sweeps, deadlines, notices) has run. Rejects with {@link TestClockFailedError} (with the clock's
   * `failure`) when the clock stops `failed`, and with {@link TimeoutError} after `waitTimeoutMs`. A
   * poll answered `test-clock-advancing` counts as still advancing (its `Retry-After` is the wait).
   */
  advanceAndWait(
    testClockId: string,
    body: RequestBody<"advanceTestClock">,
    options?: AdvanceAndWaitOptions,
  ): Promise<ResponseBody<"getTestClock">>;
}

type TestClockOperations = {
  get: OperationMethods["getTestClock"];
  advance: OperationMethods["advanceTestClock"];
};

export function testClockExtras(
  testClocks: TestClockOperations,
  sleep: SendConfig["sleep"],
): TestClockExtras {
  return {
    async advanceAndWait(testClockId, body, options = {}) {
      const { pollIntervalMs = 100, waitTimeoutMs = 60_000, ...requestOptions } = options;
      const deadline = Date.now() + waitTimeoutMs;
      let clock: ResponseBody<"getTestClock"> | undefined = await testClocks.advance(
        testClockId,
        body,
        requestOptions,
      );
      let wait = pollIntervalMs;
      while (clock?.status !== "ready") {
        if (clock?.status === "failed") throw new TestClockFailedError(clock);
        if (Date.now() >= deadline) {
          throw new TimeoutError(`Test clock ${testClockId} was still advancing after ${waitTimeoutMs} ms`);
        }
        await sleep(wait, requestOptions.signal);
        try {
          clock = await testClocks.get(testClockId, requestOptions);
          wait = pollIntervalMs;
        } catch (error) {
          if (!(error instanceof TestClockAdvancingError)) throw error;
          clock = undefined;
          wait = error.retryAfterMs ?? pollIntervalMs;
        }
      }
      return clock;
    },
  };
}
