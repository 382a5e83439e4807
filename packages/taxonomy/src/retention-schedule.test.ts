import { describe, expect, it } from "vitest";
import { crmFactoryPolicy } from "./crm-factory/policy.js";
import { definePolicy } from "./define-policy.js";
import { humanizeDuration } from "./humanize-duration.js";
import { renderGuaranteeCatalogue, renderRetentionSchedule } from "./render-text.js";
import { retentionSchedule } from "./retention-schedule.js";
import { mutatePolicy } from "./testing/mutate-policy.js";

describe("humanizeDuration", () => {
  it.each([
    ["P90D", "90 days"],
    ["P1D", "1 day"],
    ["P13M", "13 months"],
    ["P7Y", "7 years"],
    ["PT72H", "72 hours"],
    ["P1Y2M", "1 year 2 months"],
    ["P0D", "no time"],
  ])("%s reads %s", (duration, words) => {
    expect(humanizeDuration(duration)).toBe(words);
  });
});

describe("retentionSchedule", () => {
  const schedule = retentionSchedule(crmFactoryPolicy);

  it("has one entry per rule, covering all seven categories", () => {
    expect(schedule.map((e) => e.rule)).toEqual(Object.keys(crmFactoryPolicy.retention));
    expect(new Set(schedule.map((e) => e.category)).size).toBe(7);
  });

  it("describes the CRM clock from its numbers", () => {
    const crm = schedule.find((e) => e.rule === "crm");
    expect(crm?.summary).toBe(
      "Kept at least 30 days after account closure or subscription end, whichever comes first; purged within 90 days after that (sweep tolerance 1 day).",
    );
  });

  it("words the anchors from the policy data, implied ones included", () => {
    expect(schedule.find((e) => e.rule === "integration")?.summary).toBe(
      "Purged at disconnection, 30 days after account closure or 30 days after subscription end, whichever comes first (sweep tolerance 1 day).",
    );
    expect(schedule.find((e) => e.rule === "billing")?.summary).toBe(
      "Kept at least 7 years after the invoice date; purged when that ends (sweep tolerance 1 day).",
    );
    expect(schedule.find((e) => e.rule === "telemetry-raw")?.summary).toBe(
      "Purged within 90 days after collection (sweep tolerance 1 day).",
    );
  });

  it("takes the anchors' words from the data, not from a list of its own", () => {
    const changed = definePolicy(
      mutatePolicy((p) => {
        p.anchors.collected!.phrase = "the moment of recording";
      }),
    );
    expect(retentionSchedule(changed).find((e) => e.rule === "telemetry-raw")?.summary).toBe(
      "Purged within 90 days after the moment of recording (sweep tolerance 1 day).",
    );
  });

  it("shows legal holds with their basis", () => {
    expect(schedule.find((e) => e.rule === "billing")?.hold).toMatchObject({
      legalBasisName: "Legal obligation",
    });
    expect(schedule.filter((e) => e.hold).map((e) => e.rule)).toEqual([
      "authentication-audit",
      "security-incidents",
      "billing",
    ]);
  });

  it("changes when the policy data changes", () => {
    const changed = definePolicy(
      mutatePolicy((p) => {
        p.parameters.exportWindow = "P45D";
      }),
    );
    expect(retentionSchedule(changed).find((e) => e.rule === "crm")?.summary).toMatch(
      /^Kept at least 45 days/,
    );
  });
});

describe("the text the CLI prints", () => {
  it("lists every rule of the schedule", () => {
    const text = renderRetentionSchedule(crmFactoryPolicy);
    for (const rule of Object.keys(crmFactoryPolicy.retention)) expect(text).toContain(`[${rule}]`);
    expect(text).toContain("Minimum age: 16.");
  });

  it("lists every guarantee with its method, and the totals", () => {
    const text = renderGuaranteeCatalogue(crmFactoryPolicy);
    for (const [id, g] of Object.entries(crmFactoryPolicy.guarantees)) {
      expect(text).toMatch(new RegExp(`^${id} +${g.method} `, "m"));
    }
    expect(text).toContain("37 tested, 1 tested-if-https, 7 attested");
  });
});
