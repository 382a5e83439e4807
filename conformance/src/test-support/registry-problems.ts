import type { Policy } from "@crmfactory/taxonomy";
import type { GuaranteeProperty } from "../harness/property.js";

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The RET-* and DEL-* guarantees of the policy: the ones this part of the suite must cover. */
export const coveredGuarantees = (policy: Policy) =>
  Object.keys(policy.guarantees).filter((id) => /^(RET|DEL)-/.test(id));

/**
 * What is wrong with the registries, each a sentence: properties or faults naming guarantees the
 * policy lacks, duplicate or malformed names, a covered guarantee with no property or no fault that
 * proves its property can fail, a fault aimed at a guarantee no property checks.
 */
export function registryProblems(
  policy: Policy,
  properties: readonly GuaranteeProperty[],
  faults: readonly { name: string; aims: readonly string[] }[],
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const property of properties) {
    const key = `${property.guarantee}/${property.name}`;
    if (!(property.guarantee in policy.guarantees))
      problems.push(`property ${key}: the policy has no guarantee ${property.guarantee}`);
    if (!kebab.test(property.name)) problems.push(`property ${key}: its name is not kebab-case`);
    if (seen.has(key)) problems.push(`property ${key}: registered twice`);
    seen.add(key);
    if (new Set(property.scenarios).size !== property.scenarios.length)
      problems.push(`property ${key}: a scenario is declared twice`);
    if (new Set(property.edges).size !== property.edges.length)
      problems.push(`property ${key}: an edge is declared twice`);
  }
  const faultNames = new Set<string>();
  for (const fault of faults) {
    if (!kebab.test(fault.name)) problems.push(`fault ${fault.name}: its name is not kebab-case`);
    if (faultNames.has(fault.name)) problems.push(`fault ${fault.name}: registered twice`);
    faultNames.add(fault.name);
    if (fault.aims.length === 0) problems.push(`fault ${fault.name}: aims at no guarantee`);
    for (const aim of fault.aims) {
      if (!(aim in policy.guarantees))
        problems.push(`fault ${fault.name}: the policy has no guarantee ${aim}`);
      else if (!properties.some((property) => property.guarantee === aim))
        problems.push(`fault ${fault.name}: aims at ${aim}, which no property checks`);
    }
  }
  for (const id of coveredGuarantees(policy)) {
    if (!properties.some((property) => property.guarantee === id))
      problems.push(`${id}: no property checks it`);
    if (!faults.some((fault) => fault.aims.includes(id)))
      problems.push(`${id}: no fault proves its property can fail`);
  }
  return problems;
}
