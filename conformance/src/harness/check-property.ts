import type { EvidenceClass } from "@crmfactory/api";
import { en, Faker } from "@faker-js/faker";
import * as fc from "fast-check";
import type { RecordedCall } from "./call-log.js";
import type { GuaranteeProperty, PropertyContext } from "./property.js";
import type { SuiteSession } from "./suite-session.js";
import { GuaranteeViolation } from "./violation.js";

export interface CheckOptions {
  readonly seed?: number;
  /** fast-check's replay path of a failure (`--path`). */
  readonly path?: string;
  readonly numRuns?: number;
  /** Milliseconds a clock advance may take. Default 120 s. */
  readonly advanceTimeoutMs?: number;
  /** `false` reports the first failing run unshrunk (the suite's own fault tests). Default true. */
  readonly shrink?: boolean;
}

export interface Counterexample {
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** The shrunk plan, as fast-check prints it. */
  readonly plan: string;
  /** The API calls of the failing run, with their answers. */
  readonly calls: readonly RecordedCall[];
}

export interface PropertyOutcome {
  readonly guarantee: string;
  readonly property: string;
  /** `errored`: the run could not be made (the target answered nothing usable, a setup call failed...). */
  readonly status: "passed" | "failed" | "errored";
  readonly runs: number;
  readonly seed: number;
  readonly path?: string;
  readonly scenarios: Readonly<Record<string, number>>;
  readonly edges: Readonly<Record<string, number>>;
  readonly evidence: EvidenceClass;
  readonly selfReportedBecause: readonly string[];
  readonly durationMs: number;
  readonly counterexample?: Counterexample;
  readonly error?: string;
}

const zeroCounts = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, 0]));

/** Runs one property against a session's target and says what it saw. */
export async function checkProperty(
  property: GuaranteeProperty,
  session: SuiteSession,
  options: CheckOptions = {},
): Promise<PropertyOutcome> {
  const started = performance.now();
  const scenarios: Record<string, number> = zeroCounts(property.scenarios);
  const edges: Record<string, number> = zeroCounts(property.edges);
  const selfReported = new Set<string>();
  const count = (declared: Record<string, number>, kind: string) => (name: string) => {
    if (!(name in declared))
      throw new Error(`${property.guarantee}/${property.name} reached an undeclared ${kind} "${name}"`);
    declared[name] = (declared[name] ?? 0) + 1;
  };
  let lastFailure: { error: unknown; calls: readonly RecordedCall[] } | undefined;
  const contextFor = (fakerSeed: number): PropertyContext => {
    const faker = new Faker({ locale: [en] });
    faker.seed(fakerSeed);
    return {
      policy: session.policy,
      target: session.target,
      fakes: session.fakes,
      faker,
      scenario: count(scenarios, "scenario"),
      edge: count(edges, "edge"),
      selfReported: (reason) => selfReported.add(reason),
      advanceTimeoutMs: options.advanceTimeoutMs ?? 120_000,
    };
  };
  const predicate = fc.asyncProperty(
    property.plan(session.policy),
    fc.noBias(fc.integer({ min: 0, max: 2 ** 31 - 1 })),
    async (plan, fakerSeed) => {
      session.calls.clear();
      try {
        await property.check(plan, contextFor(fakerSeed));
      } catch (error) {
        lastFailure = { error, calls: [...session.calls.calls] };
        throw error;
      }
    },
  );
  const seed = options.seed ?? Date.now() ^ (Math.random() * 0x100000000);
  const result = await fc.check(predicate, {
    seed,
    ...(options.path ? { path: options.path } : {}),
    numRuns: options.numRuns ?? 5,
    endOnFailure: options.shrink === false,
  });
  const evidence: EvidenceClass =
    session.target.probe && selfReported.size === 0 ? "independent" : (property.evidence ?? "self-reported");
  const base = {
    guarantee: property.guarantee,
    property: property.name,
    runs: result.numRuns,
    seed,
    scenarios,
    edges,
    evidence,
    selfReportedBecause: [...selfReported],
    durationMs: Math.round(performance.now() - started),
  };
  if (!result.failed) return { ...base, status: "passed" };
  const error = lastFailure?.error ?? result.errorInstance;
  const counterexample: Counterexample = {
    message: error instanceof Error ? error.message : String(error),
    details: error instanceof GuaranteeViolation ? error.details : {},
    plan: fc.stringify(result.counterexample?.[0]),
    calls: lastFailure?.calls ?? [],
  };
  return {
    ...base,
    status: error instanceof GuaranteeViolation ? "failed" : "errored",
    ...(result.counterexamplePath ? { path: result.counterexamplePath } : {}),
    counterexample,
    ...(error instanceof GuaranteeViolation ? {} : { error: counterexample.message }),
  };
}
