import type { ClockAnchor } from "./deadlines.js";
import { parseDuration } from "./duration.js";
import { describeSpan, durationDifferenceRange } from "./duration-range.js";
import type { Policy, RetentionRule } from "./policy-schema.js";

const MS_PER_DAY = 86_400_000;

/**
 * How far from its anchor a sequence of durations lands, in words: "day 120", or "day 395 to 397"
 * when months make it depend on the anchor (the range over every anchor, not a guess from one date),
 * or "day 2 + 6 hours" for instants that are not a whole number of days in.
 */
export function landingDay(sequence: readonly string[]): string {
  const { least, most } = durationDifferenceRange(sequence.length > 0 ? sequence : ["P0D"], "P0D");
  if (least === most) return dayOf(least);
  if (least % MS_PER_DAY === 0 && most % MS_PER_DAY === 0)
    return `day ${least / MS_PER_DAY} to ${most / MS_PER_DAY}`;
  return `${dayOf(least)} to ${dayOf(most)}`;
}

// "day 42", or "day 42 + 6 hours" for an instant that is not a whole number of days in.
function dayOf(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  const rest = ms - days * MS_PER_DAY;
  return rest === 0 ? `day ${days}` : `day ${days} + ${describeSpan(rest)}`;
}

/** "30 days", or "13 months, 395 to 397 days depending on the anchor": a duration and its length. */
export function durationLength(duration: string): string {
  const { least, most } = durationDifferenceRange(duration, "P0D");
  const d = parseDuration(duration);
  if (d.years === 0 && d.months === 0) return describeSpan(least);
  const days = (ms: number) => (ms % MS_PER_DAY === 0 ? `${ms / MS_PER_DAY}` : describeSpan(ms));
  return least === most
    ? `${days(least)} days`
    : `${days(least)} to ${days(most)} days depending on the anchor`;
}

/**
 * The day counts of a retention rule from each of its anchors, e.g. "available until day 30, gone by
 * day 120, late from day 121 after account closure or subscription end". Anchors that land alike are
 * grouped; an implied anchor counts its delay.
 */
export function ruleDayCounts(policy: Policy, rule: RetentionRule): string {
  const tolerance = policy.parameters.sweepTolerance;
  const groups = new Map<string, string[]>();
  for (const anchor of rule.anchors) {
    const delay = typeof anchor === "string" ? [] : [anchor.after];
    const keep = rule.keepFor ? [...delay, rule.keepFor] : delay;
    const due =
      rule.purgeCountsFrom === "keepForEnd" && rule.keepFor
        ? [...keep, rule.purgeWithin]
        : [...delay, rule.purgeWithin];
    const parts = [
      ...(rule.keepFor ? [`available until ${landingDay(keep)}`] : []),
      `gone by ${landingDay(due)}`,
      `late from ${landingDay([...due, tolerance])}`,
    ];
    const key = parts.join(", ");
    groups.set(key, [...(groups.get(key) ?? []), eventPhrase(policy, anchor)]);
  }
  return [...groups].map(([counts, events]) => `${counts} after ${joinOr(events)}`).join("; ");
}

function eventPhrase(policy: Policy, anchor: ClockAnchor): string {
  const event = typeof anchor === "string" ? anchor : anchor.event;
  return policy.anchors[event]?.phrase ?? event;
}

function joinOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
