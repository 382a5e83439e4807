import { TimeoutError } from "../errors.js";
import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import { sleep } from "../retry.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Options of {@link TestClocks.advanceAndWait}. */
export interface AdvanceAndWaitOptions extends RequestOptions {
  /** Between polls. Default 100 ms. */
  pollIntervalMs?: number;
  /** Overall wait for `ready`. Default 60 s. */
  waitTimeoutMs?: number;
}

/** Test clocks: frozen, advanceable time for test mode (absent in production). */
export class TestClocks extends Resource {
  /** Create a test clock (test mode only); `createTestClock`. */
  create(
    body: RequestBody<"createTestClock">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createTestClock">> {
    return unwrap(this.api(options).POST("/test-clocks", { body }));
  }

  /** List test clocks (test mode only); `listTestClocks`. Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listTestClocks">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listTestClocks">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/test-clocks", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Get a test clock (test mode only); `getTestClock`. */
  get(testClockId: string, options?: RequestOptions): Promise<ResponseBody<"getTestClock">> {
    return unwrap(
      this.api(options).GET("/test-clocks/{testClockId}", {
        params: { path: { testClockId } },
      }),
    );
  }

  /** Delete a test clock and its tenants (test mode only); `deleteTestClock`. */
  delete(testClockId: string, options?: RequestOptions): Promise<void> {
    return unwrap(
      this.api(options).DELETE("/test-clocks/{testClockId}", {
        params: { path: { testClockId } },
      }),
    );
  }

  /** Advance a test clock (test mode only); `advanceTestClock`. */
  advance(
    testClockId: string,
    body: RequestBody<"advanceTestClock">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"advanceTestClock">> {
    return unwrap(
      this.api(options).POST("/test-clocks/{testClockId}/advance", {
        params: { path: { testClockId } },
        body,
      }),
    );
  }

  /** Inspect what is still held for a tenant of a test clock (test mode only); `getTestClockTenantInventory`. */
  getTenantInventory(
    testClockId: string,
    tenantId: string,
    options?: RequestOptions,
  ): Promise<ResponseBody<"getTestClockTenantInventory">> {
    return unwrap(
      this.api(options).GET("/test-clocks/{testClockId}/tenants/{tenantId}/inventory", {
        params: { path: { testClockId, tenantId } },
      }),
    );
  }

  /**
   * Advances the clock, then polls it until it reports `ready`, that is until every job that came due
   * (sweeps, deadlines, notices) has run. Rejects with {@link TimeoutError} after `waitTimeoutMs`.
   */
  async advanceAndWait(
    testClockId: string,
    body: RequestBody<"advanceTestClock">,
    options: AdvanceAndWaitOptions = {},
  ): Promise<ResponseBody<"getTestClock">> {
    const { pollIntervalMs = 100, waitTimeoutMs = 60_000, ...requestOptions } = options;
    const deadline = Date.now() + waitTimeoutMs;
    let clock: ResponseBody<"getTestClock"> = await this.advance(testClockId, body, requestOptions);
    while (clock.status !== "ready") {
      if (Date.now() >= deadline) {
        throw new TimeoutError(`Test clock ${testClockId} was still advancing after ${waitTimeoutMs} ms`);
      }
      await sleep(pollIntervalMs, requestOptions.signal);
      clock = await this.get(testClockId, requestOptions);
    }
    return clock;
  }
}
