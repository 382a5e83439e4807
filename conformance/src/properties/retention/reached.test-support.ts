import { expect } from "vitest";
import type { PropertyOutcome } from "../../harness/check-property.js";

/** Every declared scenario and edge of the property was reached at least once in the check. */
export function expectAllReached(outcome: PropertyOutcome): void {
  const missed = [
    ...Object.entries(outcome.scenarios)
      .filter(([, n]) => n === 0)
      .map(([name]) => `scenario ${name}`),
    ...Object.entries(outcome.edges)
      .filter(([, n]) => n === 0)
      .map(([name]) => `edge ${name}`),
  ];
  expect(missed).toEqual([]);
}
