import { ruleDayCounts } from "./day-counts.js";
import { describeParameter } from "./describe-parameter.js";
import { guaranteeCatalogue } from "./guarantee-catalogue.js";
import { humanizeDuration } from "./humanize-duration.js";
import type { Policy } from "./policy-schema.js";
import { retentionSchedule } from "./retention-schedule.js";
import { wrapText } from "./wrap-text.js";

/** Options of the text renderings. */
export interface RenderOptions {
  /** Wrap lines at this many columns (default 100); continuation lines are indented. */
  width?: number;
}

const DEFAULT_WIDTH = 100;

/** The retention schedule as plain text, computed from the policy (what the CLI prints). */
export function renderRetentionSchedule(policy: Policy, options: RenderOptions = {}): string {
  const out = writer(options);
  out.line(`Retention schedule — ${policy.name} (effective ${policy.effective})`);
  out.blank();
  for (const entry of retentionSchedule(policy)) {
    const rule = policy.retention[entry.rule];
    out.line(`${entry.categoryName} — ${entry.records} [${entry.rule}]`, "", "    ");
    out.line(entry.summary, "  ");
    if (rule) out.line(`Days: ${ruleDayCounts(policy, rule)}.`, "  ");
    if (entry.hold) out.line(`Legal hold: ${entry.hold.legalBasisName}. ${entry.hold.reason}`, "  ");
    if (entry.interpretation) out.line(`Reading: ${entry.interpretation}`, "  ");
    out.blank();
  }
  const { rights, notices, anchors } = policy;
  const phrase = (event: string) => anchors[event]?.phrase ?? event;
  const kindName = (kind: string) => rights.kinds[kind]?.name ?? kind;
  out.line("Rights requests");
  out.line(
    `Answered within ${humanizeDuration(rights.respondWithin)} of ${phrase(rights.countsFrom.controller)} (a user's own request) or of ${phrase(rights.countsFrom.processor)} (a request the tenant files), or within ${humanizeDuration(rights.extendedTotal)} in total with notice given within ${humanizeDuration(rights.extensionNoticeBefore)} of that start${rights.noExtensionFor.length > 0 ? `; never extended: ${rights.noExtensionFor.map(kindName).join(", ")}` : ""}.`,
    "  ",
  );
  out.line(
    `Erasure completed within ${humanizeDuration(rights.erasureWithin)}; a child's data deleted within ${humanizeDuration(rights.minorDataDeletionWithin)} of the report.`,
    "  ",
  );
  out.line(`Unverified requests closed after ${humanizeDuration(rights.verification.window)}.`, "  ");
  out.blank();
  out.line("Notices");
  out.line(
    `Breach: ${notices.breach.channels.join(" and ")} to ${notices.breach.to.join(" and ")} within ${humanizeDuration(notices.breach.within)} of its confirmation.`,
    "  ",
  );
  out.line(
    `Policy change: ${notices.policyChange.channels.join(" and ")} to ${notices.policyChange.to.join(" and ")} at least ${humanizeDuration(notices.policyChange.atLeast)} ahead.`,
    "  ",
  );
  if (notices.transparencyReport) {
    const every = humanizeDuration(notices.transparencyReport.every).replace(/^1 /, "");
    out.line(`Transparency report: every ${every}.`, "  ");
  }
  out.line(`Minimum age: ${notices.minimumAge}.`, "  ");
  return out.text();
}

/** The guarantee catalogue as plain text: each guarantee with its parameters, then totals per method. */
export function renderGuaranteeCatalogue(policy: Policy, options: RenderOptions = {}): string {
  const catalogue = guaranteeCatalogue(policy);
  const out = writer(options);
  out.line(`Guarantee catalogue — ${policy.name}: ${catalogue.length} guarantees`);
  out.blank();
  const idWidth = Math.max(...catalogue.map((g) => g.id.length));
  for (const g of catalogue) {
    out.raw(`${g.id.padEnd(idWidth)}  ${g.method.padEnd(15)}  §${g.sections.join(", §")}`);
    out.line(g.statement, "  ");
    if (g.interpretation) out.line(`Reading: ${g.interpretation}`, "  ");
    for (const [pointer, value] of Object.entries(g.parameters)) {
      out.line(`${pointer}: ${describeParameter(policy, pointer, value)}`, "  - ", "      ");
    }
    out.blank();
  }
  const counts = new Map<string, number>();
  for (const g of catalogue) counts.set(g.method, (counts.get(g.method) ?? 0) + 1);
  out.line([...counts].map(([method, n]) => `${n} ${method}`).join(", "));
  return out.text();
}

function writer(options: RenderOptions) {
  const width = Math.max(40, options.width ?? DEFAULT_WIDTH);
  const lines: string[] = [];
  return {
    line(text: string, indent = "", hanging = `${indent}  `) {
      lines.push(...wrapText(text, width, indent, hanging));
    },
    /** A line that is never wrapped, for aligned columns. */
    raw(text: string) {
      lines.push(text);
    },
    blank() {
      lines.push("");
    },
    text() {
      while (lines.at(-1) === "") lines.pop();
      return lines.join("\n");
    },
  };
}
