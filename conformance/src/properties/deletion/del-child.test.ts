import { describe, expect, it } from "vitest";
import { checkOnReference, expectPassedReachingAll } from "../../test-support/check-on-reference.js";
import { delChild } from "./del-child.js";

describe("DEL-CHILD", () => {
  it("passes on the reference over two seeds, reaching every scenario and edge", async () => {
    const outcomes = await checkOnReference(delChild, { seeds: [1, 2], numRuns: 3 });
    console.log(`DEL-CHILD on the reference: ${outcomes.map((o) => `${o.durationMs} ms`).join(", ")}`);
    expectPassedReachingAll(delChild, outcomes);
  }, 300_000);

  it("fails on the fault child-report-ignored", async () => {
    const [outcome] = await checkOnReference(delChild, {
      seeds: [1],
      numRuns: 2,
      fault: "child-report-ignored",
    });
    console.log(
      `DEL-CHILD on child-report-ignored: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
    );
    expect(outcome?.status, outcome?.error).toBe("failed");
  }, 300_000);

  it("fails on the fault photo-left-at-file-storage", async () => {
    const [outcome] = await checkOnReference(delChild, {
      seeds: [1],
      numRuns: 2,
      fault: "photo-left-at-file-storage",
    });
    console.log(
      `DEL-CHILD on photo-left-at-file-storage: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
    );
    expect(outcome?.status, outcome?.error).toBe("failed");
  }, 300_000);
});
