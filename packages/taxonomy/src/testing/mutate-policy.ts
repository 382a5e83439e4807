import { crmFactoryPolicy } from "../crm-factory/policy.js";
import type { PolicyInput } from "../policy-schema.js";

/** A deep, mutable copy of the CRM Factory policy, changed by `edit`: for tests of validation. */
export function mutatePolicy(edit: (draft: PolicyInput) => void): PolicyInput {
  const draft = structuredClone(crmFactoryPolicy) as PolicyInput;
  edit(draft);
  return draft;
}
