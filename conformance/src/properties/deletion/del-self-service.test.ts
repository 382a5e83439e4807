import { describe, expect, it } from "vitest";
import { checkOnReference, expectPassedReachingAll } from "../../test-support/check-on-reference.js";
import { delSelfService } from "./del-self-service.js";

describe("DEL-SELF-SERVICE", () => {
  it("passes on the reference over two seeds, reaching every scenario and edge", async () => {
    const outcomes = await checkOnReference(delSelfService, { seeds: [1, 2], numRuns: 3 });
    console.log(`DEL-SELF-SERVICE on the reference: ${outcomes.map((o) => `${o.durationMs} ms`).join(", ")}`);
    expectPassedReachingAll(delSelfService, outcomes);
  }, 300_000);

  it("fails on the fault deletion-refused-for-admin", async () => {
    const [outcome] = await checkOnReference(delSelfService, {
      seeds: [1],
      numRuns: 2,
      fault: "deletion-refused-for-admin",
    });
    console.log(
      `DEL-SELF-SERVICE on deletion-refused-for-admin: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
    );
    expect(outcome?.status, outcome?.error).toBe("failed");
  }, 300_000);

  it("fails on the fault export-refused-for-admin", async () => {
    const [outcome] = await checkOnReference(delSelfService, {
      seeds: [1],
      numRuns: 2,
      fault: "export-refused-for-admin",
    });
    console.log(
      `DEL-SELF-SERVICE on export-refused-for-admin: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
    );
    expect(outcome?.status, outcome?.error).toBe("failed");
  }, 300_000);
});
