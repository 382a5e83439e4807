import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SuiteReport } from "../run/suite-report.js";
import { customFieldsProperty, smallBodyFault } from "../test-support/custom-fields-fault.js";
import { faultsWith, runCliCapture } from "../test-support/run-cli-capture.js";

const loadFaults = async () => faultsWith(smallBodyFault);
const properties = [customFieldsProperty];

describe("a failure's replay line", () => {
  it("reproduces the failure it was printed for", async () => {
    const first = await runCliCapture(
      ["run", "--only", "RET-CRM", "--runs", "6", "--seed", "42", "--fault", smallBodyFault.name],
      {
        properties,
        loadFaults,
      },
    );
    expect(first.stderr).toBe("");
    expect(first.code).toBe(1);
    const report = JSON.parse(await readFile(join(first.out, "report.json"), "utf8")) as SuiteReport;
    const [crm] = report.guarantees;
    expect(crm?.status).toBe("failed");
    expect(crm?.counterexample?.message).toBe("the contact was refused while the account is active");
    // Shrunk to the smallest contact the broken limit refuses.
    const shrunk = Number(crm?.counterexample?.plan);
    expect(shrunk).toBeGreaterThan(0);
    expect(
      crm?.counterexample?.calls.some(
        (call) => call.method === "POST" && call.path === "/contacts" && call.status === 413,
      ),
    ).toBe(true);
    const replay = crm?.replay ?? "";
    expect(replay).toMatch(
      /^privacy-conformance run --fault test-small-body-limit --only RET-CRM --seed 42 --path \d+(:\d+)*$/,
    );
    expect(first.stdout).toContain(`replay: ${replay}`);
    expect(first.stdout).toContain("POST /contacts");

    const again = await runCliCapture(
      replay.split(" ").slice(2).length ? ["run", ...replay.split(" ").slice(2)] : [],
      {
        properties,
        loadFaults,
      },
    );
    expect(again.code).toBe(1);
    const replayed = JSON.parse(await readFile(join(again.out, "report.json"), "utf8")) as SuiteReport;
    expect(replayed.guarantees[0]?.runs).toBe(1);
    expect(replayed.guarantees[0]?.counterexample?.plan).toBe(String(shrunk));
    expect(replayed.guarantees[0]?.counterexample?.message).toBe(crm?.counterexample?.message);

    // The same replay against the reference without the fault passes: the failure was the fault's.
    const fixed = await runCliCapture(
      [
        "run",
        "--only",
        "RET-CRM",
        "--seed",
        "42",
        "--path",
        replayed.guarantees[0]?.properties[0]?.path ?? "0",
      ],
      {
        properties,
        loadFaults,
      },
    );
    expect(fixed.code).toBe(0);
  });
});
