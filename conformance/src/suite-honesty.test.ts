import { faults } from "@crmfactory/conformance-faults";
import { crmFactoryPolicy } from "@crmfactory/taxonomy";
import { afterAll, describe, expect, it } from "vitest";
import { properties } from "./properties/index.js";
import {
  type Detection,
  detectFault,
  detectionTable,
  referenceOutcomes,
  unreached,
} from "./test-support/honesty.js";
import { coveredGuarantees, registryProblems } from "./test-support/registry-problems.js";

// The suite proves itself on the registries as they are: the reference passes every property (no
// false failures), every declared scenario and edge is reached, and every fault fails on a guarantee
// it aims at. Runs stay few (the machine has two cores); CONFORMANCE_HONESTY_RUNS raises them.
const numRuns = Number(process.env.CONFORMANCE_HONESTY_RUNS ?? 3);
const seeds = [20260401, 7];

describe("the registries", () => {
  it("cover every retention and deletion guarantee with a property and a fault, and name nothing unknown", () => {
    expect(registryProblems(crmFactoryPolicy, properties, faults)).toEqual([]);
  });

  it.each(coveredGuarantees(crmFactoryPolicy))("%s has a property", (id) => {
    const names = properties.filter((property) => property.guarantee === id).map((property) => property.name);
    expect(names, `${id} has no property registered in src/properties`).not.toEqual([]);
  });
});

describe.skipIf(properties.length === 0)("the reference against every property", () => {
  it(`passes over seeds ${seeds.join(" and ")}, reaching every declared scenario and edge`, async () => {
    const outcomes = await referenceOutcomes(properties, seeds, numRuns);
    const failures = outcomes
      .filter((outcome) => outcome.status !== "passed")
      .map(
        (outcome) =>
          `${outcome.guarantee}/${outcome.property} seed ${outcome.seed}: ${outcome.status}: ${outcome.counterexample?.message ?? outcome.error}`,
      );
    expect(failures).toEqual([]);
    const unreachedByProperty = properties
      .map((property) => [`${property.guarantee}/${property.name}`, unreached(property, outcomes)] as const)
      .filter(([, names]) => names.length > 0);
    expect(Object.fromEntries(unreachedByProperty)).toEqual({});
  }, 1_800_000);
});

describe.skipIf(faults.length === 0)("every fault", () => {
  const detections: Detection[] = [];
  afterAll(() => {
    // The fault-detection table, for whoever reads the test log.
    console.log(`fault detection (seed ${seeds[0]}, ${numRuns} runs)\n${detectionTable(detections)}`);
  });

  // Every guarantee a fault aims at must catch it: a fault aimed at three guarantees but caught on one
  // would leave the other two with no proof that their properties can fail.
  it.each(faults.map((fault) => [fault.name, fault] as const))(
    "%s fails on every guarantee it aims at",
    async (_, fault) => {
      const found = await detectFault(fault, properties, { seed: seeds[0] ?? 1, numRuns });
      detections.push(...found);
      const notCaught = found
        .filter((detection) => detection.result !== "caught")
        .map((detection) => `${detection.guarantee}: ${detection.result} ${detection.detail}`);
      expect(found.length).toBeGreaterThan(0);
      expect(notCaught).toEqual([]);
    },
    600_000,
  );
});
