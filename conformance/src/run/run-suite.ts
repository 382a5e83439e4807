import { guaranteeObservations } from "@crmfactory/api";
import { type GuaranteeEntry, type Policy, policyHash } from "@crmfactory/taxonomy";
import { checkProperty } from "../harness/check-property.js";
import type { GuaranteeProperty } from "../harness/property.js";
import type { SuiteSession } from "../harness/suite-session.js";
import { combineOutcomes, propertyReport, unrunGuarantee } from "./combine-outcomes.js";
import { type Discovery, discoverTarget } from "./discover-target.js";
import { type ReplayContext, replayCommand } from "./replay-command.js";
import { type SelectedGuarantee, selectGuarantees } from "./select-guarantees.js";
import { SuiteRefusedError } from "./suite-refused.js";
import type { GuaranteeReport, GuaranteeStatus, SuiteReport, TargetReport } from "./suite-report.js";

export interface RunSuiteOptions {
  readonly policy: Policy;
  /** A started session; the caller closes it. */
  readonly session: SuiteSession;
  readonly properties: readonly GuaranteeProperty[];
  /** `ID` or `ID/property-name` selectors; empty runs every guarantee of the policy. */
  readonly only?: readonly string[];
  readonly numRuns: number;
  readonly seed: number;
  /** fast-check's replay path; needs a selection of exactly one property. */
  readonly path?: string;
  /** Guarantees whose being untested or skipped does not fail the run. */
  readonly allowPending?: ReadonlySet<string>;
  readonly target: { readonly description: string; readonly fault?: string | null };
  readonly replay: ReplayContext;
  readonly advanceTimeoutMs?: number;
  /** Called once the target's discovery accepted the policy, before the first property runs. */
  readonly onStart?: (discovery: Discovery) => void;
  /** Called as each guarantee finishes, in the policy's order. */
  readonly onGuarantee?: (result: GuaranteeReport) => void;
  readonly now?: () => Date;
}

const notHttps = (session: SuiteSession, description: string) =>
  session.target.kind === "in-process" || !description.startsWith("https:");

function whyNotRun(
  selected: SelectedGuarantee,
  session: SuiteSession,
  options: RunSuiteOptions,
  discovery: Discovery,
) {
  const { entry } = selected;
  if (entry.method === "attested")
    return {
      status: "attested" as const,
      reason: "attested by the operator, not tested (policy method `attested`)",
    };
  if (selected.properties.length === 0)
    return { status: "untested" as const, reason: "no property of the suite checks this guarantee yet" };
  if (entry.method === "tested-if-https" && notHttps(session, options.target.description))
    return {
      status: "skipped" as const,
      reason: "tested only over HTTPS, and this target is not served over HTTPS",
    };
  const missing = (guaranteeObservations[entry.id]?.profiles ?? []).filter(
    (profile) => !discovery.profiles.includes(profile),
  );
  if (missing.length > 0)
    return {
      status: "skipped" as const,
      reason: `the target does not serve the ${missing.join(" and ")} profile${missing.length > 1 ? "s" : ""} this guarantee's observation needs`,
    };
  return undefined;
}

function attestationOf(entry: GuaranteeEntry, discovery: Discovery) {
  const found = discovery.attestations.find((attestation) => attestation.guaranteeId === entry.id);
  if (!found) return null;
  const { guaranteeId: _id, ...attestation } = found;
  return attestation;
}

/**
 * The guarantees a run will take, refusing a selection that names nothing or a `--path` that cannot
 * say which property it replays. Cheap: the CLI calls it before it starts a target.
 */
export function planSelection(
  policy: Policy,
  properties: readonly GuaranteeProperty[],
  only: readonly string[] | undefined,
  path: string | undefined,
): SelectedGuarantee[] {
  const selection = selectGuarantees(policy, properties, only);
  const selectedProperties = selection.reduce((total, item) => total + item.properties.length, 0);
  if (path && selectedProperties !== 1) {
    throw new SuiteRefusedError(
      `--path replays one property's counterexample: select exactly one property with --only (this selection has ${selectedProperties})`,
    );
  }
  return selection;
}

/** The run's verdict: 1 when a guarantee failed, or is untested or skipped without being allowed pending. */
export function exitCodeOf(guarantees: readonly GuaranteeReport[]): 0 | 1 {
  const bad = guarantees.some(
    (guarantee) =>
      guarantee.status === "failed" ||
      ((guarantee.status === "untested" || guarantee.status === "skipped") && !guarantee.allowedPending),
  );
  return bad ? 1 : 0;
}

/**
 * Runs the suite: refuses a target enforcing another policy, then takes the policy's guarantees in
 * order and checks every property registered for each with the run's seed (so `--only ID --seed S`
 * replays exactly what the full run did for ID).
 */
export async function runSuite(options: RunSuiteOptions): Promise<SuiteReport> {
  const { policy, session } = options;
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const started = performance.now();
  const selection = planSelection(policy, options.properties, options.only, options.path);
  const discovery = await discoverTarget(session, policy);
  options.onStart?.(discovery);
  const allowPending = options.allowPending ?? new Set<string>();
  const guarantees: GuaranteeReport[] = [];
  for (const selected of selection) {
    const pending = allowPending.has(selected.entry.id);
    const notRun = whyNotRun(selected, session, options, discovery);
    let result: GuaranteeReport;
    if (notRun) {
      result = {
        ...unrunGuarantee(selected.entry, notRun.status, notRun.reason, pending),
        attestation: notRun.status === "attested" ? attestationOf(selected.entry, discovery) : null,
      };
    } else {
      const reports = [];
      for (const property of selected.properties) {
        const outcome = await checkProperty(property, session, {
          seed: options.seed,
          numRuns: options.numRuns,
          ...(options.path ? { path: options.path } : {}),
          ...(options.advanceTimeoutMs ? { advanceTimeoutMs: options.advanceTimeoutMs } : {}),
        });
        const replay = replayCommand(options.replay, {
          guarantee: selected.entry.id,
          property: property.name,
          registered: selected.registered,
          seed: outcome.seed,
          path: outcome.path ?? null,
        });
        reports.push(propertyReport(outcome, replay));
      }
      result = combineOutcomes(selected.entry, reports, pending);
    }
    guarantees.push(result);
    options.onGuarantee?.(result);
  }
  const summary: Record<GuaranteeStatus, number> = {
    passed: 0,
    failed: 0,
    attested: 0,
    untested: 0,
    skipped: 0,
  };
  for (const guarantee of guarantees) summary[guarantee.status] += 1;
  const target: TargetReport = {
    kind: session.target.kind,
    description: options.target.description,
    implementation: discovery.implementation,
    contractVersion: discovery.contractVersion,
    profiles: discovery.profiles,
    fault: options.target.fault ?? null,
    outbound: (({ recorded, seesAllTraffic, unrecorded }) => ({
      recorded,
      seesAllTraffic,
      unrecorded: unrecorded.map(({ host, port, via }) => ({ host, port: port ?? null, via })),
    }))(session.outbound()),
  };
  return {
    reportVersion: 1,
    target,
    policy: { id: policy.id, name: policy.name, hash: policyHash(policy) },
    seed: options.seed,
    numRuns: options.numRuns,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    summary,
    exitCode: exitCodeOf(guarantees),
    guarantees,
  };
}
