import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { purgeWindow, type RetentionClock, requestDueAt } from "../deadlines.js";
import { addDuration } from "../duration.js";
import { guaranteeParameters } from "../guarantee-catalogue.js";
import { findDurationReferences } from "../resolve-references.js";
import { digestDuration, readDigest } from "../testing/read-digest.js";
import { crmFactoryPolicySource, crmFactoryPolicy as policy } from "./policy.js";

// Every CRM Factory number and reading, pinned to the requirements digest kept in the repository
// (requirements/GUARANTEES.md, a byte copy of ../shared/GUARANTEES.md: scripts/check-digest-copy.mjs
// checks that it has not drifted). Change a number in the digest and this fails until the data follows.
const digest = readDigest(fileURLToPath(new URL("../../requirements/GUARANTEES.md", import.meta.url)));

function cell(id: string, column = "guarantee"): string {
  const value = digest.rows.get(id)?.[column];
  if (value === undefined) throw new Error(`the digest has no ${column} for ${id}`);
  return value;
}
function reading(title: string): string {
  const text = digest.readings.get(title);
  if (text === undefined) throw new Error(`the digest has no reading "${title}"`);
  return text;
}
/** The first group of `pattern` in `text`; fails loudly when the digest no longer says it. */
function grab(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`the digest no longer matches ${pattern}: ${text}`);
  return match[1];
}
const duration = (text: string, pattern: RegExp) => digestDuration(grab(text, pattern));
const words: Record<string, number> = { four: 4, five: 5 };

const tolerance = policy.parameters.sweepTolerance;
const samples = [
  "2026-01-31T00:00:00.000Z",
  "2028-02-29T12:00:00.000Z",
  "2026-05-10T12:00:00.000Z",
  "2099-12-31T23:00:00.000Z",
];
const closure = ["accountClosed", "subscriptionEnded"];
const DAY = 86_400_000;

/** Checks a rule's windows from several anchors against durations read from the digest. */
function expectClock(rule: string, event: string, expected: { availableFor?: string; purgeAfter: string[] }) {
  const clock = policy.retention[rule] as RetentionClock;
  for (const iso of samples) {
    const at = new Date(iso);
    const window = purgeWindow(clock, { [event]: at }, tolerance);
    const landing = expected.purgeAfter.reduce((t, d) => addDuration(t, d), at);
    expect(window?.purgeDue, `${rule} from ${iso}`).toEqual(landing);
    expect(window?.availableUntil, `${rule} from ${iso}`).toEqual(
      expected.availableFor ? addDuration(at, expected.availableFor) : at,
    );
    expect(window?.lateAt).toEqual(addDuration(landing, tolerance));
  }
}

describe("the requirements digest copy", () => {
  it("lists the same guarantees, each with the method it gives", () => {
    const methods = new Map([...digest.rows].map(([id, row]) => [id, row.method]));
    expect(methods.size).toBe(45);
    expect(new Map(Object.entries(policy.guarantees).map(([id, g]) => [id, g.method]))).toEqual(methods);
  });

  it("cites, in each guarantee's sections, every section its interpretation names", () => {
    for (const [id, row] of digest.rows) {
      for (const match of `${row.interpretation}`.matchAll(/section(?:s)? (\d+)((?:, \d+)*)/g)) {
        const cited = [match[1], ...(match[2] ?? "").split(", ").filter(Boolean)];
        for (const section of cited)
          expect(policy.guarantees[id]?.sections, `${id} §${section}`).toContain(section);
      }
    }
  });
});

