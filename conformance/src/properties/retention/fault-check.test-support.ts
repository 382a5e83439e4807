import { expect } from "vitest";
import { checkProperty, type PropertyOutcome } from "../../harness/check-property.js";
import type { GuaranteeProperty } from "../../harness/property.js";
import { startReferenceSession } from "../../test-support/reference-session.js";

/**
 * Runs `property` against the reference with `fault` put in and requires it to fail: a guarantee
 * violation, not an error of the run. Answers the outcome (its duration is reported by the tests).
 */
export async function expectFaultCaught(
  property: GuaranteeProperty,
  fault: string,
  seed = 1,
): Promise<PropertyOutcome> {
  const session = await startReferenceSession({ fault, seed: `fault-${fault}` });
  try {
    const outcome = await checkProperty(property, session, { seed, numRuns: 2 });
    expect(outcome.error, outcome.counterexample?.message).toBeUndefined();
    expect(outcome.status).toBe("failed");
    expect(outcome.counterexample?.message).toContain(property.guarantee);
    return outcome;
  } finally {
    await session.close();
  }
}
