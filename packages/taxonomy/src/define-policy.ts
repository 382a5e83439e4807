import type { z } from "zod";
import { deepFreeze } from "./deep-freeze.js";
import { findDuplicateKeys } from "./find-duplicate-keys.js";
import { policyIssues } from "./policy-issues.js";
import { type Policy, type PolicyInput, policySchema } from "./policy-schema.js";
import { type PolicyIssue, PolicyValidationError } from "./policy-validation-error.js";
import { resolveDurationReferences } from "./resolve-references.js";

export { type PolicyIssue, PolicyValidationError } from "./policy-validation-error.js";

/**
 * Validates a policy written in TypeScript and returns it frozen, with every duration reference
 * resolved. Throws PolicyValidationError listing every problem found, each with its path.
 */
export function definePolicy(input: PolicyInput): Policy {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) {
    throw new PolicyValidationError(
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        message: messageOf(issue),
      })),
    );
  }
  const { resolved, issues: referenceIssues } = resolveDurationReferences(parsed.data);
  if (referenceIssues.length > 0) throw new PolicyValidationError(referenceIssues);
  const policy = resolved as Policy;
  const issues: PolicyIssue[] = policyIssues(policy);
  if (issues.length > 0) throw new PolicyValidationError(issues);
  return deepFreeze(policy);
}

// A record key that fails its pattern is reported by zod as "Invalid key in record", with the
// pattern's own message nested: that one says what the key should look like.
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_key") return issue.issues[0]?.message ?? issue.message;
  return issue.message;
}

/**
 * Validates a policy read from JSON (a string or an already parsed value), for non-TypeScript users.
 * A JSON text with a member written twice in one object is refused: JSON.parse would keep only the
 * last, so one of the two would be ignored without a word.
 */
export function loadPolicy(json: unknown): Policy {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new PolicyValidationError([{ path: "", message: `not valid JSON: ${(error as Error).message}` }]);
    }
    const duplicates = findDuplicateKeys(json);
    if (duplicates.length > 0) {
      throw new PolicyValidationError(
        duplicates.map(({ path, key }) => ({
          path,
          message: `the key "${key}" appears twice in one object (JSON.parse would keep only the last)`,
        })),
      );
    }
  }
  return definePolicy(value as PolicyInput);
}
