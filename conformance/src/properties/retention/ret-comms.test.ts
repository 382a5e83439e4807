import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkProperty } from "../../harness/check-property.js";
import type { SuiteSession } from "../../harness/suite-session.js";
import { startReferenceSession } from "../../test-support/reference-session.js";
import { expectFaultCaught } from "./fault-check.test-support.js";
import { expectAllReached } from "./reached.test-support.js";
import { retCommsProperty } from "./ret-comms.js";

let session: SuiteSession;
beforeAll(async () => {
  session = await startReferenceSession();
});
afterAll(() => session?.close());

describe("RET-COMMS against the reference", () => {
  it.each([1, 2])("passes with seed %i, reaching every scenario and edge", async (seed) => {
    const outcome = await checkProperty(retCommsProperty, session, { seed, numRuns: 2 });
    expect(
      outcome.counterexample?.message ?? outcome.error,
      JSON.stringify(outcome.counterexample?.details),
    ).toBeUndefined();
    expect(outcome.status).toBe("passed");
    expectAllReached(outcome);
    console.info(`RET-COMMS seed ${seed}: ${outcome.durationMs} ms`, outcome.scenarios, outcome.edges);
  });
});

describe("RET-COMMS catches its faults", () => {
  it.each(["communications-purged-on-day-29", "twilio-deletes-dropped", "resend-contacts-never-deleted"])(
    "fails under %s",
    async (fault) => {
      const outcome = await expectFaultCaught(retCommsProperty, fault);
      console.info(`RET-COMMS under ${fault}: ${outcome.durationMs} ms, ${outcome.counterexample?.message}`);
    },
  );
});
