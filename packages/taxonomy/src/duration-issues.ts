import { parseDuration } from "./duration.js";
import { describeSpan, durationDifferenceRange } from "./duration-range.js";
import type { Policy } from "./policy-schema.js";
import type { PolicyIssue } from "./policy-validation-error.js";

// The numbers agree with each other from every anchor (durationDifferenceRange scans the whole
// calendar cycle), and no deadline, promise or notice period is zero. A purgeWithin of P0D stays legal: the data
// goes as soon as its window ends.
export function durationIssues(policy: Policy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];

  for (const [name, rule] of Object.entries(policy.retention)) {
    const at = `retention.${name}`;
    for (const [i, anchor] of rule.anchors.entries()) {
      if (typeof anchor !== "string" && isZero(anchor.after)) {
        issues.push({
          path: `${at}.anchors.${i}.after`,
          message: `must not be zero: write the event "${anchor.event}" alone`,
        });
      }
    }
    if (rule.keepFor !== undefined && isZero(rule.keepFor)) {
      issues.push({
        path: `${at}.keepFor`,
        message: "must not be zero: leave keepFor out when nothing is promised beyond the anchor",
      });
    }
    if (rule.keepFor && rule.purgeCountsFrom === "anchor") {
      const overlap = durationDifferenceRange(rule.keepFor, rule.purgeWithin);
      if (overlap.most > 0) {
        issues.push({
          path: `${at}.keepFor`,
          message: `keeps data (${rule.keepFor}) past its own purge deadline (${rule.purgeWithin}) by up to ${describeSpan(overlap.most)}, e.g. from the anchor ${overlap.mostAt.toISOString()}`,
        });
      }
    }
    if (!rule.keepFor && rule.purgeCountsFrom === "keepForEnd") {
      issues.push({
        path: `${at}.purgeCountsFrom`,
        message: "counts from the end of keepFor, but keepFor is not set",
      });
    }
  }

  const { rights, notices } = policy;
  const deadlines: [string, string][] = [
    ["rights.respondWithin", rights.respondWithin],
    ["rights.extendedTotal", rights.extendedTotal],
    ["rights.extensionNoticeBefore", rights.extensionNoticeBefore],
    ["rights.erasureWithin", rights.erasureWithin],
    ["rights.minorDataDeletionWithin", rights.minorDataDeletionWithin],
    ["rights.verification.window", rights.verification.window],
    ["notices.breach.within", notices.breach.within],
  ];
  for (const [path, duration] of deadlines) {
    if (isZero(duration))
      issues.push({ path, message: "must not be zero: a deadline of no time cannot be met" });
  }

  if (isZero(notices.policyChange.atLeast)) {
    issues.push({
      path: "notices.policyChange.atLeast",
      message: "must not be zero: notice of a policy change must come some time before the change applies",
    });
  }

  if (notices.transparencyReport && isZero(notices.transparencyReport.every)) {
    issues.push({
      path: "notices.transparencyReport.every",
      message: "must not be zero: a report that appears every instant has no period",
    });
  }

  const extension = durationDifferenceRange(rights.extendedTotal, rights.respondWithin);
  if (extension.least <= 0) {
    issues.push({
      path: "rights.extendedTotal",
      message: `the extended total (${rights.extendedTotal}) must be longer than the deadline (${rights.respondWithin}) from every start, and is not from ${extension.leastAt.toISOString()}`,
    });
  }
  const notice = durationDifferenceRange(rights.extensionNoticeBefore, rights.respondWithin);
  if (notice.most > 0) {
    issues.push({
      path: "rights.extensionNoticeBefore",
      message: `notice of an extension must come before the first deadline (${rights.respondWithin}) from every start, and may come ${describeSpan(notice.most)} after it from ${notice.mostAt.toISOString()}`,
    });
  }
  return issues;
}

function isZero(duration: string): boolean {
  return Object.values(parseDuration(duration)).every((value) => value === 0);
}
