import { expect } from "vitest";
import { loadPolicy, PolicyValidationError } from "../define-policy.js";
import type { PolicyInput } from "../policy-schema.js";

/** One validator rule broken once: a mutation of the policy (or a JSON text) and the exact problems. */
export interface RefusalRow {
  rule: string;
  input: PolicyInput | string;
  issues: { path: string; message: string }[];
}

/** Asserts that loadPolicy refuses the input with exactly these problems, in this order. */
export function expectRefused({ input, issues }: RefusalRow): void {
  expect(issuesOf(input)).toEqual(issues);
}

/** The problems loadPolicy reports for the input; fails the test when it accepts it. */
export function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    loadPolicy(input);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyValidationError);
    return [...(error as PolicyValidationError).issues];
  }
  throw new Error("the policy was accepted");
}

export const zeroDeadline = "must not be zero: a deadline of no time cannot be met";
