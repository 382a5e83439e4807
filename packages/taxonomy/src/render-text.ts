import { guaranteeCatalogue } from "./guarantee-catalogue.js";
import { humanizeDuration } from "./humanize-duration.js";
import type { Policy } from "./policy-schema.js";
import { retentionSchedule } from "./retention-schedule.js";

/** The retention schedule as plain text, computed from the policy (what the CLI prints). */
export function renderRetentionSchedule(policy: Policy): string {
  const lines = [`Retention schedule — ${policy.name} (effective ${policy.effective})`, ""];
  for (const entry of retentionSchedule(policy)) {
    lines.push(`${entry.categoryName} — ${entry.records} [${entry.rule}]`);
    lines.push(`  ${entry.summary}`);
    if (entry.hold) lines.push(`  Legal hold: ${entry.hold.legalBasisName}. ${entry.hold.reason}`);
    if (entry.interpretation) lines.push(`  Reading: ${entry.interpretation}`);
    lines.push("");
  }
  const { rights, notices } = policy;
  lines.push(
    "Rights requests",
    `  Answered within ${humanizeDuration(rights.respondWithin)}, or ${humanizeDuration(rights.extendedTotal)} in total with notice given before ${humanizeDuration(rights.extensionNoticeBefore)} have passed; never extended: ${rights.noExtensionFor.join(", ")}.`,
    `  Erasure completed within ${humanizeDuration(rights.erasureWithin)}; a child's data deleted within ${humanizeDuration(rights.minorDataDeletionWithin)} of the report.`,
    `  Unverified requests closed after ${humanizeDuration(rights.verification.window)}.`,
    "",
    "Notices",
    `  Breach: ${notices.breach.channels.join(" and ")} to ${notices.breach.to.join(" and ")} within ${humanizeDuration(notices.breach.within)}.`,
    `  Policy change: ${notices.policyChange.channels.join(" and ")} at least ${humanizeDuration(notices.policyChange.atLeast)} ahead.`,
    `  Minimum age: ${notices.minimumAge}.`,
  );
  return lines.join("\n");
}

/** The guarantee catalogue as plain text: one line per guarantee, then totals per method. */
export function renderGuaranteeCatalogue(policy: Policy): string {
  const catalogue = guaranteeCatalogue(policy);
  const width = Math.max(...catalogue.map((g) => g.id.length));
  const lines = [`Guarantee catalogue — ${catalogue.length} guarantees`, ""];
  for (const g of catalogue) {
    lines.push(`${g.id.padEnd(width)}  ${g.method.padEnd(15)}  §${g.sections.join(", §")}  ${g.statement}`);
  }
  const counts = new Map<string, number>();
  for (const g of catalogue) counts.set(g.method, (counts.get(g.method) ?? 0) + 1);
  lines.push("", [...counts].map(([method, n]) => `${n} ${method}`).join(", "));
  return lines.join("\n");
}
