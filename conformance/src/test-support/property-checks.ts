import { faults } from "@crmfactory/conformance-faults";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkProperty } from "../harness/check-property.js";
import type { GuaranteeProperty } from "../harness/property.js";
import type { SuiteSession } from "../harness/suite-session.js";
import { startReferenceSession } from "./reference-session.js";

/**
 * The suite's own tests of one property: the reference passes over each seed with every declared
 * scenario and edge reached, and every fault aiming at the property's guarantee makes it fail (the
 * first failing run, unshrunk). Durations are printed, not asserted.
 */
export function describePropertyChecks(
  property: GuaranteeProperty,
  options: { seeds: readonly number[]; numRuns: number },
): void {
  describe(`${property.guarantee} ${property.name} on the reference`, () => {
    let session: SuiteSession;
    beforeAll(async () => {
      session = await startReferenceSession({ seed: property.name });
    });
    afterAll(() => session?.close());

    it.each(options.seeds)("passes over seed %i, reaching every scenario and edge", async (seed) => {
      const outcome = await checkProperty(property, session, { seed, numRuns: options.numRuns });
      expect(outcome.status, JSON.stringify(outcome.counterexample ?? outcome.error)).toBe("passed");
      expect(outcome.runs).toBe(options.numRuns);
      expect(outcome.evidence).toBe("independent");
      for (const [name, count] of Object.entries({ ...outcome.scenarios, ...outcome.edges }))
        expect(count, name).toBeGreaterThan(0);
      console.info(`${property.guarantee} seed ${seed}: ${outcome.runs} runs in ${outcome.durationMs} ms`);
    });
  });

  const aimed = faults.filter((fault) => fault.aims.includes(property.guarantee));
  describe(`${property.guarantee} ${property.name} against the faults aimed at it`, () => {
    it("has at least one", () => expect(aimed.length).toBeGreaterThan(0));
    it.each(aimed.map((fault) => fault.name))("fails against %s", async (name) => {
      const session = await startReferenceSession({ fault: name, seed: `${property.name}-${name}` });
      try {
        const outcome = await checkProperty(property, session, {
          seed: options.seeds[0] as number,
          numRuns: options.numRuns,
          shrink: false,
        });
        expect(outcome.status, JSON.stringify(outcome.error ?? outcome.counterexample?.message)).toBe(
          "failed",
        );
        expect(outcome.counterexample?.message).toContain(property.guarantee);
        console.info(
          `${property.guarantee} vs ${name}: ${outcome.counterexample?.message} (${outcome.durationMs} ms)`,
        );
      } finally {
        await session.close();
      }
    });
  });
}
