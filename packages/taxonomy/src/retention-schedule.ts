import type { ClockAnchor } from "./deadlines.js";
import { humanizeDuration } from "./humanize-duration.js";
import type { Policy } from "./policy-schema.js";

export interface RetentionScheduleEntry {
  rule: string;
  category: string;
  categoryName: string;
  records: string;
  anchors: readonly ClockAnchor[];
  keepFor: string | undefined;
  purgeWithin: string;
  purgeCountsFrom: "anchor" | "keepForEnd";
  tolerance: string;
  hold: { legalBasis: string; legalBasisName: string; reason: string } | undefined;
  /** One sentence a person can read, built from the numbers above and the anchors' phrases. */
  summary: string;
  interpretation: string | undefined;
}

/** The retention schedule an implementation must enforce, one entry per rule, in policy order. */
export function retentionSchedule(policy: Policy): RetentionScheduleEntry[] {
  const tolerance = policy.parameters.sweepTolerance;
  return Object.entries(policy.retention).map(([rule, r]) => {
    const start = anchorPhrase(policy, r.anchors);
    const whichever = r.anchors.length > 1 ? ", whichever comes first" : "";
    const keep = r.keepFor ? `Kept at least ${humanizeDuration(r.keepFor)} after ${start}${whichever}; ` : "";
    const immediate = humanizeDuration(r.purgeWithin) === "no time";
    let purge: string;
    if (r.keepFor && r.purgeCountsFrom === "keepForEnd") {
      purge = immediate
        ? "purged when that ends"
        : `purged within ${humanizeDuration(r.purgeWithin)} after that`;
    } else if (immediate) {
      purge = `purged at ${start}${r.keepFor ? "" : whichever}`;
    } else {
      purge = `purged within ${humanizeDuration(r.purgeWithin)} after ${start}${r.keepFor ? "" : whichever}`;
    }
    const legalBasis = r.hold ? policy.legalBases[r.hold.legalBasis] : undefined;
    return {
      rule,
      category: r.category,
      categoryName: policy.categories[r.category]?.name ?? r.category,
      records: r.records,
      anchors: r.anchors,
      keepFor: r.keepFor,
      purgeWithin: r.purgeWithin,
      purgeCountsFrom: r.purgeCountsFrom,
      tolerance,
      hold:
        r.hold && legalBasis
          ? { legalBasis: r.hold.legalBasis, legalBasisName: legalBasis.name, reason: r.hold.reason }
          : undefined,
      summary: `${capitalise(`${keep}${purge}`)} (sweep tolerance ${humanizeDuration(tolerance)}).`,
      interpretation: r.interpretation,
    };
  });
}

/** "account closure or subscription end"; "disconnection, 30 days after account closure or ...". */
export function anchorPhrase(policy: Policy, anchors: readonly ClockAnchor[]): string {
  const phrases = anchors.map((anchor) => {
    const event = typeof anchor === "string" ? anchor : anchor.event;
    const phrase = policy.anchors[event]?.phrase ?? event;
    return typeof anchor === "string" ? phrase : `${humanizeDuration(anchor.after)} after ${phrase}`;
  });
  return phrases.length <= 1 ? (phrases[0] ?? "") : `${phrases.slice(0, -1).join(", ")} or ${phrases.at(-1)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
