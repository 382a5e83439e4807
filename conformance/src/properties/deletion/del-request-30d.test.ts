import { describe, expect, it } from "vitest";
import { checkOnReference, expectPassedReachingAll } from "../../test-support/check-on-reference.js";
import { delRequest30d } from "./del-request-30d.js";

describe("DEL-REQUEST-30D", () => {
  it("passes on the reference over two seeds, reaching every scenario and edge", async () => {
    const outcomes = await checkOnReference(delRequest30d, { seeds: [1, 2], numRuns: 2 });
    console.log(`DEL-REQUEST-30D on the reference: ${outcomes.map((o) => `${o.durationMs} ms`).join(", ")}`);
    expectPassedReachingAll(delRequest30d, outcomes);
  }, 300_000);

  it("fails on an erasure that finishes the day after its deadline", async () => {
    const [outcome] = await checkOnReference(delRequest30d, {
      seeds: [1],
      numRuns: 2,
      fault: "erasure-on-day-31",
    });
    expect(outcome?.status, outcome?.error).toBe("failed");
  }, 300_000);
});
