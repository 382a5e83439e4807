import { SuiteRefusedError } from "../run/suite-refused.js";
import type { CliIo } from "./cli-io.js";
import { listCommand } from "./list-command.js";
import { parseRunOptions } from "./parse-run-options.js";
import { writeLine } from "./progress.js";
import { runCommand } from "./run-command.js";

export const usage = `Usage: privacy-conformance <command> [options]

Commands:
  run     run the suite against a target and write report.json, junit.xml and report.md
  list    the policy's guarantees, their properties, evidence class and the profiles they need

run options:
  --policy FILE           the policy under test (policy.json); default CRM Factory's
  --only ID[/PROPERTY]    run only these guarantees (repeat, or comma-separate)
  --runs N                fast-check runs per property (default 5)
  --seed N                the run's seed (default random; printed, and in the report)
  --path P                fast-check's replay path of a counterexample (needs --seed and one property)
  --out DIR               where the reports go (default reports/conformance)
  --allow-pending FILE|IDs  untested or skipped guarantees that do not fail the run
  --fault NAME            put a fault into the embedded reference (workspace only)
  --target MODULE         an in-process target: a module exporting createTarget (or a default factory)
  --target-url URL        a running implementation (with --operator-token, --token, --spawn "CMD")
  --call-timeout MS       per API call (default 30000); --advance-timeout MS per clock advance (default 120000)
list options:
  --policy FILE, --json

Exit codes: 0 every guarantee passed (or is attested, or allowed pending); 1 a guarantee failed, or is
untested or skipped without being allowed pending; 2 the run could not be made.`;

/** The CLI without a process: returns the exit code; a run that cannot be made prints one clear line. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<0 | 1 | 2> {
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      writeLine(command === undefined ? io.stderr : io.stdout, usage);
      return command === undefined ? 2 : 0;
    }
    if (command === "list") return await listCommand(args, io);
    if (command === "run") {
      const options = parseRunOptions(args, io.env);
      if (options === "help") {
        writeLine(io.stdout, usage);
        return 0;
      }
      return await runCommand(options, io);
    }
    throw new SuiteRefusedError(
      `unknown command "${command}" (expected run or list; --help for the options)`,
    );
  } catch (error) {
    if (error instanceof SuiteRefusedError) {
      writeLine(io.stderr, `privacy-conformance: ${error.message}`);
      return 2;
    }
    // Anything else is a bug of the suite or of the target's start: still one message, never a stack
    // (CONFORMANCE_DEBUG=1 adds it, for whoever debugs the suite itself).
    if (io.env.CONFORMANCE_DEBUG && error instanceof Error) writeLine(io.stderr, error.stack ?? "");
    writeLine(
      io.stderr,
      `privacy-conformance: the run could not be made: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
}
