// The answers the contract derives from the policy alone (the retention schedule, the subprocessor
// list), computed once here so every implementation and the contract's own examples agree with the data.
import { type Policy, retentionSchedule } from "@crmfactory/taxonomy";
import type { components } from "./generated/openapi.js";

type Schemas = components["schemas"];

/** `getRetentionSchedule`'s answer for a policy. */
export function retentionScheduleView(policy: Policy): Schemas["RetentionSchedule"] {
  return {
    policyVersion: policy.lastUpdated,
    tolerance: policy.parameters.sweepTolerance,
    rules: retentionSchedule(policy).map((entry) => ({
      rule: entry.rule,
      category: entry.category as Schemas["DataCategory"],
      categoryName: entry.categoryName,
      records: entry.records,
      anchors: entry.anchors as Schemas["RetentionAnchor"][],
      ...(entry.keepFor ? { keepFor: entry.keepFor } : {}),
      purgeWithin: entry.purgeWithin,
      purgeCountsFrom: entry.purgeCountsFrom,
      tolerance: entry.tolerance,
      legalHold: entry.hold !== undefined,
      ...(entry.hold
        ? { hold: { ...entry.hold, legalBasis: entry.hold.legalBasis as Schemas["LegalBasis"] } }
        : {}),
      summary: entry.summary,
      ...(entry.interpretation ? { interpretation: entry.interpretation } : {}),
    })),
  };
}

/** The items of `listSubprocessors`' answer for a policy, in policy order. */
export function subprocessorListView(policy: Policy): Schemas["Subprocessor"][] {
  return Object.entries(policy.subprocessors).map(([id, sub]) => ({
    id: id as Schemas["SubprocessorId"],
    name: sub.name,
    kind: sub.kind,
    namedInPolicy: sub.namedInPolicy,
    purpose: sub.purpose,
    services: [...sub.services],
    hosts: [...sub.hosts],
    categories: [...sub.categories] as Schemas["DataCategory"][],
    deletableThroughApi: [...sub.deletion],
  }));
}
