import { parseArgs } from "node:util";
import { SuiteRefusedError } from "../run/suite-refused.js";

/** Where the suite's target comes from. */
export type TargetChoice =
  | { readonly kind: "reference"; readonly fault?: string }
  | { readonly kind: "module"; readonly module: string }
  | {
      readonly kind: "http";
      readonly url: string;
      readonly operatorToken: string;
      readonly token?: string;
      readonly spawn?: string;
    };

export interface RunOptions {
  readonly policyFile?: string;
  readonly only: readonly string[];
  readonly numRuns: number;
  readonly seed: number;
  readonly path?: string;
  readonly out: string;
  /** Files (`.json`, `.txt`) or comma-separated guarantee IDs. */
  readonly allowPending: readonly string[];
  readonly target: TargetChoice;
  readonly callTimeoutMs?: number;
  readonly advanceTimeoutMs?: number;
}

export const defaultRuns = 5;
export const defaultOut = "reports/conformance";

export const runOptionSpec = {
  policy: { type: "string" },
  only: { type: "string", multiple: true },
  runs: { type: "string" },
  seed: { type: "string" },
  path: { type: "string" },
  fault: { type: "string" },
  out: { type: "string" },
  "allow-pending": { type: "string", multiple: true },
  target: { type: "string" },
  "target-url": { type: "string" },
  token: { type: "string" },
  "operator-token": { type: "string" },
  spawn: { type: "string" },
  "call-timeout": { type: "string" },
  "advance-timeout": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max)
    throw new SuiteRefusedError(`--${name} ${text}: expected a whole number from ${min} to ${max}`);
  return Number(text);
}

const present = (value: string | undefined): value is string => value !== undefined;

/** `--only A B C` (the documented `--only ID...`) as `--only A,B,C`: the IDs up to the next option. */
function onlyListsJoined(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    joined.push(arg);
    if (arg !== "--only") continue;
    const ids: string[] = [];
    while (i + 1 < args.length && !(args[i + 1] as string).startsWith("-")) ids.push(args[++i] as string);
    if (ids.length > 0) joined.push(ids.join(","));
  }
  return joined;
}

/** Parses `run`'s arguments. Every rule broken refuses the run (exit 2) with what to write instead. */
export function parseRunOptions(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  randomSeed: () => number = () => Math.floor(Math.random() * 2 ** 31),
): RunOptions | "help" {
  let values: ReturnType<typeof parseArgs<{ options: typeof runOptionSpec; strict: true }>>["values"];
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: onlyListsJoined(args),
      options: runOptionSpec,
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    throw new SuiteRefusedError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help";
  if (positionals.length > 0)
    throw new SuiteRefusedError(
      `run takes no positional arguments (got "${positionals.join(" ")}"); name guarantees with --only ID`,
    );
  const only = (values.only ?? [])
    .flatMap((value) => value.split(","))
    .map((id) => id.trim())
    .filter(Boolean);
  if (values.only && only.length === 0)
    throw new SuiteRefusedError("--only needs a guarantee ID (e.g. --only RET-CRM)");
  if (present(values.path) && !/^\d+(:\d+)*$/.test(values.path))
    throw new SuiteRefusedError(
      `--path ${values.path}: expected fast-check's replay path, numbers joined by ':' (e.g. 0:1:0)`,
    );
  if (present(values.path) && !present(values.seed))
    throw new SuiteRefusedError("--path replays a counterexample of one seed: give --seed too");
  const targetKinds = [values.target, values["target-url"], values.fault].filter(present).length;
  if (present(values.target) && present(values["target-url"]))
    throw new SuiteRefusedError(
      "--target (an in-process module) and --target-url (a running implementation) exclude each other",
    );
  if (present(values.fault) && targetKinds > 1)
    throw new SuiteRefusedError(
      "--fault breaks the embedded reference: it cannot be combined with --target or --target-url",
    );
  const http = ["token", "operator-token", "spawn"] as const;
  for (const name of http)
    if (present(values[name]) && !present(values["target-url"]))
      throw new SuiteRefusedError(`--${name} is an option of HTTP targets: give --target-url too`);
  let target: TargetChoice = { kind: "reference", ...(values.fault ? { fault: values.fault } : {}) };
  if (present(values.target)) target = { kind: "module", module: values.target };
  if (present(values["target-url"])) {
    const url = values["target-url"];
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new SuiteRefusedError(`--target-url ${url}: not a URL (expected e.g. http://127.0.0.1:8080/v1)`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
      throw new SuiteRefusedError(`--target-url ${url}: expected an http: or https: URL`);
    const operatorToken = values["operator-token"] ?? env.CONFORMANCE_OPERATOR_TOKEN;
    if (!operatorToken)
      throw new SuiteRefusedError(
        "an HTTP target needs the operator token it accepts: --operator-token TOKEN or CONFORMANCE_OPERATOR_TOKEN",
      );
    const token = values.token ?? env.CONFORMANCE_TOKEN;
    target = {
      kind: "http",
      url,
      operatorToken,
      ...(token ? { token } : {}),
      ...(values.spawn ? { spawn: values.spawn } : {}),
    };
  }
  return {
    ...(present(values.policy) ? { policyFile: values.policy } : {}),
    only,
    numRuns: present(values.runs) ? integer("runs", values.runs, 1, 10_000) : defaultRuns,
    seed: present(values.seed) ? integer("seed", values.seed, -(2 ** 31), 2 ** 31 - 1) : randomSeed(),
    ...(present(values.path) ? { path: values.path } : {}),
    out: values.out ?? defaultOut,
    allowPending: values["allow-pending"] ?? [],
    target,
    ...(present(values["call-timeout"])
      ? { callTimeoutMs: integer("call-timeout", values["call-timeout"], 1, 3_600_000) }
      : {}),
    ...(present(values["advance-timeout"])
      ? { advanceTimeoutMs: integer("advance-timeout", values["advance-timeout"], 1, 3_600_000) }
      : {}),
  };
}