describe("the policy-wide readings", () => {
  it("sweep tolerance", () => {
    expect(policy.parameters.sweepTolerance).toBe(grab(reading("Sweep tolerance"), /default `(P\w+)`/));
  });

  it("closure and the export window", () => {
    const text = reading("Closure and the export window");
    expect(policy.parameters.exportWindow).toBe(duration(text, /starts the (\d+-day) export window/));
    expect(text).toMatch(/closing the account or ending the subscription, whichever comes\s+first/);
    for (const rule of ["account", "authentication-credentials", "crm", "communications"]) {
      expect(policy.retention[rule]?.anchors, rule).toEqual(closure);
      expect(policy.retention[rule]?.keepFor, rule).toBe(policy.parameters.exportWindow);
    }
    expect(text).toContain("Resubscribing inside the window cancels the pending deletion");
    expect(policy.anchors.subscriptionEnded?.description).toMatch(/resubscribing inside the export window/i);
  });

  it("controller vs processor", () => {
    const text = reading("Controller vs processor");
    expect(text).toMatch(
      /for account, authentication, billing and telemetry data CRM Factory is\s+the controller/,
    );
    for (const c of ["account", "authentication", "billing", "telemetry"])
      expect(policy.categories[c]?.role).toBe("controller");
    expect(text).toMatch(/For\s+Customer CRM and communication data it is a processor/);
    for (const c of ["crm", "communications"]) expect(policy.categories[c]?.role).toBe("processor");
  });

  it("deadlines", () => {
    const text = reading("Deadlines");
    expect(text).toMatch(
      /^count from verification \(user requests\) or from filing \(tenant-filed requests\)/,
    );
    expect(policy.rights.countsFrom).toEqual({ controller: "requestVerified", processor: "requestFiled" });
    const total = duration(text, /"(\d+ days)" is the total from that point/);
    expect(text).toMatch(/not 30 \+ 45/);
    expect(policy.rights.extendedTotal).toBe(total);
    const verified = new Date("2026-01-20T15:30:00.000Z");
    expect(requestDueAt(verified, policy.rights.extendedTotal)).toEqual(addDuration(verified, total));
  });

  it("the subprocessor list", () => {
    const text = reading("The subprocessor list");
    const named = Object.values(policy.subprocessors).filter((s) => s.namedInPolicy);
    expect(named).toHaveLength(words[grab(text, /must contain the (\w+) named/)] ?? Number.NaN);
    expect(named.every((s) => s.purpose && s.hosts.length > 0)).toBe(true);
    expect(text).toMatch(/File storage \(profile photos\) is Vercel's \(Blob storage\)/);
    expect(policy.subprocessors.vercel?.services).toContain("blob-storage");
  });
});

describe("retention", () => {
  it("RET-ACCOUNT", () => {
    expectClock("account", "accountClosed", {
      availableFor: policy.parameters.exportWindow,
      purgeAfter: [duration(cell("RET-ACCOUNT"), /purged by closure \+ (\d+ days)/)],
    });
  });

  it("RET-AUTH", () => {
    expect(cell("RET-AUTH")).toMatch(/until the export window ends, then are purged/);
    const window = policy.parameters.exportWindow;
    expectClock("authentication-credentials", "accountClosed", {
      availableFor: window,
      purgeAfter: [window],
    });
    const audit = duration(cell("RET-AUTH"), /sign-in audit records are purged (\d+ months) after closure/);
    expectClock("authentication-audit", "accountClosed", { availableFor: audit, purgeAfter: [audit] });
  });

  it("RET-CRM, and its reading: not gone before day 30, gone by day 120", () => {
    const exportable = duration(
      cell("RET-CRM"),
      /exportable for (\d+ days) after closure or subscription end/,
    );
    const purge = duration(cell("RET-CRM"), /purged within (\d+ days) after that window/);
    for (const event of closure)
      expectClock("crm", event, { availableFor: exportable, purgeAfter: [exportable, purge] });
    const days = grab(cell("RET-CRM", "interpretation"), /not gone before day (\d+), gone by day \d+/);
    const gone = grab(cell("RET-CRM", "interpretation"), /gone by day (\d+)/);
    const at = new Date(samples[0] as string);
    const w = purgeWindow(policy.retention.crm as RetentionClock, { accountClosed: at }, tolerance);
    expect(((w?.availableUntil.getTime() ?? 0) - at.getTime()) / DAY).toBe(Number(days));
    expect(((w?.purgeDue.getTime() ?? 0) - at.getTime()) / DAY).toBe(Number(gone));
  });

  it("RET-COMMS: the same windows as RET-CRM", () => {
    expect(cell("RET-COMMS")).toMatch(/^same windows as RET-CRM/);
    const { category: _c, records: _r, interpretation: _i, ...crm } = policy.retention.crm!;
    const { category: _c2, records: _r2, interpretation: _i2, ...comms } = policy.retention.communications!;
    expect(comms).toEqual(crm);
  });

  it("RET-INTEGRATION: the disconnection, or the end of the export window after closure", () => {
    expect(cell("RET-INTEGRATION", "interpretation")).toMatch(/^deadline = disconnect \+ sweep tolerance/);
    expectClock("integration", "integrationDisconnected", { purgeAfter: [] });
    expect(cell("RET-INTEGRATION", "interpretation")).toMatch(
      /closure stops syncing at once \(export-only\) and disconnects every integration when the export window ends/,
    );
    const window = policy.parameters.exportWindow;
    for (const event of closure)
      expectClock("integration", event, { availableFor: window, purgeAfter: [window] });
  });

  it("RET-TELEMETRY-RAW", () => {
    expectClock("telemetry-raw", "collected", {
      purgeAfter: [duration(cell("RET-TELEMETRY-RAW"), /raw events purged (\d+ days) after collection/)],
    });
  });

  it("RET-TELEMETRY-AGG, and the identifiers aggregates must not hold", () => {
    expectClock("telemetry-aggregated", "periodEnded", {
      purgeAfter: [
        duration(cell("RET-TELEMETRY-AGG"), /aggregates purged (\d+ months) after the period they cover/),
      ],
    });
    const listed = grab(cell("RET-TELEMETRY-AGG"), /subject identifier of the tenant \(([^)]+)\)/);
    const names = listed.split(/, | or /).map((n) => ({ user: "userId", "contact id": "contactId" })[n] ?? n);
    expect(policy.retention["telemetry-aggregated"]?.excludedIdentifiers).toEqual(names);
  });

  it("RET-BILLING", () => {
    const kept = duration(cell("RET-BILLING"), /kept (\d+ years) from the invoice date/);
    expect(cell("RET-BILLING")).toContain(`purged after ${grab(cell("RET-BILLING"), /kept (\d+ years)/)}`);
    expectClock("billing", "invoiceIssued", { availableFor: kept, purgeAfter: [kept] });
    expect(policy.retention.billing?.hold?.legalBasis).toBe("legal-obligation");
  });

  it("RET-SECURITY: audit and incident records under their own rule only", () => {
    expect(cell("RET-SECURITY")).toMatch(/never removed by an erasure request or by account closure/);
    for (const rule of ["authentication-audit", "security-incidents"])
      expect(policy.retention[rule]?.hold).toBeDefined();
    expect(policy.retention["security-incidents"]?.keepFor).toBe(
      policy.retention["authentication-audit"]?.keepFor,
    );
  });
});

