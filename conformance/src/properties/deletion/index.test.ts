import { faults } from "@crmfactory/conformance-faults";
import { crmFactoryPolicy } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import { deletionProperties } from "./index.js";

const tested = Object.entries(crmFactoryPolicy.guarantees)
  .filter(([id, guarantee]) => id.startsWith("DEL-") && guarantee.method === "tested")
  .map(([id]) => id);

describe("deletionProperties", () => {
  it("has a property for every tested deletion guarantee of the policy, each with declared scenarios", () => {
    expect(tested.length).toBeGreaterThan(0);
    expect(new Set(deletionProperties.map((p) => p.guarantee))).toEqual(new Set(tested));
    for (const property of deletionProperties) expect(property.scenarios.length).toBeGreaterThan(0);
  });

  it("has, for every deletion guarantee, a fault aimed at it", () => {
    for (const id of tested)
      expect(faults.filter((fault) => fault.aims.includes(id)).length, id).toBeGreaterThan(0);
  });
});
