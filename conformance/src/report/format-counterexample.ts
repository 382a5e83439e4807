import type { RecordedCall } from "../harness/call-log.js";
import type { GuaranteeReport } from "../run/suite-report.js";

const oneLine = (value: unknown) => JSON.stringify(value);

/** One API call and its answer, as a reader replays it by hand: `POST /contacts {...} -> 201 {...}`. */
export function formatCall(call: RecordedCall, index: number): string {
  const request = call.requestBody === undefined ? "" : ` ${oneLine(call.requestBody)}`;
  const answer = call.responseBody === undefined ? "" : ` ${oneLine(call.responseBody)}`;
  return `${index + 1}. ${call.method} ${call.path}${request} -> ${call.status}${answer}`;
}

/**
 * A failed guarantee as text: what was broken, the details the property gave, the shrunk plan, the
 * API calls of the failing run with their answers, and the replay line.
 */
export function formatFailure(guarantee: GuaranteeReport): string {
  const lines = [`${guarantee.id} failed`];
  const counterexample = guarantee.counterexample;
  if (guarantee.error) lines.push(`  error: ${guarantee.error}`);
  if (counterexample) {
    if (!guarantee.error) lines.push(`  ${counterexample.message}`);
    if (Object.keys(counterexample.details).length > 0)
      lines.push(`  details: ${oneLine(counterexample.details)}`);
    lines.push(`  plan: ${counterexample.plan}`);
    lines.push(`  API calls of the failing run (${counterexample.calls.length}):`);
    for (const [index, call] of counterexample.calls.entries()) lines.push(`    ${formatCall(call, index)}`);
  }
  if (guarantee.replay) lines.push(`  replay: ${guarantee.replay}`);
  return lines.join("\n");
}