describe("deletion", () => {
  it("DEL-REQUEST-30D", () => {
    expect(policy.rights.erasureWithin).toBe(
      duration(cell("DEL-REQUEST-30D"), /completed within (\d+ days)/),
    );
    expect(cell("DEL-REQUEST-30D")).toMatch(/no extension applies to erasure/);
    expect(policy.rights.noExtensionFor).toContain("erasure");
  });

  it("DEL-LEGAL-HOLD", () => {
    expect(cell("DEL-LEGAL-HOLD")).toMatch(/\(billing, audit, incident records\)/);
    const held = Object.entries(policy.retention)
      .filter(([, r]) => r.hold)
      .map(([name]) => name);
    expect(held).toEqual(["authentication-audit", "security-incidents", "billing"]);
    expect(cell("DEL-LEGAL-HOLD")).toMatch(/invoices at the payments provider/);
    expect(policy.guarantees["DEL-LEGAL-HOLD"]?.dependsOn).toContain("/subprocessors/stripe");
  });

  it("DEL-CHILD, counted with section 11's deadline", () => {
    expect(policy.notices.minimumAge).toBe(Number(grab(cell("DEL-CHILD"), /a child under (\d+)/)));
    expect(policy.rights.minorDataDeletionWithin).toBe(
      duration(cell("DEL-CHILD"), /deleted within (\d+ days) of the report/),
    );
    expect(cell("DEL-CHILD", "interpretation")).toMatch(/we apply section 11's 30 days/);
    expect(findDurationReferences(crmFactoryPolicySource)).toContainEqual({
      at: "/rights/minorDataDeletionWithin",
      ref: "/rights/erasureWithin",
    });
  });

  it("DEL-ACCOUNT-CLOSE", () => {
    const purge = duration(cell("DEL-ACCOUNT-CLOSE"), /deleted within (\d+ days) after it/);
    expect(cell("DEL-ACCOUNT-CLOSE", "interpretation")).toBe("same clock as RET-CRM, seen from the account");
    expectClock("crm", "accountClosed", {
      availableFor: policy.parameters.exportWindow,
      purgeAfter: [policy.parameters.exportWindow, purge],
    });
  });
});

describe("rights", () => {
  const normalise = (name: string) =>
    name
      .toLowerCase()
      .replace(/^right to /, "")
      .replaceAll("-", " ");

  it("RIGHTS-KINDS", () => {
    const [gdpr, ccpa] = grab(cell("RIGHTS-KINDS"), /every right can be requested: (.+)$/).split("; CCPA: ");
    const kinds = Object.values(policy.rights.kinds);
    const names = (regime: string) => kinds.filter((k) => k.regime === regime).map((k) => normalise(k.name));
    expect(names("gdpr")).toEqual((gdpr ?? "").split(", ").map(normalise));
    expect(names("ccpa")).toEqual((ccpa ?? "").split(", ").map(normalise));
  });

  it("RIGHTS-VERIFY", () => {
    expect(policy.rights.verification.window).toBe(
      duration(cell("RIGHTS-VERIFY"), /verification window \(default (\d+ days)\)/),
    );
    expect(policy.rights.verification.method).toBe("one-time-code-to-account-email");
  });

  it("RIGHTS-30D", () => {
    expect(policy.rights.respondWithin).toBe(duration(cell("RIGHTS-30D"), /answered within (\d+ days)/));
  });

  it("RIGHTS-45D-NOTICE", () => {
    expect(policy.rights.extendedTotal).toBe(
      duration(cell("RIGHTS-45D-NOTICE"), /up to (\d+ days) in total/),
    );
    const before = `P${grab(cell("RIGHTS-45D-NOTICE"), /before day (\d+)/)}D`;
    expect(policy.rights.extensionNoticeBefore).toBe(before);
    expect(guaranteeParameters(policy, "RIGHTS-45D-NOTICE")["/rights/respondWithin"]).toBe(before);
    expect(cell("RIGHTS-45D-NOTICE", "interpretation")).toBe(
      `never beyond ${policy.rights.extendedTotal.slice(1, -1)}`,
    );
  });
});

describe("security, sharing and notice", () => {
  it("SEC-RBAC", () => {
    const levels = words[grab(cell("SEC-RBAC"), /^(\w+) permission levels/)];
    expect(Object.keys(policy.roles)).toHaveLength(levels ?? Number.NaN);
  });

  it("SEC-SUBPROCESSOR-LIST", () => {
    const named = words[grab(cell("SEC-SUBPROCESSOR-LIST"), /contains the (\w+) named in the policy/)];
    expect(Object.values(policy.subprocessors).filter((s) => s.namedInPolicy)).toHaveLength(
      named ?? Number.NaN,
    );
  });

  it("SEC-TLS13", () => {
    expect(policy.security?.tlsMinimumVersion).toBe(grab(cell("SEC-TLS13"), /TLS (\d\.\d)/));
  });

  it("SEC-ENCRYPTION-AT-REST", () => {
    expect(policy.security?.atRestCipher).toBe(grab(cell("SEC-ENCRYPTION-AT-REST"), /^(AES-\d+) at rest/));
    expect(cell("SEC-ENCRYPTION-AT-REST")).toContain("encrypted integration credentials");
    expect(policy.security?.encryptedIntegrationCredentials).toBe(true);
  });

  it("SEC-OPERATIONS", () => {
    expect(policy.security?.hostingCertifications).toEqual([
      grab(cell("SEC-OPERATIONS"), /^(SOC \d Type II) hosting/),
    ]);
  });

  it("NOTICE-BREACH-72H", () => {
    expect(policy.notices.breach.within).toBe(
      duration(cell("NOTICE-BREACH-72H"), /within (\d+ hours) of a breach/),
    );
    expect(cell("NOTICE-BREACH-72H")).toMatch(/administrators are emailed/);
    expect(policy.notices.breach).toMatchObject({ channels: ["email"], to: ["owner", "admin"] });
  });

  it("NOTICE-POLICY-30D", () => {
    expect(policy.notices.policyChange.atLeast).toBe(
      duration(cell("NOTICE-POLICY-30D"), /at least (\d+ days) before/),
    );
    expect(cell("NOTICE-POLICY-30D")).toMatch(/by email to administrators and by an in-app notice/);
    expect(policy.notices.policyChange.channels).toEqual(["email", "in-app"]);
  });

  it("NOTICE-MINOR", () => {
    expect(policy.notices.minimumAge).toBe(Number(grab(cell("NOTICE-MINOR"), /birth date under (\d+)/)));
  });

  it("NOTICE-LEGAL-DISCLOSURE", () => {
    expect(grab(cell("NOTICE-LEGAL-DISCLOSURE"), /an (annual) transparency report/)).toBe("annual");
    expect(policy.notices.transparencyReport?.every).toBe("P1Y");
  });
});

describe("completeness", () => {
  it("pins every digest row that states a number", () => {
    const pinned = new Set(describeNames().filter((name) => digest.rows.has(name)));
    const withNumbers = [...digest.rows]
      .filter(([, row]) =>
        /\d|\b(?:four|five|annual)\b/.test(
          `${row.guarantee} ${row.interpretation}`.replace(/\bsections? \d+(?:, \d+)*|section \d+'s/g, ""),
        ),
      )
      .map(([id]) => id);
    expect(withNumbers.filter((id) => !pinned.has(id))).toEqual([]);
  });
});

// The IDs this file pins: the names of its tests, up to the first space or comma.
function describeNames(): string[] {
  return [
    ...[
      "RET-ACCOUNT",
      "RET-AUTH",
      "RET-CRM",
      "RET-COMMS",
      "RET-INTEGRATION",
      "RET-TELEMETRY-RAW",
      "RET-TELEMETRY-AGG",
    ],
    ...["RET-BILLING", "RET-SECURITY", "DEL-REQUEST-30D", "DEL-LEGAL-HOLD", "DEL-CHILD", "DEL-ACCOUNT-CLOSE"],
    ...[
      "RIGHTS-KINDS",
      "RIGHTS-VERIFY",
      "RIGHTS-30D",
      "RIGHTS-45D-NOTICE",
      "SEC-RBAC",
      "SEC-SUBPROCESSOR-LIST",
    ],
    ...["SEC-TLS13", "SEC-ENCRYPTION-AT-REST", "SEC-OPERATIONS", "NOTICE-BREACH-72H", "NOTICE-POLICY-30D"],
    ...["NOTICE-MINOR", "NOTICE-LEGAL-DISCLOSURE"],
  ];
}
