import { describe, expect, it } from "vitest";
import { checkOnReference, expectPassedReachingAll } from "../../test-support/check-on-reference.js";
import { delRequest30d } from "./del-request-30d.js";

describe("DEL-REQUEST-30D", () => {
  it("passes on the reference over two seeds, reaching every scenario and edge", async () => {
    const outcomes = await checkOnReference(delRequest30d, { seeds: [1, 2], numRuns: 2 });
    console.log(`DEL-REQUEST-30D on the reference: ${outcomes.map((o) => `${o.durationMs} ms`).join(", ")}`);
    expectPassedReachingAll(delRequest30d, outcomes);
  }, 300_000);

  for (const fault of ["erasure-on-day-31", "messaging-copies-forgotten"])
    it(`fails on the fault ${fault}`, async () => {
      const [outcome] = await checkOnReference(delRequest30d, { seeds: [1], numRuns: 2, fault });
      console.log(
        `DEL-REQUEST-30D on ${fault}: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
      );
      expect(outcome?.status, outcome?.error).toBe("failed");
    }, 300_000);
});
