import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { crmFactoryPolicy, crmFactoryPolicySource } from "./crm-factory/policy.js";
import { definePolicy, loadPolicy } from "./define-policy.js";
import { policyHash } from "./policy-hash.js";
import { findDurationReferences } from "./resolve-references.js";
import { mutatePolicy } from "./testing/mutate-policy.js";
import { writePolicyFiles } from "./write-policy-files.js";

describe("policyHash", () => {
  const hash = policyHash(crmFactoryPolicy);

  it("is the lowercase hex SHA-256 of the canonical JSON of the validated policy", () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash("sha256").update(canonicalJson(crmFactoryPolicy)).digest("hex"));
  });

  it("is the same for policy.json, whose references and $schema it does not see", () => {
    const [policyFile] = writePolicyFiles(crmFactoryPolicySource, mkdtempSync(join(tmpdir(), "policy-")));
    const loaded = loadPolicy(readFileSync(policyFile!, "utf8"));
    expect(loaded.$schema).toBe("./policy.schema.json");
    expect(policyHash(loaded)).toBe(hash);
    expect(policyHash(loadPolicy(JSON.stringify(crmFactoryPolicy)))).toBe(hash);
  });

  it("is the hash of policy.resolved.json, which any JSON reader can hash without resolving", () => {
    const [, , resolvedFile] = writePolicyFiles(
      crmFactoryPolicySource,
      mkdtempSync(join(tmpdir(), "policy-")),
    );
    const text = readFileSync(resolvedFile!, "utf8");
    const { $schema, ...content } = JSON.parse(text);
    expect($schema).toBe("./policy.schema.json");
    expect(findDurationReferences(content)).toEqual([]);
    expect(content).toEqual(JSON.parse(JSON.stringify(crmFactoryPolicy)));
    expect(createHash("sha256").update(canonicalJson(content)).digest("hex")).toBe(hash);
    expect(policyHash(loadPolicy(text))).toBe(hash);
  });

  it("ignores the order members were written in", () => {
    const reversed = Object.fromEntries(Object.entries(crmFactoryPolicySource).reverse());
    expect(policyHash(loadPolicy(JSON.stringify(reversed)))).toBe(hash);
  });

  it("changes when any number changes", () => {
    const changed = definePolicy(
      mutatePolicy((p) => {
        p.parameters.sweepTolerance = "PT12H";
      }),
    );
    expect(policyHash(changed)).not.toBe(hash);
  });
});
