import { expect } from "vitest";
import { checkProperty, type PropertyOutcome } from "../harness/check-property.js";
import type { GuaranteeProperty } from "../harness/property.js";
import { startReferenceSession } from "./reference-session.js";

/**
 * Checks `property` against the reference (or one of its faults) over each seed and answers the
 * outcomes with their durations; the session is fresh per call and closed after it.
 */
export async function checkOnReference(
  property: GuaranteeProperty,
  options: { seeds: readonly number[]; numRuns: number; fault?: string },
): Promise<PropertyOutcome[]> {
  const session = await startReferenceSession(options.fault ? { fault: options.fault } : {});
  try {
    const outcomes: PropertyOutcome[] = [];
    for (const seed of options.seeds)
      outcomes.push(await checkProperty(property, session, { seed, numRuns: options.numRuns }));
    return outcomes;
  } finally {
    await session.close();
  }
}

/** The reference passes over every seed, and the seeds together reach every declared scenario and edge. */
export function expectPassedReachingAll(
  property: GuaranteeProperty,
  outcomes: readonly PropertyOutcome[],
): void {
  for (const outcome of outcomes)
    expect(
      outcome.status,
      `${outcome.guarantee} seed ${outcome.seed}: ${outcome.counterexample?.message ?? outcome.error ?? ""}`,
    ).toBe("passed");
  for (const name of property.scenarios)
    expect(
      outcomes.reduce((sum, o) => sum + (o.scenarios[name] ?? 0), 0),
      `scenario "${name}"`,
    ).toBeGreaterThan(0);
  for (const name of property.edges)
    expect(
      outcomes.reduce((sum, o) => sum + (o.edges[name] ?? 0), 0),
      `edge "${name}"`,
    ).toBeGreaterThan(0);
}
