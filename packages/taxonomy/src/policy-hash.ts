import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";
import type { Policy } from "./policy-schema.js";

/**
 * The policy's fingerprint: lowercase hex SHA-256 of the RFC 8785 canonical JSON of the validated
 * policy (references resolved), without its `$schema` member. policy.json and the TypeScript data
 * hash alike; discovery (`GET /meta`) publishes it so a suite knows which policy is enforced.
 */
export function policyHash(policy: Policy): string {
  const { $schema: _schema, ...content } = policy;
  return createHash("sha256").update(canonicalJson(content), "utf8").digest("hex");
}
