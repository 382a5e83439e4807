import { describe, expect, it } from "vitest";
import { checkOnReference, expectPassedReachingAll } from "../../test-support/check-on-reference.js";
import { delAccountClose } from "./del-account-close.js";

describe("DEL-ACCOUNT-CLOSE", () => {
  it("passes on the reference over two seeds, reaching every scenario and edge", async () => {
    const outcomes = await checkOnReference(delAccountClose, { seeds: [1, 2], numRuns: 3 });
    console.log(
      `DEL-ACCOUNT-CLOSE on the reference: ${outcomes.map((o) => `${o.durationMs} ms`).join(", ")}`,
    );
    expectPassedReachingAll(delAccountClose, outcomes);
  }, 400_000);

  for (const fault of ["export-refused-after-closure", "closed-accounts-never-swept"])
    it(`fails on the fault ${fault}`, async () => {
      const [outcome] = await checkOnReference(delAccountClose, { seeds: [1], numRuns: 2, fault });
      console.log(
        `DEL-ACCOUNT-CLOSE on ${fault}: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
      );
      expect(outcome?.status, outcome?.error).toBe("failed");
    }, 400_000);
});
