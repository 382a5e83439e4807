import { createReferenceTarget, type Fault } from "@crmfactory/conformance-faults";
import { checkProperty, type PropertyOutcome } from "../harness/check-property.js";
import type { GuaranteeProperty } from "../harness/property.js";
import { startInProcessSession } from "../harness/suite-session.js";

// The suite's checks of itself, written once and applied both to the real registries
// (suite-honesty.test.ts) and to a known property/fault pair (honesty-checks.test.ts), which proves
// the checks can fail.

/** Every property's outcomes against the reference itself, over each seed, in one session. */
export async function referenceOutcomes(
  properties: readonly GuaranteeProperty[],
  seeds: readonly number[],
  numRuns: number,
): Promise<PropertyOutcome[]> {
  const session = await startInProcessSession((environment) => createReferenceTarget(environment));
  try {
    const outcomes: PropertyOutcome[] = [];
    for (const property of properties)
      for (const seed of seeds) outcomes.push(await checkProperty(property, session, { seed, numRuns }));
    return outcomes;
  } finally {
    await session.close();
  }
}

/** The declared scenarios and edges of `property` that none of its outcomes reached. */
export function unreached(property: GuaranteeProperty, outcomes: readonly PropertyOutcome[]): string[] {
  const mine = outcomes.filter(
    (outcome) => outcome.guarantee === property.guarantee && outcome.property === property.name,
  );
  const total = (kind: "scenarios" | "edges", name: string) =>
    mine.reduce((sum, outcome) => sum + (outcome[kind][name] ?? 0), 0);
  return [
    ...property.scenarios.filter((name) => total("scenarios", name) === 0).map((name) => `scenario ${name}`),
    ...property.edges.filter((name) => total("edges", name) === 0).map((name) => `edge ${name}`),
  ];
}

export interface Detection {
  readonly fault: string;
  readonly guarantee: string;
  /** `caught`: a property of the guarantee observed it broken; `errored` proves nothing, so it is not caught. */
  readonly result: "caught" | "missed" | "errored" | "no property";
  readonly detail: string;
}

/** A session with `fault` put in, checking the properties of every guarantee it aims at. */
export async function detectFault(
  fault: Fault,
  properties: readonly GuaranteeProperty[],
  options: { seed: number; numRuns: number },
): Promise<Detection[]> {
  if (!fault.aims.some((guarantee) => properties.some((property) => property.guarantee === guarantee)))
    return fault.aims.map((guarantee) => ({
      fault: fault.name,
      guarantee,
      result: "no property",
      detail: "",
    }));
  const session = await startInProcessSession((environment) => createReferenceTarget(environment, { fault }));
  try {
    const detections: Detection[] = [];
    for (const guarantee of fault.aims) {
      const aimed = properties.filter((property) => property.guarantee === guarantee);
      if (aimed.length === 0) {
        detections.push({ fault: fault.name, guarantee, result: "no property", detail: "" });
        continue;
      }
      const outcomes: PropertyOutcome[] = [];
      // Detection needs the first failing run only; shrinking it would cost minutes per fault.
      for (const property of aimed)
        outcomes.push(await checkProperty(property, session, { ...options, shrink: false }));
      const failed = outcomes.find((outcome) => outcome.status === "failed");
      const errored = outcomes.find((outcome) => outcome.status === "errored");
      detections.push(
        failed
          ? {
              fault: fault.name,
              guarantee,
              result: "caught",
              detail: `${failed.property}: ${failed.counterexample?.message ?? ""}`,
            }
          : errored
            ? {
                fault: fault.name,
                guarantee,
                result: "errored",
                detail: `${errored.property}: ${errored.error ?? ""}`,
              }
            : { fault: fault.name, guarantee, result: "missed", detail: "" },
      );
    }
    return detections;
  } finally {
    await session.close();
  }
}

/** The fault-detection table, a row per fault and aimed guarantee, for the test log. */
export function detectionTable(detections: readonly Detection[]): string {
  const rows = [
    ["FAULT", "GUARANTEE", "RESULT", "DETAIL"],
    ...detections.map((d) => [d.fault, d.guarantee, d.result, d.detail]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows
    .map((row) =>
      row
        .map((text, column) => (column < 3 ? text.padEnd(widths[column] ?? 0) : text.slice(0, 120)))
        .join("  "),
    )
    .join("\n");
}
