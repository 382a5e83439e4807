import { describe, expect, it } from "vitest";
import { type CliIo, runCli, usage } from "./run-cli.js";
import { tinySaasPolicy } from "./testing/tiny-saas-policy.js";

const files: Record<string, string> = {
  "tiny.json": JSON.stringify(tinySaasPolicy(), null, 2),
  "broken.json": JSON.stringify({
    ...tinySaasPolicy(),
    parameters: { sweepTolerance: "6 hours", exportWindow: "P14D" },
  }),
  "twice.json": '{"id": "a", "id": "b"}',
  "not-json.json": "{ policy",
};
const io: CliIo = {
  readFile(path) {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  },
};
const run = (...argv: string[]) => runCli(argv, io);
const lines = (text: string) => text.split("\n").filter((line) => line !== "");

describe("crmfactory-policy", () => {
  it("prints CRM Factory's schedule and guarantees by default, with day counts", () => {
    const { stdout, stderr, code } = run();
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toMatch(/^Retention schedule — CRM Factory Privacy Policy/);
    expect(stdout).toContain("Guarantee catalogue — CRM Factory Privacy Policy: 45 guarantees");
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "Days: available until day 30, gone by day 120, late from day 121 after account closure or subscription end.",
    );
    expect(stdout.replace(/\s+/g, " ")).toContain("gone by day 393 to 397, late from day 394 to 398");
  });

  it("shows each guarantee's parameters", () => {
    const { stdout } = run("guarantees");
    const flat = stdout.replace(/\s+/g, " ");
    expect(flat).toContain("- /security/tlsMinimumVersion: 1.3");
    expect(flat).toContain("- /rights/extendedTotal: P45D (45 days)");
    expect(flat).toContain(
      "- /rights/countsFrom: controller: requestVerified (verification); processor: requestFiled (filing)",
    );
    expect(flat).toMatch(
      /RET-INTEGRATION .* gone by day 0, late from day 1 after disconnection; gone by day 30, late from day 31 after account closure or subscription end/,
    );
    expect(stdout).toContain("37 tested, 1 tested-if-https, 7 attested");
  });

  it("renders any valid policy file in its own words", () => {
    const { stdout, code } = run("--policy", "tiny.json");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Retention schedule — Tiny SaaS Privacy Notice/);
    expect(stdout).not.toMatch(/CRM Factory|account closure|subscription end/);
    const flat = stdout.replace(/\s+/g, " ");
    expect(flat).toContain(
      "Kept at least 14 days after account deletion; purged within 1 month after that (sweep tolerance 6 hours).",
    );
    expect(flat).toContain(
      "Days: available until day 14, gone by day 42 to 45, late from day 42 + 6 hours to day 45 + 6 hours after account deletion.",
    );
    expect(flat).toContain(
      "gone by day 2, late from day 2 + 6 hours after mailbox removal; gone by day 16, late from day 16 + 6 hours after account deletion.",
    );
    expect(run("--policy=tiny.json", "json").stdout).toContain('"exportWindow": "P14D"');
  });

  it("keeps lines within the width and indents continuations", () => {
    for (const width of [100, 60]) {
      const { stdout } = runCli(["--width", String(width)], io);
      const longest = Math.max(...lines(stdout).map((line) => line.length));
      expect(longest, `width ${width}`).toBeLessThanOrEqual(width);
    }
    expect(
      Math.max(...lines(runCli([], { ...io, columns: 72 }).stdout).map((l) => l.length)),
    ).toBeLessThanOrEqual(72);
    const schedule = lines(run("schedule").stdout);
    const summary = schedule.findIndex((line) =>
      line.startsWith("  Kept at least 30 days after account closure"),
    );
    expect(schedule[summary + 1]).toMatch(/^ {4}\S/);
  });

  it("prints its usage on --help", () => {
    expect(run("--help")).toEqual({ stdout: `${usage}\n`, stderr: "", code: 0 });
    expect(run("-h").code).toBe(0);
  });

  it.each([
    [["lies"], 'unknown command "lies"'],
    [["--verbose"], 'unknown option "--verbose"'],
    [["-x"], 'unknown option "-x"'],
    [["schedule", "json"], 'unexpected argument "json": one command at a time'],
    [["--policy"], "--policy needs a file name"],
    [["--width", "wide"], "--width needs a whole number of columns, at least 40 (got wide)"],
    [["--width", "20"], "--width needs a whole number of columns, at least 40 (got 20)"],
  ])("refuses %j with exit 2 and a readable message", (argv, message) => {
    const { stdout, stderr, code } = run(...argv);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toBe(`crmfactory-policy: ${message}\n\n${usage}\n`);
  });

  it("reports a bad policy file's problems with their paths, exit 2, never a stack trace", () => {
    const broken = run("--policy", "broken.json");
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe(
      "crmfactory-policy: broken.json: Invalid privacy policy (1 problem):\n  - parameters.sweepTolerance: must be an ISO 8601 duration such as P90D, P13M or P7Y\n",
    );
    expect(run("--policy", "twice.json").stderr).toContain(
      '  - id: the key "id" appears twice in one object',
    );
    expect(run("--policy", "not-json.json").stderr).toMatch(
      /^crmfactory-policy: not-json\.json: Invalid privacy policy \(1 problem\):\n {2}- \(root\): not valid JSON/,
    );
    const missing = run("--policy", "absent.json");
    expect(missing).toEqual({
      stdout: "",
      stderr:
        "crmfactory-policy: cannot read absent.json: ENOENT: no such file or directory, open 'absent.json'\n",
      code: 2,
    });
    for (const result of [broken, missing]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
