import type { GuaranteeReport, SuiteReport } from "../run/suite-report.js";
import { formatCall } from "./format-counterexample.js";

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
const secondsOf = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function reached(counts: Readonly<Record<string, number>>): string {
  const names = Object.keys(counts);
  if (names.length === 0) return "-";
  return `${names.filter((name) => (counts[name] ?? 0) > 0).length}/${names.length}`;
}

function statusCell(guarantee: GuaranteeReport): string {
  if (guarantee.allowedPending && (guarantee.status === "untested" || guarantee.status === "skipped"))
    return `${guarantee.status} (allowed pending)`;
  return guarantee.status;
}

function failureSection(guarantee: GuaranteeReport): string[] {
  const counterexample = guarantee.counterexample;
  const lines = [`### ${guarantee.id}`, ""];
  if (guarantee.error) lines.push(`The property could not run: ${guarantee.error}`, "");
  else if (counterexample) lines.push(counterexample.message, "");
  if (counterexample) {
    if (Object.keys(counterexample.details).length > 0)
      lines.push("Details:", "", "```json", JSON.stringify(counterexample.details, null, 2), "```", "");
    lines.push(
      `Shrunk plan: \`${counterexample.plan}\``,
      "",
      "API calls of the failing run, with their answers:",
      "",
      "```",
    );
    lines.push(...counterexample.calls.map((call, index) => formatCall(call, index)), "```", "");
  }
  if (guarantee.replay) lines.push("Replay:", "", "```sh", guarantee.replay, "```", "");
  return lines;
}

/** The report for people: the run, a table of every guarantee, then each failure with its replay line. */
export function reportMarkdown(report: SuiteReport): string {
  const { summary } = report;
  const lines = [
    `# Conformance report: ${report.policy.name}`,
    "",
    `- Target: ${report.target.description}${report.target.implementation ? ` (${report.target.implementation.name} ${report.target.implementation.version}, contract ${report.target.contractVersion})` : ""}${report.target.fault ? `, with the fault \`${report.target.fault}\`` : ""}`,
    `- Outbound: ${outboundLine(report.target.outbound)}`,
    `- Policy: \`${report.policy.id}\`, hash \`${report.policy.hash}\``,
    `- Seed ${report.seed}, ${report.numRuns} runs per property; started ${report.startedAt}, took ${secondsOf(report.durationMs)}`,
    `- ${summary.passed} passed, ${summary.failed} failed, ${summary.attested} attested, ${summary.untested} untested, ${summary.skipped} skipped: exit ${report.exitCode}`,
    "",
    "| Guarantee | Method | Status | Evidence | Runs | Edges | Scenarios | Time | Note |",
    "|---|---|---|---|---:|---:|---:|---:|---|",
    ...report.guarantees.map(
      (guarantee) =>
        `| ${guarantee.id} | ${guarantee.method} | ${statusCell(guarantee)} | ${guarantee.evidence ?? "-"} | ${guarantee.runs} | ${reached(guarantee.edges)} | ${reached(guarantee.scenarios)} | ${secondsOf(guarantee.durationMs)} | ${cell(guarantee.reason ?? "")} |`,
    ),
    "",
  ];
  const failed = report.guarantees.filter((guarantee) => guarantee.status === "failed");
  if (failed.length > 0) lines.push("## Failures", "", ...failed.flatMap(failureSection));
  return lines.join("\n");
}

/** What the report may say about the target's outbound traffic, from what the suite saw of it. */
export function outboundLine(outbound: SuiteReport["target"]["outbound"]): string {
  const bypassed = outbound.unrecorded
    .map(({ host, port, via }) => `${host}${port === null ? "" : `:${port}`} (${via})`)
    .join(", ");
  if (outbound.unrecorded.length > 0) {
    return `${outbound.recorded} requests recorded; ${outbound.unrecorded.length} connections went past the fakes and were refused: ${bypassed}`;
  }
  return outbound.seesAllTraffic
    ? `every outbound request was recorded (${outbound.recorded})`
    : `${outbound.recorded} requests reached the fakes; traffic that bypassed them cannot be seen over http`;
}
