import { describe, expect, it } from "vitest";
import { crmFactoryPolicy } from "./crm-factory/policy.js";
import { definePolicy, loadPolicy, PolicyValidationError } from "./define-policy.js";
import type { PolicyInput } from "./policy-schema.js";
import { mutatePolicy } from "./testing/mutate-policy.js";

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    loadPolicy(input);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyValidationError);
    return [...(error as PolicyValidationError).issues];
  }
  throw new Error("the policy was accepted");
}

describe("definePolicy", () => {
  it("accepts the CRM Factory policy and freezes it", () => {
    expect(Object.keys(crmFactoryPolicy.categories)).toHaveLength(7);
    expect(Object.isFrozen(crmFactoryPolicy.retention.crm)).toBe(true);
    expect(() => {
      (crmFactoryPolicy.parameters as { sweepTolerance: string }).sweepTolerance = "P2D";
    }).toThrow(TypeError);
  });

  it("names the field of a malformed duration", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.retention.crm!.purgeWithin = "90 days";
      }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ path: "retention.crm.purgeWithin" }));
    expect(issues[0]?.message).toMatch(/ISO 8601 duration/);
  });

  it("refuses a retention rule for an unknown category", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.retention.crm!.category = "health";
      }),
    );
    expect(issues).toEqual([
      { path: "categories.crm", message: 'category "crm" has no retention rule' },
      { path: "retention.crm.category", message: 'unknown category "health"' },
    ]);
  });

  it("refuses a guarantee that depends on policy data that does not exist", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.guarantees["RET-CRM"]!.dependsOn = ["/retention/crm", "/retention/health"];
      }),
    );
    expect(issues).toEqual([
      {
        path: "guarantees.RET-CRM.dependsOn.1",
        message: '"/retention/health" points at nothing in the policy',
      },
    ]);
  });

  it("refuses an extension that is not longer than the deadline", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.rights.extendedTotal = "P30D";
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(["rights.extendedTotal"]);
  });

  it("refuses extension notice allowed after the first deadline", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.rights.extensionNoticeBefore = "P31D";
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(["rights.extensionNoticeBefore"]);
  });

  it("refuses a role naming an unknown permission", () => {
    const issues = issuesOf(mutatePolicy((p) => p.roles.viewer!.permissions.push("rockets:launch")));
    const last = crmFactoryPolicy.roles.viewer!.permissions.length;
    expect(issues).toEqual([
      { path: `roles.viewer.permissions.${last}`, message: 'unknown permission "rockets:launch"' },
    ]);
  });

  it("refuses a rule that keeps data past its own purge deadline", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.retention.billing!.keepFor = "P8Y";
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(["retention.billing.keepFor"]);
  });

  it("refuses a category without any retention rule", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        delete p.retention["telemetry-raw"];
        delete p.retention["telemetry-aggregated"];
        p.guarantees["RET-TELEMETRY-RAW"]!.dependsOn = [];
        p.guarantees["RET-TELEMETRY-AGG"]!.dependsOn = [];
        p.guarantees["DEL-NO-RESURRECTION"]!.dependsOn = [];
      }),
    );
    expect(issues).toEqual([
      { path: "categories.telemetry", message: 'category "telemetry" has no retention rule' },
    ]);
  });

  it("refuses a subprocessor link that only one side declares", () => {
    const issues = issuesOf(mutatePolicy((p) => void p.categories.billing!.subprocessors.push("twilio")));
    expect(issues[0]).toMatchObject({ path: "categories.billing.subprocessors.2" });
    expect(issues[0]?.message).toContain('"twilio" does not list category "billing"');
  });

  it("refuses unknown fields, so a typo never passes silently", () => {
    const issues = issuesOf(mutatePolicy((p) => Object.assign(p.notices, { minimumAgee: 16 })));
    expect(issues[0]?.path).toBe("notices");
    expect(issues[0]?.message).toMatch(/minimumAgee/);
  });

  it("reports every problem at once", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.rights.extendedTotal = "P10D";
        p.notices.breach.to = ["janitor"];
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(["notices.breach.to.0", "rights.extendedTotal"]);
  });
});

describe("loadPolicy", () => {
  it("round-trips the policy through JSON", () => {
    const copy = loadPolicy(JSON.stringify(crmFactoryPolicy));
    expect(copy).toEqual(crmFactoryPolicy);
  });

  it("says so when the text is not JSON", () => {
    expect(issuesOf("{ not json")[0]?.message).toMatch(/^not valid JSON/);
  });

  it("names missing top-level fields", () => {
    expect(issuesOf({ id: "x" }).map((i) => i.path)).toContain("retention");
  });
});

describe("another company's policy on the same model", () => {
  it("is expressible with other durations, fewer categories and rights, and other roles", () => {
    const small: PolicyInput = {
      id: "tiny-saas",
      name: "Tiny SaaS Privacy Notice",
      organisation: "Tiny SaaS",
      effective: "2027-01-01",
      lastUpdated: "2027-01-01",
      sections: { "1": { title: "What we keep" }, "2": { title: "Your rights" } },
      parameters: { sweepTolerance: "PT6H", exportWindow: "P14D" },
      readings: {},
      anchors: {
        accountClosed: "The account was closed.",
        requestVerified: "Verified.",
        requestFiled: "Filed.",
      },
      legalBases: {
        contract: { name: "Contract", gdprArticle: "6(1)(b)", description: "To run the service." },
      },
      purposes: { service: { description: "Run the service.", sections: ["1"] } },
      categories: {
        profile: {
          name: "Profile",
          examples: ["email"],
          purposes: ["service"],
          legalBases: ["contract"],
          role: "controller",
          subprocessors: [],
          fides: ["user.contact.email"],
          dpv: ["dpv-pd:EmailAddress"],
          sections: ["1"],
        },
      },
      retention: {
        profile: {
          category: "profile",
          records: "Profile",
          anchors: ["accountClosed"],
          keepFor: "P14D",
          purgeWithin: "P1M",
          purgeCountsFrom: "keepForEnd",
          sections: ["1"],
        },
      },
      rights: {
        kinds: { access: { name: "Access", regime: "gdpr", description: "A copy.", sections: ["2"] } },
        respondWithin: "P1M",
        extendedTotal: "P3M",
        extensionNoticeBefore: "P1M",
        noExtensionFor: [],
        countsFrom: { controller: "requestVerified", processor: "requestFiled" },
        erasureWithin: "P1M",
        minorDataDeletionWithin: "P1M",
        verification: { method: "one-time-code-to-account-email", window: "P7D" },
        sections: ["2"],
      },
      permissions: { "profile:read": "Read profiles.", "rights:create": "Ask." },
      roles: {
        user: { level: 1, description: "A user.", permissions: ["rights:create"] },
        staff: { level: 2, description: "Staff.", permissions: ["rights:create", "profile:read"] },
      },
      operatorPermissions: [],
      subprocessors: {},
      notices: {
        breach: { within: "P3D", to: ["staff"], channels: ["email"] },
        policyChange: { atLeast: "P14D", to: ["staff"], channels: ["email"] },
        minimumAge: 13,
      },
      guarantees: {
        "RET-PROFILE": {
          area: "retention",
          sections: ["1"],
          statement: "Profiles go a month after the export window.",
          method: "tested",
          dependsOn: ["/retention/profile"],
        },
      },
    };
    const policy = definePolicy(small);
    expect(policy.retention.profile?.purgeWithin).toBe("P1M");
    expect(Object.keys(policy.roles)).toEqual(["user", "staff"]);
  });
});
