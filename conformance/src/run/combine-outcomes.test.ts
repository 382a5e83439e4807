import { crmFactoryPolicy, guaranteeCatalogue } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import type { PropertyOutcome } from "../harness/check-property.js";
import { combineOutcomes, propertyReport } from "./combine-outcomes.js";
import { replayCommand, shellWord } from "./replay-command.js";
import { exitCodeOf } from "./run-suite.js";

const entry = guaranteeCatalogue(crmFactoryPolicy).find((guarantee) => guarantee.id === "RET-CRM");
if (!entry) throw new Error("RET-CRM is a guarantee of the policy");

const outcome = (overrides: Partial<PropertyOutcome>): PropertyOutcome => ({
  guarantee: "RET-CRM",
  property: "first",
  status: "passed",
  runs: 3,
  seed: 9,
  scenarios: { a: 1, b: 0 },
  edges: { low: 2 },
  evidence: "independent",
  selfReportedBecause: [],
  durationMs: 10,
  ...overrides,
});

describe("a guarantee's result from its properties", () => {
  it("passes only when every property passed, summing runs and counts, at the weakest evidence", () => {
    const result = combineOutcomes(
      entry,
      [
        propertyReport(outcome({}), "replay-1"),
        propertyReport(
          outcome({ property: "second", scenarios: { b: 2 }, evidence: "self-reported" }),
          "replay-2",
        ),
      ],
      false,
    );
    expect(result).toMatchObject({
      status: "passed",
      runs: 6,
      scenarios: { a: 1, b: 2 },
      edges: { low: 4 },
      evidence: "self-reported",
      replay: null,
    });
    expect(result.properties.map((property) => property.replay)).toEqual([null, null]);
  });

  it("counts an errored property as failed, with its error and replay line", () => {
    const errored = outcome({
      property: "second",
      status: "errored",
      error: "fetch failed",
      path: "0:2",
      counterexample: { message: "fetch failed", details: {}, plan: "3", calls: [] },
    });
    const result = combineOutcomes(
      entry,
      [propertyReport(outcome({}), "r1"), propertyReport(errored, "r2")],
      true,
    );
    expect(result).toMatchObject({
      status: "failed",
      error: "fetch failed",
      replay: "r2",
      allowedPending: true,
    });
    expect(result.reason).toBe("the property second could not run: fetch failed");
    expect(exitCodeOf([result])).toBe(1);
  });

  it("exits 1 on untested or skipped unless allowed pending", () => {
    const untested = { ...combineOutcomes(entry, [], false), status: "untested" as const };
    expect(exitCodeOf([untested])).toBe(1);
    expect(exitCodeOf([{ ...untested, allowedPending: true }])).toBe(0);
    expect(exitCodeOf([{ ...untested, status: "skipped", allowedPending: false }])).toBe(1);
    expect(exitCodeOf([{ ...untested, status: "attested" }])).toBe(0);
  });
});

describe("the replay line", () => {
  it("names the property only when the guarantee has several, and quotes what the shell would split", () => {
    const context = { command: "pnpm conformance", targetArgs: ["--spawn", shellWord("node server.js")] };
    expect(
      replayCommand(context, { guarantee: "RET-CRM", property: "p", registered: 1, seed: -5, path: "1:0" }),
    ).toBe("pnpm conformance --spawn 'node server.js' --only RET-CRM --seed -5 --path 1:0");
    expect(
      replayCommand(context, { guarantee: "RET-CRM", property: "p", registered: 2, seed: 3, path: null }),
    ).toBe("pnpm conformance --spawn 'node server.js' --only RET-CRM/p --seed 3");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });
});
