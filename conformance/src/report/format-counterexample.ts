import type { RecordedCall } from "../harness/call-log.js";
import type { GuaranteeReport } from "../run/suite-report.js";

const oneLine = (value: unknown, limit = Number.POSITIVE_INFINITY) => {
  const text = JSON.stringify(value);
  return text.length > limit ? `${text.slice(0, limit)}... (${text.length} characters)` : text;
};

/**
 * One API call and its answer, as a reader replays it by hand: `POST /contacts {...} -> 201 {...}`.
 * `bodyLimit` shortens bodies for the terminal; the reports keep them whole.
 */
export function formatCall(call: RecordedCall, index: number, bodyLimit?: number): string {
  const request = call.requestBody === undefined ? "" : ` ${oneLine(call.requestBody, bodyLimit)}`;
  const answer = call.responseBody === undefined ? "" : ` ${oneLine(call.responseBody, bodyLimit)}`;
  return `${index + 1}. ${call.method} ${call.path}${request} -> ${call.status}${answer}`;
}

/**
 * A failed guarantee as text: what was broken, the details the property gave, the shrunk plan, the
 * API calls of the failing run with their answers, and the replay line.
 */
export function formatFailure(guarantee: GuaranteeReport, bodyLimit?: number): string {
  const lines = [`${guarantee.id} failed`];
  const counterexample = guarantee.counterexample;
  if (guarantee.error) lines.push(`  error: ${guarantee.error}`);
  if (counterexample) {
    if (!guarantee.error) lines.push(`  ${counterexample.message}`);
    if (Object.keys(counterexample.details).length > 0)
      lines.push(`  details: ${oneLine(counterexample.details)}`);
    lines.push(`  plan: ${counterexample.plan}`);
    lines.push(`  API calls of the failing run (${counterexample.calls.length}):`);
    for (const [index, call] of counterexample.calls.entries())
      lines.push(`    ${formatCall(call, index, bodyLimit)}`);
  }
  if (guarantee.replay) lines.push(`  replay: ${guarantee.replay}`);
  return lines.join("\n");
}
