import { crmFactoryPolicy } from "./crm-factory/policy.js";
import { loadPolicy, PolicyValidationError } from "./define-policy.js";
import type { Policy } from "./policy-schema.js";
import { renderGuaranteeCatalogue, renderRetentionSchedule } from "./render-text.js";

export const usage = `Usage: crmfactory-policy [--policy <file.json>] [--width <columns>] [schedule | guarantees | json]

Prints a privacy policy computed from its data: CRM Factory's, or any policy file that validates
(the policy.json format; duration references are resolved).

Commands:
  schedule             the retention schedule, with each clock's day counts
  guarantees           every guarantee: method, sections, statement, parameters and day counts
  json                 the validated policy as JSON, references resolved
  (none)               the schedule, then the guarantees

Options:
  --policy <file>      read the policy from this JSON file instead of CRM Factory's
  --width <columns>    wrap lines at this width (default: the terminal's, or 100)
  -h, --help           show this help

Exit codes: 0 printed, 2 bad arguments or an invalid policy file.`;

export interface CliIo {
  /** Reads a file as UTF-8 text; throws when it cannot. */
  readFile(path: string): string;
  /** The terminal's width, when the output is a terminal. */
  columns?: number | undefined;
}

export interface CliResult {
  stdout: string;
  stderr: string;
  code: 0 | 1 | 2;
}

const commands = ["schedule", "guarantees", "json"] as const;
type Command = (typeof commands)[number];

/** The crmfactory-policy command as a function of its arguments: what it prints and its exit code. */
export function runCli(argv: readonly string[], io: CliIo): CliResult {
  const parsed = parseArguments(argv);
  if ("error" in parsed)
    return { stdout: "", stderr: `crmfactory-policy: ${parsed.error}\n\n${usage}\n`, code: 2 };
  if (parsed.help) return { stdout: `${usage}\n`, stderr: "", code: 0 };

  let policy: Policy = crmFactoryPolicy;
  if (parsed.policyFile !== undefined) {
    let text: string;
    try {
      text = io.readFile(parsed.policyFile);
    } catch (error) {
      return failure(`cannot read ${parsed.policyFile}: ${(error as Error).message}`);
    }
    try {
      policy = loadPolicy(text);
    } catch (error) {
      if (error instanceof PolicyValidationError) return failure(`${parsed.policyFile}: ${error.message}`);
      return {
        stdout: "",
        stderr: `crmfactory-policy: unexpected error: ${(error as Error).message}\n`,
        code: 1,
      };
    }
  }

  const width = parsed.width ?? io.columns ?? 100;
  const schedule = () => renderRetentionSchedule(policy, { width });
  const guarantees = () => renderGuaranteeCatalogue(policy, { width });
  const output: Record<Command | "all", () => string> = {
    all: () => `${schedule()}\n\n${guarantees()}`,
    schedule,
    guarantees,
    json: () => JSON.stringify(policy, null, 2),
  };
  return { stdout: `${output[parsed.command ?? "all"]()}\n`, stderr: "", code: 0 };
}

function failure(message: string): CliResult {
  return { stdout: "", stderr: `crmfactory-policy: ${message}\n`, code: 2 };
}

type Parsed = { help: boolean; command?: Command; policyFile?: string; width?: number } | { error: string };

function parseArguments(argv: readonly string[]): Parsed {
  const result: { help: boolean; command?: Command; policyFile?: string; width?: number } = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === "-h" || flag === "--help") {
      result.help = true;
    } else if (flag === "--policy") {
      const file = value();
      if (file === undefined || file === "") return { error: "--policy needs a file name" };
      result.policyFile = file;
    } else if (flag === "--width") {
      const text = value();
      const width = Number(text);
      if (text === undefined || !Number.isInteger(width) || width < 40) {
        return { error: `--width needs a whole number of columns, at least 40 (got ${text ?? "nothing"})` };
      }
      result.width = width;
    } else if (flag.startsWith("-")) {
      return { error: `unknown option ${JSON.stringify(flag)}` };
    } else if ((commands as readonly string[]).includes(flag)) {
      if (result.command)
        return { error: `unexpected argument ${JSON.stringify(flag)}: one command at a time` };
      result.command = flag as Command;
    } else {
      return { error: `unknown command ${JSON.stringify(flag)}` };
    }
  }
  return result;
}
