import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Policy } from "./policy-schema.js";
import { policyJsonSchema } from "./policy-schema.js";

/** Writes policy.json and policy.schema.json, so implementations in other languages can read the policy. */
export function writePolicyFiles(policy: Policy, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const policyFile = join(outDir, "policy.json");
  const schemaFile = join(outDir, "policy.schema.json");
  writeFileSync(policyFile, `${JSON.stringify({ $schema: "./policy.schema.json", ...policy }, null, 2)}\n`);
  writeFileSync(schemaFile, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
  return [policyFile, schemaFile];
}
