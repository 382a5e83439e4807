import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BASE, problem, routes, testClient } from "../client.test-support.js";
import { NotFoundError, PrivacyError, TestClockFailedError, TimeoutError } from "../errors.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe.each(routes)("testClocks.advanceAndWait, %s", (_route, throughRaw) => {
  const client = () => testClient(throughRaw);

  it("polls until the clock is ready", async () => {
    let polls = 0;
    const clock = { id: "tc_1", frozenTime: "2027-01-01T00:00:00.000Z" };
    server.use(
      http.post(`${BASE}/test-clocks/tc_1/advance`, () =>
        HttpResponse.json({ ...clock, status: "advancing" }, { status: 202 }),
      ),
      http.get(`${BASE}/test-clocks/tc_1`, () =>
        HttpResponse.json({ ...clock, status: ++polls < 3 ? "advancing" : "ready" }),
      ),
    );
    const ready = await client().testClocks.advanceAndWait(
      "tc_1",
      { frozenTime: "2027-01-01T00:00:00.000Z" },
      { pollIntervalMs: 1 },
    );
    expect(ready.status).toBe("ready");
    expect(polls).toBe(3);
  });

  it("stops on failed with a TestClockFailedError carrying the clock's failure", async () => {
    const failure = {
      job: "retention-sweep",
      dueAt: "2026-10-01T00:00:00.000Z",
      tenantId: "0b6f3c1e-2d4a-4f8e-9c7b-1a2b3c4d5e6f",
      failedAt: "2026-12-02T10:00:00.000Z",
      problem: {
        type: "https://crmfactory.ai/problems/internal",
        title: "Internal error",
        status: 500,
        detail: "disk full",
      },
    };
    let polls = 0;
    server.use(
      http.post(`${BASE}/test-clocks/tc_1/advance`, () =>
        HttpResponse.json({ id: "tc_1", status: "advancing", failure: null }, { status: 202 }),
      ),
      http.get(`${BASE}/test-clocks/tc_1`, () =>
        HttpResponse.json(
          ++polls < 2
            ? { id: "tc_1", status: "advancing", failure: null }
            : { id: "tc_1", status: "failed", frozenTime: failure.dueAt, failure },
        ),
      ),
    );
    const error = await client()
      .testClocks.advanceAndWait("tc_1", { frozenTime: "2027-01-01T00:00:00.000Z" }, { pollIntervalMs: 1 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TestClockFailedError);
    expect(error).toBeInstanceOf(PrivacyError);
    expect(error).toMatchObject({
      failure,
      clock: { id: "tc_1", status: "failed", frozenTime: failure.dueAt },
    });
    expect((error as Error).message).toBe(
      "Test clock tc_1 failed at 2026-10-01T00:00:00.000Z, in job retention-sweep: disk full",
    );
    expect(polls).toBe(2);
  });

  it("stops on a clock the advance answered failed, without polling", async () => {
    let polls = 0;
    server.use(
      http.post(`${BASE}/test-clocks/tc_1/advance`, () =>
        HttpResponse.json({
          id: "tc_1",
          status: "failed",
          frozenTime: "2026-10-01T00:00:00.000Z",
          failure: null,
        }),
      ),
      http.get(`${BASE}/test-clocks/tc_1`, () => {
        polls++;
        return HttpResponse.json({ id: "tc_1", status: "ready" });
      }),
    );
    const error = await client()
      .testClocks.advanceAndWait("tc_1", { frozenTime: "2027-01-01T00:00:00.000Z" })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "TestClockFailedError", failure: null });
    expect((error as Error).message).toBe("Test clock tc_1 failed at 2026-10-01T00:00:00.000Z");
    expect(polls).toBe(0);
  });

  it("counts a poll answered test-clock-advancing as still advancing, waiting its Retry-After", async () => {
    let polls = 0;
    server.use(
      http.post(`${BASE}/test-clocks/tc_1/advance`, () =>
        HttpResponse.json({ id: "tc_1", status: "advancing" }, { status: 202 }),
      ),
      http.get(`${BASE}/test-clocks/tc_1`, () => {
        if (++polls < 3) {
          const response = problem(409, "test-clock-advancing");
          response.headers.set("Retry-After", "4");
          return response;
        }
        return HttpResponse.json({ id: "tc_1", status: "ready" });
      }),
    );
    const privacy = testClient(throughRaw, { retries: false });
    const ready = await privacy.testClocks.advanceAndWait(
      "tc_1",
      { frozenTime: "2027-01-01T00:00:00.000Z" },
      { pollIntervalMs: 7 },
    );
    expect(ready.status).toBe("ready");
    // The client's sleep hook: the poll interval, then each Retry-After.
    expect(privacy.sleeps).toEqual([7, 4_000, 4_000]);
  });

  it("passes on any other error of a poll", async () => {
    server.use(
      http.post(`${BASE}/test-clocks/tc_1/advance`, () =>
        HttpResponse.json({ id: "tc_1", status: "advancing" }),
      ),
      http.get(`${BASE}/test-clocks/tc_1`, () => problem(404, "not-found")),
    );
    await expect(
      client().testClocks.advanceAndWait(
        "tc_1",
        { frozenTime: "2027-01-01T00:00:00.000Z" },
        { pollIntervalMs: 1 },
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("gives up after waitTimeoutMs", async () => {
    server.use(
      http.post(`${BASE}/test-clocks/tc_1/advance`, () =>
        HttpResponse.json({ id: "tc_1", status: "advancing" }),
      ),
      http.get(`${BASE}/test-clocks/tc_1`, () => HttpResponse.json({ id: "tc_1", status: "advancing" })),
    );
    await expect(
      client().testClocks.advanceAndWait(
        "tc_1",
        { frozenTime: "2027-01-01T00:00:00.000Z" },
        { pollIntervalMs: 1, waitTimeoutMs: 20 },
      ),
    ).rejects.toBeInstanceOf(TimeoutError);
  });
});
