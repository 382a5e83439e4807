import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkProperty } from "../../harness/check-property.js";
import type { SuiteSession } from "../../harness/suite-session.js";
import { startReferenceSession } from "../../test-support/reference-session.js";
import { expectFaultCaught } from "./fault-check.test-support.js";
import { expectAllReached } from "./reached.test-support.js";
import { retAccountProperty } from "./ret-account.js";

let session: SuiteSession;
beforeAll(async () => {
  session = await startReferenceSession();
});
afterAll(() => session?.close());

describe("RET-ACCOUNT against the reference", () => {
  it.each([1, 2])("passes with seed %i, reaching every scenario and edge", async (seed) => {
    const outcome = await checkProperty(retAccountProperty, session, { seed, numRuns: 2 });
    expect(
      outcome.counterexample?.message ?? outcome.error,
      JSON.stringify(outcome.counterexample?.details),
    ).toBeUndefined();
    expect(outcome.status).toBe("passed");
    expectAllReached(outcome);
    console.info(`RET-ACCOUNT seed ${seed}: ${outcome.durationMs} ms`, outcome.scenarios, outcome.edges);
  });
});

describe("RET-ACCOUNT catches its faults", () => {
  it.each(["account-purge-two-days-late"])("fails under %s", async (fault) => {
    const outcome = await expectFaultCaught(retAccountProperty, fault);
    console.info(`RET-ACCOUNT under ${fault}: ${outcome.durationMs} ms, ${outcome.counterexample?.message}`);
  });
});
