import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { policyHash } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import type { SuiteReport } from "../run/suite-report.js";
import { anotherCompanysPolicy } from "../test-support/another-policy-target.js";
import { runCliCapture } from "../test-support/run-cli-capture.js";

const targetModule = join(import.meta.dirname, "../test-support/another-policy-target.ts");

describe("the policy a target enforces", () => {
  it("refuses (exit 2) a target whose discovery reports another policy hash than the policy under test", async () => {
    const run = await runCliCapture(["run", "--target", targetModule, "--only", "SEC-OPERATIONS"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `privacy-conformance: The target enforces another policy: its discovery reports "another-company" with hash ${policyHash(anotherCompanysPolicy())}, the policy under test ("crm-factory") hashes to 5e4be0eb86326190acc9cea859ff9fd2f51ca9c782a425aebcf3761059edd076. Run the suite with that policy (--policy FILE) or start the target with this one.\n`,
    );
  });

  it("runs against it once --policy names the policy it enforces", async () => {
    const dir = await mkdtemp(join(tmpdir(), "conformance-policy-"));
    await writeFile(join(dir, "another.json"), JSON.stringify(anotherCompanysPolicy()));
    const run = await runCliCapture(
      ["run", "--policy", "another.json", "--target", targetModule, "--only", "SEC-OPERATIONS"],
      {
        cwd: dir,
      },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(join(run.out, "report.json"), "utf8")) as SuiteReport;
    expect(report.policy).toMatchObject({ id: "another-company", hash: policyHash(anotherCompanysPolicy()) });
    expect(report.target.description).toBe(targetModule);
    expect(report.guarantees.map((guarantee) => [guarantee.id, guarantee.status])).toEqual([
      ["SEC-OPERATIONS", "attested"],
    ]);
  });
});
