import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkProperty } from "../../harness/check-property.js";
import type { SuiteSession } from "../../harness/suite-session.js";
import { startReferenceSession } from "../../test-support/reference-session.js";
import { retSecurity } from "./ret-security.js";

describe("RET-SECURITY on the reference", () => {
  let session: SuiteSession;
  beforeAll(async () => {
    session = await startReferenceSession({ seed: "ret-security" });
  });
  afterAll(() => session?.close());

  it.each([11, 12])("passes over seed %i, reaching every scenario and edge", async (seed) => {
    const outcome = await checkProperty(retSecurity, session, { seed, numRuns: 2 });
    expect(outcome.status, JSON.stringify(outcome.counterexample ?? outcome.error)).toBe("passed");
    expect(outcome.evidence).toBe("independent");
    for (const [name, count] of Object.entries({ ...outcome.scenarios, ...outcome.edges }))
      expect(count, name).toBeGreaterThan(0);
    console.info(`RET-SECURITY seed ${seed}: ${outcome.runs} runs in ${outcome.durationMs} ms`);
  });
});
