import type { GuaranteeReport, SuiteReport } from "../run/suite-report.js";
import type { OutputStream } from "./cli-io.js";

const reachedOf = (counts: Readonly<Record<string, number>>) => {
  const names = Object.keys(counts);
  return `${names.filter((name) => (counts[name] ?? 0) > 0).length}/${names.length}`;
};

const colours = { passed: 32, failed: 31, attested: 36, untested: 33, skipped: 33 } as const;

/**
 * A line per guarantee as it finishes. On a terminal: aligned, coloured, with seconds; elsewhere
 * (CI logs, pipes) quiet `key=value` lines a script can read, without colour codes.
 */
export function guaranteeLine(result: GuaranteeReport, tty: boolean): string {
  const pending = result.allowedPending && (result.status === "untested" || result.status === "skipped");
  if (!tty) {
    return [
      result.id,
      `status=${result.status}`,
      ...(pending ? ["pending=allowed"] : []),
      `runs=${result.runs}`,
      `edges=${reachedOf(result.edges)}`,
      `ms=${result.durationMs}`,
    ].join(" ");
  }
  const status = `\u001b[${colours[result.status]}m${result.status.padEnd(8)}\u001b[0m`;
  const ran = result.properties.length > 0;
  const detail = ran
    ? `${String(result.runs).padStart(4)} runs  edges ${reachedOf(result.edges).padEnd(5)}  ${(result.durationMs / 1000).toFixed(1).padStart(6)} s`
    : `${pending ? "(allowed pending) " : ""}${result.reason ?? ""}`;
  return `  ${status} ${result.id.padEnd(26)} ${detail}`;
}

export function summaryLine(report: SuiteReport): string {
  const { summary } = report;
  const pending = report.guarantees.filter(
    (guarantee) =>
      guarantee.allowedPending && (guarantee.status === "untested" || guarantee.status === "skipped"),
  ).length;
  return `${summary.passed} passed, ${summary.failed} failed, ${summary.attested} attested, ${summary.untested} untested, ${summary.skipped} skipped (${pending} allowed pending) in ${(report.durationMs / 1000).toFixed(1)} s`;
}

export function writeLine(stream: OutputStream, line: string): void {
  stream.write(`${line}\n`);
}
