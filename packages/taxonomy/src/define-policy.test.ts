import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { crmFactoryPolicy } from "./crm-factory/policy.js";
import { purgeWindow } from "./deadlines.js";
import { definePolicy, loadPolicy, type PolicyValidationError } from "./define-policy.js";
import { formatDuration } from "./duration.js";
import { issuesOf } from "./testing/expect-refused.js";
import { mutatePolicy } from "./testing/mutate-policy.js";
import { tinySaasPolicy } from "./testing/tiny-saas-policy.js";

describe("definePolicy", () => {
  it("accepts the CRM Factory policy and freezes it", () => {
    expect(Object.keys(crmFactoryPolicy.categories)).toHaveLength(7);
    expect(Object.isFrozen(crmFactoryPolicy.retention.crm)).toBe(true);
    expect(() => {
      (crmFactoryPolicy.parameters as { sweepTolerance: string }).sweepTolerance = "P2D";
    }).toThrow(TypeError);
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

describe("cross-field checks hold for every anchor, not one date", () => {
  const rawTelemetry = (keepFor: string, purgeWithin: string) =>
    mutatePolicy((p) => {
      Object.assign(p.retention["telemetry-raw"]!, { keepFor, purgeWithin, purgeCountsFrom: "anchor" });
    });

  it("refuses keepFor P30D with purgeWithin P1M, which a February anchor breaks", () => {
    expect(issuesOf(rawTelemetry("P30D", "P1M"))).toEqual([
      {
        path: "retention.telemetry-raw.keepFor",
        message:
          "keeps data (P30D) past its own purge deadline (P1M) by up to 2 days, e.g. from the anchor 2001-01-31T00:00:00.000Z",
      },
    ]);
    const policy = definePolicy(rawTelemetry("P30D", "P31D"));
    const rule = { ...policy.retention["telemetry-raw"]!, purgeWithin: "P1M" };
    expect(() => purgeWindow(rule, { collected: new Date("2001-01-31T00:00:00Z") }, "P1D")).toThrow(
      /keeps data until 2001-03-02/,
    );
  });

  it("refuses a clock that only a century year breaks", () => {
    expect(issuesOf(rawTelemetry("P1461D", "P4Y"))[0]?.message).toMatch(
      /^keeps data \(P1461D\) past its own purge deadline \(P4Y\) by up to 1 day, e.g. from the anchor 209\d-/,
    );
  });

  it("accepts month and day mixtures that hold from every anchor", () => {
    expect(() => definePolicy(rawTelemetry("P1M", "P31D"))).not.toThrow();
    expect(() => definePolicy(rawTelemetry("P28D", "P1M"))).not.toThrow();
  });

  it("refuses an extension that is not longer than the deadline from every start", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.rights.extendedTotal = "P1M";
      }),
    );
    expect(issues).toEqual([
      {
        path: "rights.extendedTotal",
        message:
          "the extended total (P1M) must be longer than the deadline (P30D) from every start, and is not from 2001-01-31T00:00:00.000Z",
      },
    ]);
  });

  it("refuses extension notice that may come after the first deadline from some start", () => {
    const issues = issuesOf(
      mutatePolicy((p) => {
        p.rights.extensionNoticeBefore = "P1M";
      }),
    );
    expect(issues).toEqual([
      {
        path: "rights.extensionNoticeBefore",
        message:
          "notice of an extension must come before the first deadline (P30D) from every start, and may come 1 day after it from 2000-01-01T00:00:00.000Z",
      },
    ]);
  });

  const duration = fc
    .record({
      years: fc.nat({ max: 4 }),
      months: fc.nat({ max: 13 }),
      weeks: fc.constant(0),
      days: fc.nat({ max: 400 }),
      hours: fc.constantFrom(0, 0, 0, 12),
      minutes: fc.constant(0),
      seconds: fc.constant(0),
    })
    .map(formatDuration)
    .filter((d) => d !== "P0D");
  const anchor = fc.date({
    min: new Date(Date.UTC(1800, 0, 1)),
    max: new Date(Date.UTC(2600, 0, 1)),
    noInvalidDate: true,
  });

  test.prop([duration, duration, fc.array(anchor, { minLength: 1, maxLength: 30 })], { numRuns: 40 })(
    "a rule that validates never throws from purgeWindow, and a refused one throws at the anchor named",
    (keepFor, purgeWithin, anchors) => {
      let policy: ReturnType<typeof definePolicy>;
      try {
        policy = definePolicy(rawTelemetry(keepFor, purgeWithin));
      } catch (error) {
        const issue = (error as PolicyValidationError).issues[0];
        expect(issue?.path).toBe("retention.telemetry-raw.keepFor");
        const named = new Date(/from the anchor (\S+)$/.exec(issue?.message ?? "")?.[1] ?? "");
        const rule = { keepFor, purgeWithin, anchors: ["collected"], purgeCountsFrom: "anchor" as const };
        expect(() => purgeWindow(rule, { collected: named }, "P1D")).toThrow(/keeps data until/);
        return;
      }
      const rule = policy.retention["telemetry-raw"]!;
      for (const at of anchors) expect(() => purgeWindow(rule, { collected: at }, "P1D")).not.toThrow();
    },
  );
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
  it("validates with other numbers, roles, categories, references, anchors and vendor profiles", () => {
    const policy = definePolicy(tinySaasPolicy());
    expect(Object.keys(policy.roles)).toEqual(["user", "staff"]);
    expect(Object.keys(policy.categories)).toEqual(["profile", "mail"]);
    expect(policy.retention.profile?.keepFor).toBe("P14D");
    expect(policy.rights.extensionNoticeBefore).toBe("P1M");
    expect(policy.rights.minorDataDeletionWithin).toBe("P21D");
    expect(policy.subprocessors.postmark?.vendor?.baseUrlEnv).toBe("POSTMARK_API_BASE_URL");
    const mail = policy.retention.mail!;
    const deleted = new Date("2027-03-01T00:00:00.000Z");
    expect(purgeWindow(mail, { accountDeleted: deleted }, policy.parameters.sweepTolerance)).toEqual({
      anchor: new Date("2027-03-15T00:00:00.000Z"),
      availableUntil: new Date("2027-03-15T00:00:00.000Z"),
      purgeDue: new Date("2027-03-17T00:00:00.000Z"),
      lateAt: new Date("2027-03-17T06:00:00.000Z"),
    });
  });

  it("links vendor objects to the identifiers it defines, not CRM Factory's", () => {
    const broken = tinySaasPolicy();
    broken.subprocessors.postmark!.vendor!.subjectLinks[0]!.identifier = "phone";
    expect(issuesOf(broken)).toEqual([
      {
        path: "subprocessors.postmark.vendor.subjectLinks.0.identifier",
        message: 'unknown identifier "phone"',
      },
    ]);
  });

  it("is held to the same rules", () => {
    const broken = tinySaasPolicy();
    broken.subprocessors.postmark!.hosts = ["api.postmarkapp.net"];
    broken.roles.staff!.permissions.push("platform:audit");
    let issues: unknown;
    try {
      definePolicy(broken);
    } catch (error) {
      issues = (error as PolicyValidationError).issues;
    }
    expect(issues).toEqual([
      {
        path: "roles.staff.permissions.2",
        message: '"platform:audit" is an operator permission: no tenant role may hold it',
      },
      {
        path: "subprocessors.postmark.vendor.defaultBaseUrl",
        message: 'its host "api.postmarkapp.com" is not on the subprocessor\'s hosts',
      },
    ]);
  });
});
