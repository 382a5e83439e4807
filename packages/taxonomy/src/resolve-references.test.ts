import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crmFactoryPolicy, crmFactoryPolicySource } from "./crm-factory/policy.js";
import { definePolicy, loadPolicy } from "./define-policy.js";
import { findDurationReferences, resolveDurationReferences } from "./resolve-references.js";
import { issuesOf } from "./testing/expect-refused.js";
import { mutatePolicy } from "./testing/mutate-policy.js";
import { writePolicyFiles } from "./write-policy-files.js";

describe("duration references", () => {
  it("write each number the policy states once in one place", () => {
    const refs = Object.fromEntries(findDurationReferences(crmFactoryPolicySource).map((r) => [r.at, r.ref]));
    expect(refs).toEqual({
      "/retention/account/keepFor": "/parameters/exportWindow",
      "/retention/authentication-credentials/keepFor": "/parameters/exportWindow",
      "/retention/security-incidents/keepFor": "/retention/authentication-audit/keepFor",
      "/retention/security-incidents/purgeWithin": "/retention/authentication-audit/purgeWithin",
      "/retention/crm/keepFor": "/parameters/exportWindow",
      "/retention/communications/keepFor": "/parameters/exportWindow",
      "/retention/communications/purgeWithin": "/retention/crm/purgeWithin",
      "/retention/integration/anchors/1/after": "/parameters/exportWindow",
      "/retention/integration/anchors/2/after": "/parameters/exportWindow",
      "/rights/extensionNoticeBefore": "/rights/respondWithin",
      "/rights/minorDataDeletionWithin": "/rights/erasureWithin",
    });
  });

  it("are resolved by definePolicy, so consumers read plain durations", () => {
    expect(crmFactoryPolicy.retention.crm?.keepFor).toBe("P30D");
    expect(crmFactoryPolicy.retention.communications?.purgeWithin).toBe("P90D");
    expect(crmFactoryPolicy.rights.extensionNoticeBefore).toBe("P30D");
    expect(findDurationReferences(crmFactoryPolicy)).toEqual([]);
  });

  it("make one edit change every rule that points at the number", () => {
    const changed = definePolicy(
      mutatePolicy((p) => {
        p.parameters.exportWindow = "P45D";
        p.retention.crm!.purgeWithin = "P60D";
        p.rights.erasureWithin = "P20D";
      }),
    );
    for (const rule of ["account", "authentication-credentials", "crm", "communications"]) {
      expect(changed.retention[rule]?.keepFor, rule).toBe("P45D");
    }
    expect(changed.retention.communications?.purgeWithin).toBe("P60D");
    expect(changed.rights.minorDataDeletionWithin).toBe("P20D");
  });

  it("follow references to references", () => {
    const policy = definePolicy(
      mutatePolicy((p) => {
        p.retention.account!.keepFor = { $ref: "/retention/crm/keepFor" };
      }),
    );
    expect(policy.retention.account?.keepFor).toBe("P30D");
  });

  it("stay in policy.json, which loads and resolves to the same policy", () => {
    const [policyFile] = writePolicyFiles(crmFactoryPolicySource, mkdtempSync(join(tmpdir(), "policy-")));
    const text = readFileSync(policyFile!, "utf8");
    const written = JSON.parse(text);
    expect(written.retention.crm.keepFor).toEqual({ $ref: "/parameters/exportWindow" });
    expect(written.retention.communications.purgeWithin).toEqual({ $ref: "/retention/crm/purgeWithin" });
    const { $schema, ...loaded } = loadPolicy(text);
    expect($schema).toBe("./policy.schema.json");
    expect(loaded).toEqual(crmFactoryPolicy);
  });

  it("refuse a reference that points at nothing", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.retention.crm!.keepFor = { $ref: "/parameters/exportWindw" };
      }),
    );
    expect(issues).toEqual([
      {
        path: "retention.crm.keepFor",
        message: "reference /parameters/exportWindw points at nothing in the policy",
      },
    ]);
  });

  it("refuse a reference to something that is not a duration", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.retention.crm!.keepFor = { $ref: "/parameters" };
        p.retention.account!.keepFor = { $ref: "/retention/crm/records" };
        p.rights.respondWithin = { $ref: "/notices/minimumAge" };
      }),
    );
    expect(issues).toEqual([
      {
        path: "retention.account.keepFor",
        message:
          'reference /retention/crm/records points at the text "Contacts, accounts, deals, activities, notes and custom fields", not a duration',
      },
      { path: "retention.crm.keepFor", message: "reference /parameters points at an object, not a duration" },
      {
        path: "rights.respondWithin",
        message: "reference /notices/minimumAge points at the number 16, not a duration",
      },
      {
        path: "rights.extensionNoticeBefore",
        message:
          "reference /rights/respondWithin -> /notices/minimumAge points at the number 16, not a duration",
      },
    ]);
  });

  it("refuse a cycle, naming each step", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.retention.crm!.purgeWithin = { $ref: "/retention/communications/purgeWithin" };
      }),
    );
    expect(issues).toEqual([
      {
        path: "retention.crm.purgeWithin",
        message:
          "reference cycle: /retention/crm/purgeWithin -> /retention/communications/purgeWithin -> /retention/crm/purgeWithin",
      },
      {
        path: "retention.communications.purgeWithin",
        message:
          "reference cycle: /retention/communications/purgeWithin -> /retention/crm/purgeWithin -> /retention/communications/purgeWithin",
      },
    ]);
  });

  it("refuse a reference that is not a JSON pointer, or has other members", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.retention.crm!.keepFor = { $ref: "parameters/exportWindow" };
        Object.assign(p.retention.account!, { keepFor: { $ref: "/parameters/exportWindow", note: "x" } });
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      "retention.account.keepFor",
      "retention.crm.keepFor.$ref",
    ]);
  });

  it("leave a document without references as it is", () => {
    expect(resolveDurationReferences({ a: ["P1D"], b: { c: 1 } })).toEqual({
      resolved: { a: ["P1D"], b: { c: 1 } },
      issues: [],
    });
  });
});
