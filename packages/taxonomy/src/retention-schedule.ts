import { humanizeDuration } from "./humanize-duration.js";
import type { Policy } from "./policy-schema.js";

export interface RetentionScheduleEntry {
  rule: string;
  category: string;
  categoryName: string;
  records: string;
  anchors: readonly string[];
  keepFor: string | undefined;
  purgeWithin: string;
  purgeCountsFrom: "anchor" | "keepForEnd";
  tolerance: string;
  hold: { legalBasis: string; legalBasisName: string; reason: string } | undefined;
  /** One sentence a person can read, built from the numbers above. */
  summary: string;
  interpretation: string | undefined;
}

/** The retention schedule an implementation must enforce, one entry per rule, in policy order. */
export function retentionSchedule(policy: Policy): RetentionScheduleEntry[] {
  const tolerance = policy.parameters.sweepTolerance;
  return Object.entries(policy.retention).map(([rule, r]) => {
    const start = r.anchors.map((a) => describeAnchor(a)).join(" or ");
    const whichever = r.anchors.length > 1 ? ", whichever comes first" : "";
    const keep = r.keepFor ? `Kept at least ${humanizeDuration(r.keepFor)} after ${start}${whichever}; ` : "";
    const from =
      r.purgeCountsFrom === "keepForEnd" ? "after that" : `after ${start}${r.keepFor ? "" : whichever}`;
    const purge =
      humanizeDuration(r.purgeWithin) === "no time"
        ? `purged ${r.keepFor ? "when that ends" : `once ${start} happens`}`
        : `purged within ${humanizeDuration(r.purgeWithin)} ${from}`;
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

const anchorWords: Record<string, string> = {
  collected: "collection",
  accountClosed: "account closure",
  subscriptionEnded: "subscription end",
  integrationDisconnected: "disconnection",
  periodEnded: "the end of the period covered",
  invoiceIssued: "the invoice date",
};

function describeAnchor(anchor: string): string {
  return anchorWords[anchor] ?? anchor;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
