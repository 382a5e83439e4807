import type { SuiteReport } from "../run/suite-report.js";
import { formatFailure } from "./format-counterexample.js";

// XML 1.0 allows no control characters besides tab, newline and carriage return, even escaped.
const invalidXmlChars = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(invalidXmlChars, "\uFFFD")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * JUnit XML as CI systems render it: one test case per guarantee, named by its ID. `untested` is a
 * failure even when `--allow-pending` kept it from failing the run (a tested guarantee nobody tested
 * is never shown green; its message says it was allowed); `attested` and `skipped` are skipped;
 * `failed` carries the counterexample.
 */
export function junitXml(report: SuiteReport): string {
  const failures = report.guarantees.filter(
    (guarantee) => guarantee.status === "failed" || guarantee.status === "untested",
  ).length;
  const skipped = report.guarantees.filter(
    (guarantee) => guarantee.status === "attested" || guarantee.status === "skipped",
  ).length;
  const suiteName = escapeXml(`privacy-conformance ${report.policy.id}`);
  const cases = report.guarantees.map((guarantee) => {
    const open = `    <testcase classname="${escapeXml(`${report.policy.id}.${guarantee.id.split("-")[0]}`)}" name="${escapeXml(guarantee.id)}" time="${seconds(guarantee.durationMs)}"`;
    switch (guarantee.status) {
      case "passed":
        return `${open}/>`;
      case "failed": {
        const message = guarantee.error ?? guarantee.counterexample?.message ?? "failed";
        return `${open}>\n      <failure message="${escapeXml(message)}" type="${guarantee.error ? "errored" : "guarantee-violated"}">${escapeXml(formatFailure(guarantee))}</failure>\n    </testcase>`;
      }
      case "untested":
        return `${open}>\n      <failure message="${escapeXml(`untested${guarantee.allowedPending ? " (allowed pending)" : ""}: ${guarantee.reason ?? ""}`)}" type="untested"/>\n    </testcase>`;
      default:
        return `${open}>\n      <skipped message="${escapeXml(`${guarantee.status}: ${guarantee.reason ?? ""}`)}"/>\n    </testcase>`;
    }
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="privacy-conformance" tests="${report.guarantees.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${suiteName}" tests="${report.guarantees.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}" timestamp="${escapeXml(report.startedAt)}">`,
    `    <properties>`,
    `      <property name="policy.hash" value="${escapeXml(report.policy.hash)}"/>`,
    `      <property name="seed" value="${report.seed}"/>`,
    `      <property name="target" value="${escapeXml(report.target.description)}"/>`,
    `    </properties>`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}
