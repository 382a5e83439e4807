import { describe, expect, it } from "vitest";
import type { GuaranteeReport, SuiteReport } from "../run/suite-report.js";
import { reportSchemaErrors } from "../test-support/report-schema.js";
import { formatFailure } from "./format-counterexample.js";
import { escapeXml, junitXml } from "./junit-xml.js";
import { reportMarkdown } from "./report-markdown.js";

const failed: GuaranteeReport = {
  id: "RET-CRM",
  method: "tested",
  status: "failed",
  evidence: "independent",
  runs: 4,
  edges: { "purge-due": 1 },
  scenarios: {},
  durationMs: 1500,
  counterexample: {
    message: 'contact <"a&b"> still listed',
    details: { contactId: "c1" },
    plan: "[3]",
    calls: [{ method: "GET", path: "/contacts/c1", status: 200, responseBody: { id: "c1" } }],
  },
  error: null,
  replay: "pnpm conformance --only RET-CRM --seed 1 --path 0",
  reason: null,
  allowedPending: false,
  attestation: null,
  properties: [],
};
const report: SuiteReport = {
  reportVersion: 1,
  target: {
    kind: "in-process",
    description: "t",
    implementation: null,
    contractVersion: null,
    profiles: [],
    fault: null,
    outbound: { recorded: 0, seesAllTraffic: true, unrecorded: [] },
  },
  policy: { id: "crm-factory", name: "P", hash: "a".repeat(64) },
  seed: 1,
  numRuns: 4,
  startedAt: "2026-12-03T09:00:00.000Z",
  durationMs: 1500,
  summary: { passed: 0, failed: 1, attested: 0, untested: 0, skipped: 0 },
  exitCode: 1,
  guarantees: [failed],
};

describe("junit.xml of a failure", () => {
  it("carries the counterexample's calls and the replay line, escaped", () => {
    const xml = junitXml(report);
    expect(xml).toContain(
      '<failure message="contact &lt;&quot;a&amp;b&quot;&gt; still listed" type="guarantee-violated">RET-CRM failed',
    );
    expect(xml).toContain("1. GET /contacts/c1 -&gt; 200 {&quot;id&quot;:&quot;c1&quot;}");
    expect(xml).toContain("replay: pnpm conformance --only RET-CRM --seed 1 --path 0</failure>");
    expect(escapeXml("bell\u0007")).toBe("bell\uFFFD");
  });

  it("report.md lists the failure with its calls and replay line", () => {
    const markdown = reportMarkdown(report);
    expect(markdown).toContain("## Failures");
    expect(markdown).toContain('1. GET /contacts/c1 -> 200 {"id":"c1"}');
    expect(markdown).toContain("```sh\npnpm conformance --only RET-CRM --seed 1 --path 0\n```");
  });

  it("shortens bodies on the terminal only", () => {
    expect(formatFailure(failed, 5)).toContain('1. GET /contacts/c1 -> 200 {"id"... (11 characters)');
    expect(formatFailure(failed)).toContain('1. GET /contacts/c1 -> 200 {"id":"c1"}');
  });

  it("the schema refuses a failed guarantee without its replay line", () => {
    expect(reportSchemaErrors({ ...report, guarantees: [{ ...failed, replay: null }] })).toContain(
      "/guarantees/0/replay: must be string",
    );
  });
});
