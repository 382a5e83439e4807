import {
  type AnchorTimes,
  deadline,
  type Policy,
  purgeWindow,
  type RetentionClock,
  subtractDuration,
} from "@crmfactory/taxonomy";
import type { TenantRecord } from "../platform/tenant-records.js";

type RetentionRule = Policy["retention"][string];

/**
 * The latest anchor instant whose purge deadline has come by `now` (`deadline(anchor) <= now`), so a
 * sweep deletes `WHERE anchor <= cutoff` and nothing due is left. The calendar arithmetic clamps month
 * ends (anchors on Jan 29, 30 and 31 plus one month all land on Feb 28), so the cutoff cannot be found
 * by subtracting the durations alone: that gives a lower bound, and a binary search over milliseconds
 * (the deadline never decreases as the anchor grows) finds the exact edge.
 */
export function latestDueAnchor(clock: RetentionClock, now: Date): Date {
  if (deadline(clock, now).getTime() <= now.getTime()) return now;
  let lo = subtractDuration(now, clock.purgeWithin);
  if (clock.purgeCountsFrom === "keepForEnd" && clock.keepFor) lo = subtractDuration(lo, clock.keepFor);
  // The subtraction can overshoot by the clamped days: step back until the bound is due.
  for (let i = 0; deadline(clock, lo).getTime() > now.getTime(); i++) {
    if (i > 8) throw new Error("no due anchor found before the deadline");
    lo = new Date(lo.getTime() - 86_400_000);
  }
  let hi = now.getTime();
  let low = lo.getTime();
  while (hi - low > 1) {
    const mid = Math.floor((low + hi) / 2);
    if (deadline(clock, new Date(mid)).getTime() <= now.getTime()) low = mid;
    else hi = mid;
  }
  return new Date(low);
}

/** The tenant's closure events, as the policy's anchors name them. */
export function tenantEvents(tenant: Pick<TenantRecord, "closedAt" | "subscriptionEndedAt">): AnchorTimes {
  return {
    ...(tenant.closedAt ? { accountClosed: tenant.closedAt } : {}),
    ...(tenant.subscriptionEndedAt ? { subscriptionEnded: tenant.subscriptionEndedAt } : {}),
  };
}

/** The purge deadline of a rule for the given events, or undefined while none of its anchors happened. */
export function purgeDueAt(policy: Policy, rule: RetentionRule, events: AnchorTimes): Date | undefined {
  return purgeWindow(rule, events, policy.parameters.sweepTolerance)?.purgeDue;
}

/**
 * The enforced policy's rule for some data: the rule of that name when the policy has one (the names the
 * inventory reports), else the first rule `matches`, so another company's policy names work too.
 */
export function findRule(
  policy: Policy,
  name: string,
  matches: (rule: RetentionRule) => boolean,
): { name: string; rule: RetentionRule } | undefined {
  const named = policy.retention[name];
  if (named) return { name, rule: named };
  const found = Object.entries(policy.retention).find(([, rule]) => matches(rule));
  return found ? { name: found[0], rule: found[1] } : undefined;
}

export const byCategory = (category: string) => (rule: RetentionRule) => rule.category === category;
export const byAnchor = (event: string) => (rule: RetentionRule) =>
  rule.anchors.some((a) => (typeof a === "string" ? a : a.event) === event);
