import { relative, resolve } from "node:path";
import { properties as suiteProperties } from "../properties/index.js";
import { formatFailure } from "../report/format-counterexample.js";
import { writeReports } from "../report/write-reports.js";
import { shellWord } from "../run/replay-command.js";
import { planSelection, runSuite } from "../run/run-suite.js";
import type { CliIo } from "./cli-io.js";
import type { RunOptions } from "./parse-run-options.js";
import { guaranteeLine, summaryLine, writeLine } from "./progress.js";
import { readAllowPending } from "./read-allow-pending.js";
import { readPolicyFile } from "./read-policy-file.js";
import { startSession } from "./start-session.js";

/** The options of the replay line that choose the same policy and target as this run. */
function targetArgs(options: RunOptions): string[] {
  const args = options.policyFile ? ["--policy", shellWord(options.policyFile)] : [];
  const { target } = options;
  if (target.kind === "reference" && target.fault) args.push("--fault", shellWord(target.fault));
  if (target.kind === "module") args.push("--target", shellWord(target.module));
  if (target.kind === "http") {
    // Tokens stay out of the line (it lands in logs); the replay reads them from the environment.
    args.push("--target-url", shellWord(target.url));
    if (target.spawn) args.push("--spawn", shellWord(target.spawn));
  }
  return args;
}

/** `pnpm conformance` when the root script runs us, so the replay line is the one its reader typed. */
export const replayCommandOf = (env: CliIo["env"]) =>
  env.npm_lifecycle_event === "conformance" ? "pnpm conformance" : "privacy-conformance run";

const terminalBodyLimit = 300;

/** Runs the suite once and writes its reports; returns the exit code (refusals throw SuiteRefusedError). */
export async function runCommand(options: RunOptions, io: CliIo): Promise<0 | 1> {
  const tty = io.stdout.isTTY === true;
  const policy = await readPolicyFile(options.policyFile, io.cwd);
  const allowPending = await readAllowPending(options.allowPending, io.cwd, policy);
  const properties = io.properties ?? suiteProperties;
  planSelection(policy, properties, options.only, options.path);
  const started = await startSession(options.target, {
    policy,
    cwd: io.cwd,
    seed: options.seed,
    ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
    ...(io.loadFaults ? { loadFaults: io.loadFaults } : {}),
    ...(io.loadHttpSession ? { loadHttpSession: io.loadHttpSession } : {}),
  });
  try {
    const report = await runSuite({
      policy,
      session: started.session,
      properties,
      only: options.only,
      numRuns: options.numRuns,
      seed: options.seed,
      ...(options.path ? { path: options.path } : {}),
      allowPending,
      target: { description: started.description, fault: started.fault },
      replay: { command: replayCommandOf(io.env), targetArgs: targetArgs(options) },
      ...(options.advanceTimeoutMs ? { advanceTimeoutMs: options.advanceTimeoutMs } : {}),
      onStart: ({ implementation }) => {
        const fault = started.fault ? ` with the fault ${started.fault}` : "";
        writeLine(
          io.stdout,
          tty
            ? `privacy-conformance: ${policy.name} against ${started.description} (${implementation.name} ${implementation.version})${fault}; seed ${options.seed}, ${options.numRuns} runs per property`
            : `seed=${options.seed} runs=${options.numRuns} policy=${policy.id} target=${shellWord(started.description)}${started.fault ? ` fault=${started.fault}` : ""}`,
        );
      },
      onGuarantee: (result) => writeLine(io.stdout, guaranteeLine(result, tty)),
    });
    const failed = report.guarantees.filter((guarantee) => guarantee.status === "failed");
    // Bodies shortened on the terminal (a run can hold dozens of calls); report.json keeps them whole.
    for (const guarantee of failed) writeLine(io.stdout, `\n${formatFailure(guarantee, terminalBodyLimit)}`);
    const written = await writeReports(report, resolve(io.cwd, options.out));
    writeLine(io.stdout, `\n${summaryLine(report)}`);
    const notAllowed = report.guarantees.filter(
      (guarantee) =>
        (guarantee.status === "untested" || guarantee.status === "skipped") && !guarantee.allowedPending,
    );
    if (notAllowed.length > 0)
      writeLine(
        io.stdout,
        `not allowed pending (exit 1): ${notAllowed.map((guarantee) => `${guarantee.id} ${guarantee.status}`).join(", ")}`,
      );
    const shown = (path: string) => (relative(io.cwd, path).startsWith("..") ? path : relative(io.cwd, path));
    writeLine(
      io.stdout,
      `reports: ${shown(written.json)}, ${shown(written.junit)}, ${shown(written.markdown)}`,
    );
    return report.exitCode;
  } finally {
    await started.session.close();
  }
}
