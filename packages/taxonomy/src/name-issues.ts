import { resolvePointer } from "./pointer.js";
import type { Policy } from "./policy-schema.js";
import type { PolicyIssue } from "./policy-validation-error.js";

// Every name the policy uses refers to something it defines, links are declared on both sides, and
// every category and tested guarantee is tied to the data that governs it.
export function nameIssues(policy: Policy): PolicyIssue[] {
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
    for (const [i, anchor] of rule.anchors.entries()) {
      if (typeof anchor === "string")
        expectKnown(`${at}.anchors.${i}`, anchor, policy.anchors, "anchor event");
      else expectKnown(`${at}.anchors.${i}.event`, anchor.event, policy.anchors, "anchor event");
    }
    expectAllKnown(
      `${at}.excludedIdentifiers`,
      rule.excludedIdentifiers ?? [],
      policy.identifiers,
      "identifier",
    );
    if (rule.hold)
      expectKnown(`${at}.hold.legalBasis`, rule.hold.legalBasis, policy.legalBases, "legal basis");
    expectSections(at, rule.sections);
  }

  const { rights } = policy;
  expectAllKnown("rights.noExtensionFor", rights.noExtensionFor, rights.kinds, "right");
  expectKnown("rights.countsFrom.controller", rights.countsFrom.controller, policy.anchors, "anchor event");
  expectKnown("rights.countsFrom.processor", rights.countsFrom.processor, policy.anchors, "anchor event");
  for (const [name, kind] of Object.entries(rights.kinds))
    expectSections(`rights.kinds.${name}`, kind.sections);
  expectSections("rights", rights.sections);

  for (const [name, role] of Object.entries(policy.roles)) {
    expectAllKnown(`roles.${name}.permissions`, role.permissions, policy.permissions, "permission");
  }
  expectAllKnown("operatorPermissions", policy.operatorPermissions, policy.permissions, "permission");

  for (const [name, sub] of Object.entries(policy.subprocessors)) {
    expectAllKnown(`subprocessors.${name}.categories`, sub.categories, policy.categories, "category");
    expectSections(`subprocessors.${name}`, sub.sections);
  }

  for (const notice of ["breach", "policyChange"] as const) {
    expectAllKnown(`notices.${notice}.to`, policy.notices[notice].to, policy.roles, "role");
  }

  if (policy.security) expectSections("security", policy.security.sections);

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
    if (guarantee.method !== "attested" && guarantee.dependsOn.length === 0) {
      issues.push({
        path: `guarantees.${id}.dependsOn`,
        message: `a ${guarantee.method} guarantee must depend on the policy data it is tested against`,
      });
    }
  }
  return issues;
}
