import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { crmFactoryPolicy } from "./crm-factory/policy.js";
import { definePolicy } from "./define-policy.js";
import { guaranteeCatalogue, guaranteeParameters, guaranteesByMethod } from "./guarantee-catalogue.js";
import { mutatePolicy } from "./testing/mutate-policy.js";

// The requirements digest lives beside the repository (../shared), where CI and developers have it.
const digestPath = fileURLToPath(new URL("../../../../shared/GUARANTEES.md", import.meta.url));
const digest = existsSync(digestPath) ? readFileSync(digestPath, "utf8") : undefined;

function digestRows(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    const id = cells[1];
    const method = cells.at(-2);
    if (id && /^[A-Z]+(-[A-Z0-9]+)+$/.test(id) && method) rows.set(id, method);
  }
  return rows;
}

describe("the guarantee catalogue", () => {
  it("holds 45 guarantees, each with a statement and at least one policy section", () => {
    const catalogue = guaranteeCatalogue(crmFactoryPolicy);
    expect(catalogue).toHaveLength(45);
    for (const g of catalogue) {
      expect(g.statement.length, g.id).toBeGreaterThan(20);
      expect(g.sections.length, g.id).toBeGreaterThan(0);
    }
  });

  it.runIf(digest)("matches GUARANTEES.md: the same IDs, each with the method it lists", () => {
    const expected = digestRows(digest ?? "");
    expect(expected.size).toBe(45);
    const actual = new Map(Object.entries(crmFactoryPolicy.guarantees).map(([id, g]) => [id, g.method]));
    expect(actual).toEqual(expected);
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

  it("refuses an unknown guarantee id", () => {
    expect(() => guaranteeParameters(crmFactoryPolicy, "RET-NOPE")).toThrow(/unknown guarantee "RET-NOPE"/);
  });

  it("counts methods as the digest does", () => {
    expect(guaranteesByMethod(crmFactoryPolicy, "tested")).toHaveLength(37);
    expect(guaranteesByMethod(crmFactoryPolicy, "tested-if-https")).toEqual(["SEC-TLS13"]);
    expect(guaranteesByMethod(crmFactoryPolicy, "attested")).toHaveLength(7);
  });
});
