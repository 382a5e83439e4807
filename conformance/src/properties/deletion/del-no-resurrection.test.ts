import { describe, expect, it } from "vitest";
import { checkOnReference, expectPassedReachingAll } from "../../test-support/check-on-reference.js";
import { delNoResurrection } from "./del-no-resurrection.js";

describe("DEL-NO-RESURRECTION", () => {
  it("passes on the reference over two seeds, reaching every scenario and edge", async () => {
    const outcomes = await checkOnReference(delNoResurrection, { seeds: [1, 2], numRuns: 2 });
    console.log(
      `DEL-NO-RESURRECTION on the reference: ${outcomes.map((o) => `${o.durationMs} ms`).join(", ")}`,
    );
    expectPassedReachingAll(delNoResurrection, outcomes);
  }, 400_000);

  for (const fault of ["erased-contact-synced-back", "erased-subject-left-in-exports"])
    it(`fails on the fault ${fault}`, async () => {
      const [outcome] = await checkOnReference(delNoResurrection, { seeds: [1], numRuns: 2, fault });
      console.log(
        `DEL-NO-RESURRECTION on ${fault}: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
      );
      expect(outcome?.status, outcome?.error).toBe("failed");
    }, 400_000);
});
