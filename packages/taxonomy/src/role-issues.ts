import type { Policy } from "./policy-schema.js";
import type { PolicyIssue } from "./policy-validation-error.js";

// Section 4's permission levels: each role its own level, and the operator's permissions in no
// tenant role (a tenant must never hold a platform power such as confirming incidents).
export function roleIssues(policy: Policy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const operator = new Set(policy.operatorPermissions);
  const levels = new Map<number, string>();
  for (const [name, role] of Object.entries(policy.roles)) {
    const twin = levels.get(role.level);
    if (twin)
      issues.push({ path: `roles.${name}.level`, message: `level ${role.level} is also role "${twin}"'s` });
    levels.set(role.level, name);
    for (const [i, permission] of role.permissions.entries()) {
      if (operator.has(permission)) {
        issues.push({
          path: `roles.${name}.permissions.${i}`,
          message: `"${permission}" is an operator permission: no tenant role may hold it`,
        });
      }
    }
  }
  return issues;
}
