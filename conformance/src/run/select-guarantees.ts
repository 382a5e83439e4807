import { type GuaranteeEntry, guaranteeCatalogue, type Policy } from "@crmfactory/taxonomy";
import type { GuaranteeProperty } from "../harness/property.js";
import { SuiteRefusedError } from "./suite-refused.js";

/** A guarantee of the policy under test with the properties the run will check for it. */
export interface SelectedGuarantee {
  readonly entry: GuaranteeEntry;
  /** Every property registered for it, or only the one `--only ID/name` chose. */
  readonly properties: readonly GuaranteeProperty[];
  /** How many properties the registry has for it (the replay line names the property when > 1). */
  readonly registered: number;
}

/**
 * The guarantees of `policy` in its order, each with its registered properties, narrowed by `only`
 * (`ID` or `ID/property-name`). A selector naming nothing in the policy or the registry refuses the
 * run: a typo must not turn into a green run that tested nothing.
 */
export function selectGuarantees(
  policy: Policy,
  registry: readonly GuaranteeProperty[],
  only: readonly string[] = [],
): SelectedGuarantee[] {
  const catalogue = guaranteeCatalogue(policy);
  const byGuarantee = new Map<string, GuaranteeProperty[]>();
  for (const property of registry) {
    const list = byGuarantee.get(property.guarantee) ?? [];
    list.push(property);
    byGuarantee.set(property.guarantee, list);
  }
  const all = catalogue.map((entry) => ({
    entry,
    properties: byGuarantee.get(entry.id) ?? [],
    registered: (byGuarantee.get(entry.id) ?? []).length,
  }));
  if (only.length === 0) return all;
  const wanted = new Map<string, Set<string> | "all">();
  for (const selector of only) {
    const [id = "", name] = selector.split("/", 2);
    const found = all.find((item) => item.entry.id === id);
    if (!found) {
      throw new SuiteRefusedError(
        `--only ${selector}: the policy "${policy.id}" has no guarantee ${id} (run \`privacy-conformance list\` for its guarantees)`,
      );
    }
    if (name === undefined) {
      wanted.set(id, "all");
      continue;
    }
    if (!found.properties.some((property) => property.name === name)) {
      const known = found.properties.map((property) => property.name).join(", ") || "none";
      throw new SuiteRefusedError(
        `--only ${selector}: ${id} has no property "${name}" (its properties: ${known})`,
      );
    }
    const names = wanted.get(id);
    if (names === "all") continue;
    wanted.set(id, new Set([...(names ?? []), name]));
  }
  return all
    .filter((item) => wanted.has(item.entry.id))
    .map((item) => {
      const names = wanted.get(item.entry.id);
      return names === "all" || names === undefined
        ? item
        : { ...item, properties: item.properties.filter((property) => names.has(property.name)) };
    });
}
