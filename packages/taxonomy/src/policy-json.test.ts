import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { crmFactoryPolicy, crmFactoryPolicySource } from "./crm-factory/policy.js";
import { loadPolicy } from "./define-policy.js";
import { policyJsonSchema } from "./policy-schema.js";
import { writePolicyFiles } from "./write-policy-files.js";

// What other languages get: the JSON Schema must accept the policy and refuse what definePolicy refuses
// field by field (cross-references are only checked by loadPolicy).
describe("policy.json and its JSON Schema", () => {
  const ajv = () => addFormats.default(new Ajv2020({ allErrors: true, strict: false }));
  const validate = ajv().compile(policyJsonSchema());
  const asJson = () => JSON.parse(JSON.stringify(crmFactoryPolicySource));

  it("accepts the policy as written, with its references, and as resolved", () => {
    expect(validate(asJson()), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(crmFactoryPolicy))), JSON.stringify(validate.errors)).toBe(
      true,
    );
  });

  it("refuses a reference that is not a JSON pointer", () => {
    const broken = asJson();
    broken.retention.crm.keepFor = { $ref: "parameters/exportWindow" };
    expect(validate(broken)).toBe(false);
  });

  it("refuses a malformed duration and names its location", () => {
    const broken = asJson();
    broken.retention.billing.keepFor = "7 years";
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain("/retention/billing/keepFor");
  });

  it.each(["P1W2D", "P01D", "P", "PT", "p90d"])(
    "refuses the duration %s, as parseDuration does",
    (duration) => {
      const broken = asJson();
      broken.parameters.sweepTolerance = duration;
      expect(validate(broken)).toBe(false);
    },
  );

  it("refuses an unknown method", () => {
    const broken = asJson();
    broken.guarantees["RET-CRM"].method = "hoped";
    expect(validate(broken)).toBe(false);
  });

  it("loads back through loadPolicy unchanged", () => {
    expect(loadPolicy(asJson())).toEqual(crmFactoryPolicy);
  });

  it("is written at build with all 45 guarantees, and the written schema accepts the written policy", () => {
    const [policyFile, schemaFile] = writePolicyFiles(
      crmFactoryPolicySource,
      mkdtempSync(join(tmpdir(), "policy-")),
    );
    const written = JSON.parse(readFileSync(policyFile!, "utf8"));
    expect(Object.keys(written.guarantees)).toHaveLength(45);
    expect(written.guarantees["SEC-TLS13"].method).toBe("tested-if-https");
    const schema = JSON.parse(readFileSync(schemaFile!, "utf8"));
    expect(ajv().validate(schema, written)).toBe(true);
    expect(loadPolicy(written)).toEqual({ $schema: "./policy.schema.json", ...crmFactoryPolicy });
  });
});
