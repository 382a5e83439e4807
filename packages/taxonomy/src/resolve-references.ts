import { isDurationString } from "./duration.js";
import { resolvePointer } from "./pointer.js";
import type { PolicyIssue } from "./policy-validation-error.js";

/** A duration reference found in a policy document: where it is and what it points at. */
export interface DurationReference {
  /** JSON pointer of the field holding the reference, e.g. `/retention/crm/keepFor`. */
  at: string;
  /** JSON pointer it names, e.g. `/parameters/exportWindow`. */
  ref: string;
}

/** Every `{ "$ref": pointer }` value in a policy document, in document order. */
export function findDurationReferences(document: unknown): DurationReference[] {
  const found: DurationReference[] = [];
  walk(document, [], (value, path) => {
    if (isReference(value)) found.push({ at: toPointer(path), ref: value.$ref });
  });
  return found;
}

/**
 * A copy of the document with every duration reference replaced by the duration it resolves to,
 * following references to references. A reference that points at nothing, at something other than
 * a duration, or into a cycle is an issue at the referring field; the field is left as it was.
 */
export function resolveDurationReferences(document: unknown): { resolved: unknown; issues: PolicyIssue[] } {
  const issues: PolicyIssue[] = [];
  const resolved = mapValues(document, [], (value, path) => {
    if (!isReference(value)) return undefined;
    const outcome = follow(document, toPointer(path), value.$ref);
    if (typeof outcome === "string") return { value: outcome };
    issues.push({ path: path.join("."), message: outcome.problem });
    return { value };
  });
  return { resolved, issues };
}

function follow(document: unknown, at: string, first: string): string | { problem: string } {
  const chain = [at];
  let pointer = first;
  for (;;) {
    if (pointer === at) return { problem: `reference cycle: ${[...chain, pointer].join(" -> ")}` };
    if (chain.includes(pointer)) {
      return {
        problem: `reference ${[...chain.slice(1), pointer].join(" -> ")} points into a reference cycle`,
      };
    }
    chain.push(pointer);
    const target = resolvePointer(document, pointer);
    const route = `reference ${chain.slice(1).join(" -> ")}`;
    if (target === undefined) return { problem: `${route} points at nothing in the policy` };
    if (isReference(target)) {
      pointer = target.$ref;
      continue;
    }
    if (typeof target === "string" && isDurationString(target)) return target;
    return { problem: `${route} points at ${describe(target)}, not a duration` };
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  return `the ${typeof value} ${String(value)}`;
}

function isReference(value: unknown): value is { $ref: string } {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { $ref?: unknown }).$ref === "string"
  );
}

function toPointer(path: readonly string[]): string {
  return path.map((token) => `/${token.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

function walk(value: unknown, path: string[], visit: (value: unknown, path: string[]) => void): void {
  visit(value, path);
  if (value === null || typeof value !== "object") return;
  for (const [key, child] of Object.entries(value)) walk(child, [...path, key], visit);
}

// Rebuilds the document; `replace` returns `{ value }` to substitute a node, or undefined to descend.
function mapValues(
  value: unknown,
  path: string[],
  replace: (value: unknown, path: string[]) => { value: unknown } | undefined,
): unknown {
  const replacement = replace(value, path);
  if (replacement) return replacement.value;
  if (Array.isArray(value)) return value.map((item, i) => mapValues(item, [...path, String(i)], replace));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, mapValues(child, [...path, key], replace)]),
  );
}
