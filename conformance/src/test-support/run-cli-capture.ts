import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as faultsPackage from "@crmfactory/conformance-faults";
import type { CliIo } from "../cli/cli-io.js";
import type { FaultsModule } from "../cli/load-faults.js";
import { runCli } from "../cli/run-cli.js";
import type { GuaranteeProperty } from "../harness/property.js";

export interface CapturedRun {
  readonly code: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
  readonly out: string;
}

/** The faults package with extra faults added (the tests' own). */
export function faultsWith(...extra: FaultsModule["faults"]): FaultsModule {
  const faults = [...faultsPackage.faults, ...extra];
  return {
    faults,
    faultNamed: (name) => faults.find((fault) => fault.name === name),
    createReferenceTarget: faultsPackage.createReferenceTarget as FaultsModule["createReferenceTarget"],
  };
}

/** Runs the CLI in-process, capturing what it prints; reports go to a fresh temporary `--out` unless given. */
export async function runCliCapture(
  argv: readonly string[],
  options: Partial<Omit<CliIo, "stdout" | "stderr">> & {
    tty?: boolean;
    properties?: readonly GuaranteeProperty[];
  } = {},
): Promise<CapturedRun> {
  let stdout = "";
  let stderr = "";
  const out = await mkdtemp(join(tmpdir(), "conformance-report-"));
  const args = argv[0] === "run" && !argv.includes("--out") ? [...argv, "--out", out] : [...argv];
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    ...(options.properties ? { properties: options.properties } : {}),
    ...(options.loadFaults ? { loadFaults: options.loadFaults } : {}),
    ...(options.loadHttpSession ? { loadHttpSession: options.loadHttpSession } : {}),
  });
  return { code, stdout, stderr, out };
}
