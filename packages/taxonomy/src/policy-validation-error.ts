export interface PolicyIssue {
  /** Where the problem is, e.g. `retention.crm.purgeWithin`. */
  path: string;
  message: string;
}

/** Every problem `definePolicy` or `loadPolicy` found, each with its path. */
export class PolicyValidationError extends Error {
  override readonly name = "PolicyValidationError";
  constructor(readonly issues: readonly PolicyIssue[]) {
    super(
      `Invalid privacy policy (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${issues
        .map((issue) => `  - ${issue.path || "(root)"}: ${issue.message}`)
        .join("\n")}`,
    );
  }
}
