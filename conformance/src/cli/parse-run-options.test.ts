import { describe, expect, it } from "vitest";
import { SuiteRefusedError } from "../run/suite-refused.js";
import { parseRunOptions } from "./parse-run-options.js";

const only = (args: string[]) => {
  const options = parseRunOptions(["--seed", "1", ...args]);
  if (options === "help") throw new Error("help");
  return options.only;
};

describe("parseRunOptions --only", () => {
  it("takes the IDs after --only up to the next option, repeated or comma-separated alike", () => {
    expect(only(["--only", "RET-CRM", "DEL-CHILD", "--runs", "2"])).toEqual(["RET-CRM", "DEL-CHILD"]);
    expect(only(["--only", "RET-CRM,DEL-CHILD"])).toEqual(["RET-CRM", "DEL-CHILD"]);
    expect(only(["--only", "RET-CRM", "--only", "DEL-CHILD"])).toEqual(["RET-CRM", "DEL-CHILD"]);
    expect(only([])).toEqual([]);
  });

  it("still refuses positional arguments that follow no --only", () => {
    expect(() => parseRunOptions(["RET-CRM"])).toThrow(SuiteRefusedError);
    expect(() => parseRunOptions(["--runs", "2", "RET-CRM"])).toThrow(/no positional arguments/);
  });
});
