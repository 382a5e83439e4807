import { durationIssues } from "./duration-issues.js";
import { nameIssues } from "./name-issues.js";
import type { Policy } from "./policy-schema.js";
import type { PolicyIssue } from "./policy-validation-error.js";
import { roleIssues } from "./role-issues.js";
import { vendorIssues } from "./vendor-issues.js";

/** The checks that span fields, on a policy whose fields are valid and references resolved. */
export function policyIssues(policy: Policy): PolicyIssue[] {
  return [...nameIssues(policy), ...durationIssues(policy), ...roleIssues(policy), ...vendorIssues(policy)];
}
