import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crmFactoryPolicy } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import { SuiteRefusedError } from "../run/suite-refused.js";
import { customFieldsProperty } from "../test-support/custom-fields-fault.js";
import { runCliCapture } from "../test-support/run-cli-capture.js";
import { importFaults } from "./load-faults.js";
import { replayCommandOf } from "./run-command.js";

// Two properties of one guarantee, so `--path` needs `ID/property` to know which it replays.
const properties = [customFieldsProperty, { ...customFieldsProperty, name: "custom-fields-again" }];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "conformance-cli-"));
  await writeFile(join(dir, "not-json.json"), "{ nope");
  await writeFile(
    join(dir, "bad-policy.json"),
    JSON.stringify({ ...crmFactoryPolicy, retention: { crm: { purgeWithin: "ninety days" } } }),
  );
  await writeFile(join(dir, "pending.json"), JSON.stringify({ guarantees: ["RET-CRM", "NOT-A-GUARANTEE"] }));
});

/** Every refusal: exit 2, one line on stderr naming the problem, nothing on stdout, no stack trace. */
async function expectRefused(argv: string[], message: RegExp | string) {
  const run = await runCliCapture(argv, { cwd: dir, properties });
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return run;
}

describe("privacy-conformance refuses a run it cannot make (exit 2)", () => {
  it.each([
    [["run", "--bogus"], /Unknown option '--bogus'/],
    [["run", "RET-CRM"], /no positional arguments/],
    [["run", "--runs", "0"], /--runs 0: expected a whole number from 1/],
    [["run", "--runs", "many"], /--runs many/],
    [["run", "--seed", "1.5"], /--seed 1.5/],
    [["run", "--seed", "1", "--path", "a:b"], /--path a:b: expected fast-check's replay path/],
    [["run", "--path", "0:1"], /give --seed too/],
    [["run", "--only", "RET-NOPE"], /has no guarantee RET-NOPE/],
    [
      ["run", "--only", "RET-CRM/no-such-property"],
      /RET-CRM has no property "no-such-property" \(its properties: custom-fields-read-back, custom-fields-again\)/,
    ],
    [["run", "--only", ","], /--only needs a guarantee ID/],
    [["run", "--seed", "1", "--path", "0", "--only", "RET-CRM"], /exactly one property/],
    [["run", "--policy", "missing.json"], /--policy missing.json: cannot read the file \(ENOENT\)/],
    [["run", "--policy", "not-json.json"], /not valid JSON/],
    [["run", "--policy", "bad-policy.json"], /--policy bad-policy.json: Invalid privacy policy/],
    [["list", "--policy", "missing.json"], /cannot read the file/],
    [["run", "--allow-pending", "RET-CRM,NOPE"], /has no guarantee NOPE/],
    [
      ["run", "--allow-pending", "pending.json"],
      /pending.json: the policy "crm-factory" has no guarantee NOT-A-GUARANTEE/,
    ],
    [["run", "--allow-pending", "absent.txt"], /absent.txt: cannot read the file/],
    [["run", "--target", "./t.js", "--target-url", "http://127.0.0.1:9/v1"], /exclude each other/],
    [["run", "--fault", "x", "--target", "./t.js"], /cannot be combined with --target/],
    [["run", "--token", "t"], /--token is an option of HTTP targets/],
    [["run", "--spawn", "node server.js"], /--spawn is an option of HTTP targets/],
    [["run", "--target-url", "not a url", "--operator-token", "o"], /not a URL/],
    [["run", "--target-url", "ftp://host/v1", "--operator-token", "o"], /http: or https: URL/],
    [["run", "--target-url", "http://127.0.0.1:9/v1"], /needs the operator token/],
    [["run", "--fault", "no-such-fault"], /--fault no-such-fault: no such fault/],
    [
      ["run", "--target", "./absent-target.js"],
      /--target .\/absent-target.js: the module could not be loaded/,
    ],
    [["walk"], /unknown command "walk"/],
    [[], /Usage: privacy-conformance/],
  ])("%j", async (argv, message) => {
    await expectRefused(argv, message);
  });

  it("refuses a target module that exports no factory", async () => {
    const module = join(import.meta.dirname, "../report/junit-xml.ts");
    await expectRefused(["run", "--target", module], /exports no target factory/);
  });

  it("refuses --fault and the default target where the faults package is not installed", async () => {
    await expect(importFaults("@crmfactory/conformance-faults-absent")).rejects.toThrow(SuiteRefusedError);
    await expect(importFaults("@crmfactory/conformance-faults-absent")).rejects.toThrow(/is not installed/);
    const run = await runCliCapture(["run", "--fault", "anything"], {
      cwd: dir,
      properties,
      loadFaults: () => importFaults("@crmfactory/conformance-faults-absent"),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /conformance-faults-absent is not installed.*--target MODULE or --target-url URL/,
    );
  });

  it("hands --target-url and its options to the HTTP session, and refuses an unreachable target", async () => {
    let received: unknown;
    const run = await runCliCapture(
      [
        "run",
        "--target-url",
        "http://127.0.0.1:9/v1",
        "--operator-token",
        "op",
        "--spawn",
        "node server.js",
        "--call-timeout",
        "5000",
        "--seed",
        "7",
      ],
      {
        cwd: dir,
        properties,
        env: { CONFORMANCE_TOKEN: "tok" },
        loadHttpSession: async () => async (options) => {
          received = options;
          throw new Error("connect ECONNREFUSED 127.0.0.1:9");
        },
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "privacy-conformance: The target at http://127.0.0.1:9/v1 could not be reached: connect ECONNREFUSED 127.0.0.1:9\n",
    );
    expect(received).toEqual({
      targetUrl: "http://127.0.0.1:9/v1",
      operatorToken: "op",
      token: "tok",
      spawn: "node server.js",
      policy: crmFactoryPolicy,
      callTimeoutMs: 5000,
      seed: "7",
    });
  });
});

describe("privacy-conformance list", () => {
  it("lists every guarantee of the policy with its properties, evidence class and profiles", async () => {
    const run = await runCliCapture(["list"], { properties });
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines.find((line) => line.startsWith("RET-CRM "))).toMatch(
      /^RET-CRM\s+tested\s+self-reported\s+privacy,harness,data\s+custom-fields-read-back, custom-fields-again$/,
    );
    expect(lines.find((line) => line.startsWith("SEC-OPERATIONS "))).toMatch(
      /^SEC-OPERATIONS\s+attested\s+-\s+-\s+-$/,
    );
    expect(lines.find((line) => line.startsWith("RIGHTS-KINDS "))).toMatch(/\(none: untested\)$/);
    expect(run.stdout).toContain("45 guarantees of crm-factory: 38 tested, 1 with properties, 7 attested");
    const json = JSON.parse((await runCliCapture(["list", "--json"], { properties })).stdout);
    expect(json).toHaveLength(45);
  });
});

describe("the replay line's command", () => {
  it("is the root script's when pnpm runs it, the bin's otherwise", () => {
    expect(replayCommandOf({ npm_lifecycle_event: "conformance" })).toBe("pnpm conformance");
    expect(replayCommandOf({})).toBe("privacy-conformance run");
  });
});

describe("an HTTP target that does not answer", () => {
  it("is refused with exit 2 and one line", async () => {
    const run = await runCliCapture(
      [
        "run",
        "--target-url",
        "http://127.0.0.1:59999/v1",
        "--operator-token",
        "op",
        "--call-timeout",
        "3000",
      ],
      {
        properties,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^privacy-conformance: The target at http:\/\/127\.0\.0\.1:59999\/v1 could not be reached: .+\n$/,
    );
  }, 60_000);
});
