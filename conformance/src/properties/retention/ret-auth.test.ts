import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkProperty } from "../../harness/check-property.js";
import type { SuiteSession } from "../../harness/suite-session.js";
import { startReferenceSession } from "../../test-support/reference-session.js";
import { expectFaultCaught } from "./fault-check.test-support.js";
import { expectAllReached } from "./reached.test-support.js";
import { retAuthProperty } from "./ret-auth.js";

let session: SuiteSession;
beforeAll(async () => {
  session = await startReferenceSession();
});
afterAll(() => session?.close());

describe("RET-AUTH against the reference", () => {
  it.each([1, 2])("passes with seed %i, reaching every scenario and edge", async (seed) => {
    const outcome = await checkProperty(retAuthProperty, session, { seed, numRuns: 2 });
    expect(
      outcome.counterexample?.message ?? outcome.error,
      JSON.stringify(outcome.counterexample?.details),
    ).toBeUndefined();
    expect(outcome.status).toBe("passed");
    expectAllReached(outcome);
    console.info(`RET-AUTH seed ${seed}: ${outcome.durationMs} ms`, outcome.scenarios, outcome.edges);
  });
});

describe("RET-AUTH catches its faults", () => {
  it.each(["sessions-kept-after-window", "credentials-purged-at-closure", "audit-trail-kept-13-months"])(
    "fails under %s",
    async (fault) => {
      const outcome = await expectFaultCaught(retAuthProperty, fault);
      console.info(`RET-AUTH under ${fault}: ${outcome.durationMs} ms, ${outcome.counterexample?.message}`);
    },
  );
});
