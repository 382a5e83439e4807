import { describe, expect, it } from "vitest";
import { checkOnReference, expectPassedReachingAll } from "../../test-support/check-on-reference.js";
import { delLegalHold } from "./del-legal-hold.js";

describe("DEL-LEGAL-HOLD", () => {
  it("passes on the reference over two seeds, reaching every scenario and edge", async () => {
    const outcomes = await checkOnReference(delLegalHold, { seeds: [1, 2], numRuns: 3 });
    console.log(`DEL-LEGAL-HOLD on the reference: ${outcomes.map((o) => `${o.durationMs} ms`).join(", ")}`);
    expectPassedReachingAll(delLegalHold, outcomes);
  }, 300_000);

  it("fails on the fault invoices-erased", async () => {
    const [outcome] = await checkOnReference(delLegalHold, {
      seeds: [1],
      numRuns: 2,
      fault: "invoices-erased",
    });
    console.log(
      `DEL-LEGAL-HOLD on invoices-erased: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
    );
    expect(outcome?.status, outcome?.error).toBe("failed");
  }, 300_000);

  it("fails on the fault receipt-omits-billing", async () => {
    const [outcome] = await checkOnReference(delLegalHold, {
      seeds: [1],
      numRuns: 2,
      fault: "receipt-omits-billing",
    });
    console.log(
      `DEL-LEGAL-HOLD on receipt-omits-billing: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
    );
    expect(outcome?.status, outcome?.error).toBe("failed");
  }, 300_000);
});
