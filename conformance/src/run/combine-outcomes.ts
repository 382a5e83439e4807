import type { EvidenceClass } from "@crmfactory/api";
import type { GuaranteeEntry } from "@crmfactory/taxonomy";
import type { PropertyOutcome } from "../harness/check-property.js";
import type { GuaranteeReport, PropertyReport } from "./suite-report.js";

const sum = (maps: readonly Readonly<Record<string, number>>[]) => {
  const total: Record<string, number> = {};
  for (const map of maps)
    for (const [name, count] of Object.entries(map)) total[name] = (total[name] ?? 0) + count;
  return total;
};

export function propertyReport(outcome: PropertyOutcome, replay: string | null): PropertyReport {
  return {
    name: outcome.property,
    status: outcome.status,
    runs: outcome.runs,
    seed: outcome.seed,
    path: outcome.path ?? null,
    scenarios: outcome.scenarios,
    edges: outcome.edges,
    evidence: outcome.evidence,
    selfReportedBecause: outcome.selfReportedBecause,
    durationMs: outcome.durationMs,
    counterexample: outcome.counterexample ?? null,
    error: outcome.error ?? null,
    replay: outcome.status === "passed" ? null : replay,
  };
}

/**
 * A guarantee's result from its properties' outcomes: failed when any property failed or errored (an
 * error is a run that proved nothing, never a pass), with the first failure's counterexample and replay
 * line; its evidence is the weakest any property had.
 */
export function combineOutcomes(
  entry: GuaranteeEntry,
  properties: readonly PropertyReport[],
  allowedPending: boolean,
): GuaranteeReport {
  const failure = properties.find((property) => property.status !== "passed");
  const evidence: EvidenceClass = properties.some((property) => property.evidence === "self-reported")
    ? "self-reported"
    : "independent";
  return {
    id: entry.id,
    method: entry.method,
    status: failure ? "failed" : "passed",
    evidence,
    runs: properties.reduce((total, property) => total + property.runs, 0),
    edges: sum(properties.map((property) => property.edges)),
    scenarios: sum(properties.map((property) => property.scenarios)),
    durationMs: properties.reduce((total, property) => total + property.durationMs, 0),
    counterexample: failure?.counterexample ?? null,
    error: failure?.error ?? null,
    replay: failure?.replay ?? null,
    reason:
      failure?.status === "errored" ? `the property ${failure.name} could not run: ${failure.error}` : null,
    allowedPending,
    attestation: null,
    properties,
  };
}

/** A guarantee nothing was run for: attested, untested or skipped, with why. */
export function unrunGuarantee(
  entry: GuaranteeEntry,
  status: "attested" | "untested" | "skipped",
  reason: string,
  allowedPending: boolean,
): GuaranteeReport {
  return {
    id: entry.id,
    method: entry.method,
    status,
    evidence: null,
    runs: 0,
    edges: {},
    scenarios: {},
    durationMs: 0,
    counterexample: null,
    error: null,
    replay: null,
    reason,
    allowedPending,
    attestation: null,
    properties: [],
  };
}
