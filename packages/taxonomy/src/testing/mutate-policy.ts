import { crmFactoryPolicySource } from "../crm-factory/policy.js";
import type { PolicyInput } from "../policy-schema.js";

/**
 * A deep, mutable copy of the CRM Factory policy as written (duration references included), changed
 * by `edit`: for tests of validation.
 */
export function mutatePolicy(edit: (draft: PolicyInput) => void): PolicyInput {
  // Through JSON, so no two places of the draft share an array or object (structuredClone would keep
  // the sharing, and an edit of one rule would change another).
  const draft = JSON.parse(JSON.stringify(crmFactoryPolicySource)) as PolicyInput;
  edit(draft);
  return draft;
}
