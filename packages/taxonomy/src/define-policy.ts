import { compareDurations } from "./duration.js";
import { resolvePointer } from "./pointer.js";
import { type Policy, type PolicyInput, policySchema } from "./policy-schema.js";

export interface PolicyIssue {
  /** Where the problem is, e.g. `retention.crm.purgeWithin`. */
  path: string;
  message: string;
}

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

/** Validates a policy written in TypeScript and returns it frozen. Throws PolicyValidationError. */
export function definePolicy(input: PolicyInput): Policy {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) {
    throw new PolicyValidationError(
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        message: issue.message,
      })),
    );
  }
  const issues = crossReferenceIssues(parsed.data);
  if (issues.length > 0) throw new PolicyValidationError(issues);
  return deepFreeze(parsed.data);
}

/** Validates a policy read from JSON (a string or an already parsed value), for non-TypeScript users. */
export function loadPolicy(json: unknown): Policy {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new PolicyValidationError([{ path: "", message: `not valid JSON: ${(error as Error).message}` }]);
    }
  }
  return definePolicy(value as PolicyInput);
}

// The schema checks each field alone; these checks span fields: every reference names something that
// exists, and the numbers agree with each other.
function crossReferenceIssues(policy: Policy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const expectKnown = (path: string, value: string, known: object, what: string) => {
    if (!Object.hasOwn(known, value)) issues.push({ path, message: `unknown ${what} "${value}"` });
  };
  const expectAllKnown = (path: string, values: readonly string[], known: object, what: string) => {
    for (const [i, value] of values.entries()) expectKnown(`${path}.${i}`, value, known, what);
  };
  const expectSections = (path: string, refs: readonly string[]) =>
    expectAllKnown(`${path}.sections`, refs, policy.sections, "section");

  for (const [name, purpose] of Object.entries(policy.purposes))
    expectSections(`purposes.${name}`, purpose.sections);

  for (const [name, category] of Object.entries(policy.categories)) {
    const at = `categories.${name}`;
    expectAllKnown(`${at}.purposes`, category.purposes, policy.purposes, "purpose");
    expectAllKnown(`${at}.legalBases`, category.legalBases, policy.legalBases, "legal basis");
    expectAllKnown(`${at}.subprocessors`, category.subprocessors, policy.subprocessors, "subprocessor");
    for (const [i, s] of category.subprocessors.entries()) {
      const sub = policy.subprocessors[s];
      if (sub && !sub.categories.includes(name)) {
        issues.push({
          path: `${at}.subprocessors.${i}`,
          message: `subprocessor "${s}" does not list category "${name}"`,
        });
      }
    }
    expectSections(at, category.sections);
    if (!Object.values(policy.retention).some((rule) => rule.category === name)) {
      issues.push({ path: at, message: `category "${name}" has no retention rule` });
    }
  }

  for (const [name, rule] of Object.entries(policy.retention)) {
    const at = `retention.${name}`;
    expectKnown(`${at}.category`, rule.category, policy.categories, "category");
    expectAllKnown(`${at}.anchors`, rule.anchors, policy.anchors, "anchor event");
    if (rule.hold)
      expectKnown(`${at}.hold.legalBasis`, rule.hold.legalBasis, policy.legalBases, "legal basis");
    if (
      rule.keepFor &&
      rule.purgeCountsFrom === "anchor" &&
      compareDurations(rule.keepFor, rule.purgeWithin) > 0
    ) {
      issues.push({
        path: `${at}.keepFor`,
        message: `keeps data (${rule.keepFor}) past its own purge deadline (${rule.purgeWithin})`,
      });
    }
    if (!rule.keepFor && rule.purgeCountsFrom === "keepForEnd") {
      issues.push({
        path: `${at}.purgeCountsFrom`,
        message: "counts from the end of keepFor, but keepFor is not set",
      });
    }
    expectSections(at, rule.sections);
  }

  const { rights } = policy;
  if (compareDurations(rights.extendedTotal, rights.respondWithin) <= 0) {
    issues.push({
      path: "rights.extendedTotal",
      message: `the extended total (${rights.extendedTotal}) must be longer than the deadline (${rights.respondWithin})`,
    });
  }
  if (compareDurations(rights.extensionNoticeBefore, rights.respondWithin) > 0) {
    issues.push({
      path: "rights.extensionNoticeBefore",
      message: `notice of an extension must come before the first deadline (${rights.respondWithin})`,
    });
  }
  expectAllKnown(`rights.noExtensionFor`, rights.noExtensionFor, rights.kinds, "right");
  expectKnown("rights.countsFrom.controller", rights.countsFrom.controller, policy.anchors, "anchor event");
  expectKnown("rights.countsFrom.processor", rights.countsFrom.processor, policy.anchors, "anchor event");
  for (const [name, kind] of Object.entries(rights.kinds))
    expectSections(`rights.kinds.${name}`, kind.sections);
  expectSections("rights", rights.sections);

  const levels = new Map<number, string>();
  for (const [name, role] of Object.entries(policy.roles)) {
    expectAllKnown(`roles.${name}.permissions`, role.permissions, policy.permissions, "permission");
    const twin = levels.get(role.level);
    if (twin)
      issues.push({ path: `roles.${name}.level`, message: `level ${role.level} is also role "${twin}"'s` });
    levels.set(role.level, name);
  }
  expectAllKnown("operatorPermissions", policy.operatorPermissions, policy.permissions, "permission");

  for (const [name, sub] of Object.entries(policy.subprocessors)) {
    expectAllKnown(`subprocessors.${name}.categories`, sub.categories, policy.categories, "category");
    expectSections(`subprocessors.${name}`, sub.sections);
  }

  for (const notice of ["breach", "policyChange"] as const) {
    expectAllKnown(`notices.${notice}.to`, policy.notices[notice].to, policy.roles, "role");
  }

  for (const [id, guarantee] of Object.entries(policy.guarantees)) {
    expectSections(`guarantees.${id}`, guarantee.sections);
    for (const [i, pointer] of guarantee.dependsOn.entries()) {
      if (resolvePointer(policy, pointer) === undefined) {
        issues.push({
          path: `guarantees.${id}.dependsOn.${i}`,
          message: `"${pointer}" points at nothing in the policy`,
        });
      }
    }
  }
  return issues;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
