import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { crmFactoryPolicy, policyHash } from "@crmfactory/taxonomy";
import * as fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { defineProperty } from "../harness/property.js";
import type { SuiteReport } from "../run/suite-report.js";
import { customFieldsProperty } from "../test-support/custom-fields-fault.js";
import { reportSchemaErrors } from "../test-support/report-schema.js";
import { type CapturedRun, runCliCapture } from "../test-support/run-cli-capture.js";

// SEC-TLS13 is tested only over HTTPS: an in-process target must skip it without running its check.
const tlsProperty = defineProperty({
  guarantee: "SEC-TLS13",
  name: "tls-version",
  description: "Test-only: stands for the TLS property, which an in-process target cannot be asked.",
  scenarios: [],
  edges: [],
  plan: () => fc.constant(null),
  async check() {
    throw new Error("an in-process target has no TLS: this check must not run");
  },
});
const properties = [customFieldsProperty, tlsProperty];
const only = ["--only", "RET-CRM,SEC-OPERATIONS,RIGHTS-KINDS,SEC-TLS13", "--runs", "3", "--seed", "11"];
const readReport = async (run: CapturedRun) =>
  JSON.parse(await readFile(join(run.out, "report.json"), "utf8")) as SuiteReport;

describe("a run's reports", () => {
  let strict: CapturedRun;
  let allowed: CapturedRun;
  beforeAll(async () => {
    strict = await runCliCapture(["run", ...only], { properties });
    allowed = await runCliCapture(
      ["run", ...only, "--allow-pending", "RIGHTS-KINDS", "--allow-pending", "SEC-TLS13"],
      {
        properties,
        tty: true,
      },
    );
  });

  it("exit 1 while a tested guarantee is untested or skipped, 0 once they are allowed pending", async () => {
    expect(strict.stderr).toBe("");
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("not allowed pending (exit 1): RIGHTS-KINDS untested, SEC-TLS13 skipped");
    expect(allowed.stderr).toBe("");
    expect(allowed.code).toBe(0);
  });

  it("report.json has a verdict per guarantee and validates against report.schema.json", async () => {
    const report = await readReport(strict);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(reportSchemaErrors({ ...report, seed: "11" })).toEqual(["/seed: must be integer"]);
    expect(report.policy).toEqual({
      id: "crm-factory",
      name: crmFactoryPolicy.name,
      hash: policyHash(crmFactoryPolicy),
    });
    expect(report.seed).toBe(11);
    expect(report.target).toMatchObject({
      kind: "in-process",
      fault: null,
      profiles: ["data", "harness", "privacy"],
      outbound: { seesAllTraffic: true, unrecorded: [] },
    });
    expect(report.summary).toEqual({ passed: 1, failed: 0, attested: 1, untested: 1, skipped: 1 });
    const byId = Object.fromEntries(report.guarantees.map((guarantee) => [guarantee.id, guarantee]));
    expect(byId["RET-CRM"]).toMatchObject({
      status: "passed",
      method: "tested",
      runs: 3,
      evidence: "independent",
      replay: null,
    });
    expect(byId["SEC-OPERATIONS"]).toMatchObject({ status: "attested", method: "attested", runs: 0 });
    expect(byId["RIGHTS-KINDS"]).toMatchObject({ status: "untested", allowedPending: false });
    expect(byId["SEC-TLS13"]).toMatchObject({ status: "skipped", method: "tested-if-https", runs: 0 });
    expect((await readReport(allowed)).guarantees.find((g) => g.id === "RIGHTS-KINDS")?.allowedPending).toBe(
      true,
    );
  });

  it("junit.xml has a test case per guarantee: untested fails, attested and skipped are skipped", async () => {
    const junit = await readFile(join(allowed.out, "junit.xml"), "utf8");
    expect(junit).toMatch(
      /<testsuites name="privacy-conformance" tests="4" failures="1" errors="0" skipped="2"/,
    );
    expect(junit).toMatch(/<testcase classname="crm-factory.RET" name="RET-CRM" time="[\d.]+"\/>/);
    expect(junit).toMatch(
      /name="RIGHTS-KINDS"[^>]*>\n\s+<failure message="untested \(allowed pending\): no property/,
    );
    expect(junit).toMatch(/name="SEC-OPERATIONS"[^>]*>\n\s+<skipped message="attested: /);
    expect(junit).toMatch(/name="SEC-TLS13"[^>]*>\n\s+<skipped message="skipped: tested only over HTTPS/);
  });

  it("report.md has the run and a row per guarantee; nothing half-written is left behind", async () => {
    const markdown = await readFile(join(strict.out, "report.md"), "utf8");
    expect(markdown).toContain(`- Policy: \`crm-factory\`, hash \`${policyHash(crmFactoryPolicy)}\``);
    expect(markdown).toMatch(/- Outbound: every outbound request was recorded \(\d+\)/);
    expect(markdown).toMatch(
      /\| RET-CRM \| tested \| passed \| independent \| 3 \| 1\/1|\| RET-CRM \| tested \| passed \| independent \| 3 \| 0\/1/,
    );
    expect(markdown).toContain(
      "| RIGHTS-KINDS | tested | untested | - | 0 | - | - | 0.0 s | no property of the suite checks this guarantee yet |",
    );
    expect((await readdir(strict.out)).sort()).toEqual(["junit.xml", "report.json", "report.md"]);
  });

  it("prints a line per guarantee: key=value off a terminal, aligned with seconds on one", () => {
    expect(strict.stdout).toMatch(/^seed=11 runs=3 policy=crm-factory target=/);
    expect(strict.stdout).toMatch(/^RET-CRM status=passed runs=3 edges=\d\/1 ms=\d+$/m);
    expect(strict.stdout).toMatch(/^RIGHTS-KINDS status=untested runs=0 edges=0\/0 ms=0$/m);
    expect(strict.stdout).not.toContain("\u001b[");
    const esc = String.fromCharCode(27);
    const line = allowed.stdout.split("\n").find((text) => text.includes("RET-CRM")) ?? "";
    expect(line.startsWith(`  ${esc}[32mpassed  ${esc}[0m RET-CRM `)).toBe(true);
    expect(line).toMatch(/ +3 runs {2}edges \d\/1 +\d+\.\d s$/);
    expect(allowed.stdout).toContain("(allowed pending) no property of the suite checks this guarantee yet");
    expect(allowed.stdout).toMatch(
      /1 passed, 0 failed, 1 attested, 1 untested, 1 skipped \(2 allowed pending\)/,
    );
  });
});
