import { defineFault } from "@crmfactory/conformance-faults";
import { crmFactoryPolicy } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import { customFieldsProperty, smallBodyFault } from "./test-support/custom-fields-fault.js";
import { detectFault, detectionTable, referenceOutcomes, unreached } from "./test-support/honesty.js";
import { coveredGuarantees, registryProblems } from "./test-support/registry-problems.js";

// The suite's checks of itself (suite-honesty.test.ts) applied to a pair whose outcome is known, so a
// check that could never fail would show here.

const harmlessFault = defineFault({
  name: "test-harmless",
  aims: ["RET-CRM"],
  description: "Test-only: raises a limit no property comes near, so nothing can catch it.",
  apply: (options) => ({ ...options, limits: { ...options.limits, maxRequestBodyBytes: 2_000_000 } }),
});

describe("the suite's honesty checks", () => {
  it("see the reference pass a property, and a declared edge it never reaches", async () => {
    const neverReached = {
      ...customFieldsProperty,
      name: "never-reached",
      edges: [...customFieldsProperty.edges, "a-billion-fields"],
    };
    const outcomes = await referenceOutcomes([customFieldsProperty, neverReached], [1, 2], 4);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["passed", "passed", "passed", "passed"]);
    expect(unreached(customFieldsProperty, outcomes)).toEqual([]);
    expect(unreached(neverReached, outcomes)).toEqual(["edge a-billion-fields"]);
  });

  it("see a fault caught on the guarantee it aims at, and a harmless one missed", async () => {
    const detections = [
      ...(await detectFault(smallBodyFault, [customFieldsProperty], { seed: 3, numRuns: 6 })),
      ...(await detectFault(harmlessFault, [customFieldsProperty], { seed: 3, numRuns: 3 })),
      ...(await detectFault(
        { ...harmlessFault, name: "test-aims-unchecked", aims: ["RIGHTS-KINDS"] },
        [customFieldsProperty],
        { seed: 3, numRuns: 1 },
      )),
    ];
    expect(detections.map(({ fault, guarantee, result }) => [fault, guarantee, result])).toEqual([
      ["test-small-body-limit", "RET-CRM", "caught"],
      ["test-harmless", "RET-CRM", "missed"],
      ["test-aims-unchecked", "RIGHTS-KINDS", "no property"],
    ]);
    expect(detections[0]?.detail).toBe(
      "custom-fields-read-back: the contact was refused while the account is active",
    );
    expect(detectionTable(detections).split("\n")[2]).toMatch(/^test-harmless\s+RET-CRM\s+missed/);
  });

  it("name every registry problem", () => {
    const problems = registryProblems(
      crmFactoryPolicy,
      [
        customFieldsProperty,
        customFieldsProperty,
        { ...customFieldsProperty, guarantee: "RET-NOPE", name: "Bad_Name" },
      ],
      [smallBodyFault, { name: "aims-nothing-real", aims: ["NOPE", "RIGHTS-KINDS"] }],
    );
    expect(problems).toContain("property RET-CRM/custom-fields-read-back: registered twice");
    expect(problems).toContain("property RET-NOPE/Bad_Name: the policy has no guarantee RET-NOPE");
    expect(problems).toContain("property RET-NOPE/Bad_Name: its name is not kebab-case");
    expect(problems).toContain("fault aims-nothing-real: the policy has no guarantee NOPE");
    expect(problems).toContain("fault aims-nothing-real: aims at RIGHTS-KINDS, which no property checks");
    expect(problems).toContain("RET-ACCOUNT: no property checks it");
    expect(problems).toContain("RET-ACCOUNT: no fault proves its property can fail");
    expect(problems).not.toContain("RET-CRM: no property checks it");
    expect(problems).not.toContain("RET-CRM: no fault proves its property can fail");
    expect(coveredGuarantees(crmFactoryPolicy)).toHaveLength(16);
  });
});
