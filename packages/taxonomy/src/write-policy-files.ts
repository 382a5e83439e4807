import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { definePolicy } from "./define-policy.js";
import type { PolicyInput } from "./policy-schema.js";
import { policyJsonSchema } from "./policy-schema.js";

/**
 * Writes policy.json (the policy as written, duration references kept, so an edit of the file cannot
 * make two numbers disagree), policy.schema.json, and policy.resolved.json (every reference resolved:
 * the document discovery serves and whose canonical JSON is the policy hash), so implementations in
 * other languages can read the policy. Validates the policy first and writes nothing when it is invalid.
 */
export function writePolicyFiles(source: PolicyInput, outDir: string): string[] {
  const resolved = definePolicy(source);
  mkdirSync(outDir, { recursive: true });
  const policyFile = join(outDir, "policy.json");
  const schemaFile = join(outDir, "policy.schema.json");
  const resolvedFile = join(outDir, "policy.resolved.json");
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(policyFile, json({ $schema: "./policy.schema.json", ...source }));
  writeFileSync(schemaFile, json(policyJsonSchema()));
  writeFileSync(resolvedFile, json({ $schema: "./policy.schema.json", ...resolved }));
  return [policyFile, schemaFile, resolvedFile];
}
