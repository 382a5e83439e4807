import { createReferenceTarget } from "@crmfactory/conformance-faults";
import { crmFactoryPolicy, definePolicy, type Policy } from "@crmfactory/taxonomy";
import type { TargetFactory } from "../harness/target.js";

/** CRM Factory's policy under another company's id: every number alike, the hash different. */
export function anotherCompanysPolicy(): Policy {
  const input = structuredClone(crmFactoryPolicy) as unknown as { id: string; name: string };
  input.id = "another-company";
  input.name = "Another Company Privacy Policy";
  return definePolicy(input as never);
}

/** An in-process target module (`--target`) whose reference enforces {@link anotherCompanysPolicy}. */
export const createTarget: TargetFactory = (environment) =>
  createReferenceTarget(environment, { reference: { policy: anotherCompanysPolicy() } });
