import { describe, expect, it } from "vitest";
import { crmFactoryPolicy } from "./crm-factory/policy.js";
import { definePolicy } from "./define-policy.js";
import { guaranteeCatalogue, guaranteeParameters, guaranteesByMethod } from "./guarantee-catalogue.js";
import { mutatePolicy } from "./testing/mutate-policy.js";

describe("the guarantee catalogue", () => {
  it("holds 45 guarantees, each with a statement and at least one policy section", () => {
    const catalogue = guaranteeCatalogue(crmFactoryPolicy);
    expect(catalogue).toHaveLength(45);
    for (const g of catalogue) {
      expect(g.statement.length, g.id).toBeGreaterThan(20);
      expect(g.sections.length, g.id).toBeGreaterThan(0);
    }
  });

  it("gives every tested guarantee parameters read from the policy", () => {
    for (const id of [...guaranteesByMethod(crmFactoryPolicy, "tested")]) {
      const parameters = guaranteeParameters(crmFactoryPolicy, id);
      expect(Object.keys(parameters).length, id).toBeGreaterThan(0);
      for (const value of Object.values(parameters)) expect(value, id).toBeDefined();
    }
  });

  it("follows the policy when a number changes in one place", () => {
    const changed = definePolicy(
      mutatePolicy((p) => {
        p.retention.crm!.purgeWithin = "P60D";
      }),
    );
    expect(guaranteeParameters(changed, "RET-CRM")["/retention/crm"]).toMatchObject({ purgeWithin: "P60D" });
    expect(guaranteeParameters(crmFactoryPolicy, "RET-CRM")["/retention/crm"]).toMatchObject({
      purgeWithin: "P90D",
    });
  });

  it("ties each guarantee to the data it is decided on", () => {
    const params = (id: string) => guaranteeParameters(crmFactoryPolicy, id);
    expect(params("RET-TELEMETRY-AGG")["/retention/telemetry-aggregated/excludedIdentifiers"]).toEqual([
      "email",
      "phone",
      "name",
      "userId",
      "contactId",
    ]);
    expect(params("RIGHTS-45D-NOTICE")).toMatchObject({
      "/rights/respondWithin": "P30D",
      "/rights/countsFrom": { controller: "requestVerified", processor: "requestFiled" },
      "/rights/extendedTotal": "P45D",
    });
    expect(Object.keys(params("DEL-LEGAL-HOLD"))).toContain("/subprocessors/stripe");
    expect(params("SEC-TLS13")).toEqual({ "/security/tlsMinimumVersion": "1.3" });
    expect(params("SEC-ENCRYPTION-AT-REST")).toMatchObject({ "/security/atRestCipher": "AES-256" });
    expect(params("NOTICE-LEGAL-DISCLOSURE")).toEqual({ "/notices/transparencyReport": { every: "P1Y" } });
  });

  it("refuses an unknown guarantee id", () => {
    expect(() => guaranteeParameters(crmFactoryPolicy, "RET-NOPE")).toThrow(/unknown guarantee "RET-NOPE"/);
  });

  it("counts methods as the digest does", () => {
    expect(guaranteesByMethod(crmFactoryPolicy, "tested")).toHaveLength(37);
    expect(guaranteesByMethod(crmFactoryPolicy, "tested-if-https")).toEqual(["SEC-TLS13"]);
    expect(guaranteesByMethod(crmFactoryPolicy, "attested")).toHaveLength(7);
  });
});
