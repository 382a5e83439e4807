import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { definePolicy } from "./define-policy.js";
import type { PolicyInput } from "./policy-schema.js";
import { policyJsonSchema } from "./policy-schema.js";

/**
 * Writes policy.json (the policy as written, duration references kept, so an edit of the file cannot
 * make two numbers disagree) and policy.schema.json, so implementations in other languages can read
 * the policy. Validates the policy first and writes nothing when it is invalid.
 */
export function writePolicyFiles(source: PolicyInput, outDir: string): string[] {
  definePolicy(source);
  mkdirSync(outDir, { recursive: true });
  const policyFile = join(outDir, "policy.json");
  const schemaFile = join(outDir, "policy.schema.json");
  writeFileSync(policyFile, `${JSON.stringify({ $schema: "./policy.schema.json", ...source }, null, 2)}\n`);
  writeFileSync(schemaFile, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
  return [policyFile, schemaFile];
}
