import type { EvidenceClass } from "@crmfactory/api";
import type { GuaranteeMethod } from "@crmfactory/taxonomy";
import type { Counterexample, PropertyOutcome } from "../harness/check-property.js";

/**
 * `attested`: the policy's method is `attested` (an operator's declaration, no test). `untested`: a
 * tested guarantee no property checks, never counted as passed. `skipped`: a property exists but
 * this target cannot be asked (a profile it does not serve, TLS on a target without HTTPS).
 */
export type GuaranteeStatus = "passed" | "failed" | "attested" | "untested" | "skipped";

/** One property of a guarantee as the run saw it. */
export interface PropertyReport {
  readonly name: string;
  /** `errored` outcomes stay visible here; the guarantee counts them as failed. */
  readonly status: PropertyOutcome["status"];
  readonly runs: number;
  readonly seed: number;
  readonly path: string | null;
  readonly scenarios: Readonly<Record<string, number>>;
  readonly edges: Readonly<Record<string, number>>;
  readonly evidence: EvidenceClass;
  readonly selfReportedBecause: readonly string[];
  readonly durationMs: number;
  readonly counterexample: Counterexample | null;
  readonly error: string | null;
  /** The command line that replays this property's failure, or null when it passed. */
  readonly replay: string | null;
}

export interface AttestationReport {
  readonly attestedBy: { readonly name: string; readonly role: string };
  readonly attestedAt: string;
  readonly evidence: { readonly reference: string; readonly description: string };
  readonly validUntil: string | null;
}

export interface GuaranteeReport {
  readonly id: string;
  readonly method: GuaranteeMethod;
  readonly status: GuaranteeStatus;
  /** The lowest class among its properties; null when nothing ran. */
  readonly evidence: EvidenceClass | null;
  readonly runs: number;
  /** Every declared edge with the number of runs that reached it, summed over the properties. */
  readonly edges: Readonly<Record<string, number>>;
  readonly scenarios: Readonly<Record<string, number>>;
  readonly durationMs: number;
  /** The first failing property's counterexample: its API calls with their answers. */
  readonly counterexample: Counterexample | null;
  readonly error: string | null;
  readonly replay: string | null;
  /** Why it is untested, skipped or attested, in a sentence. */
  readonly reason: string | null;
  /** Named by `--allow-pending`: being untested or skipped does not fail the run. */
  readonly allowedPending: boolean;
  /** The operator's attestation as the target's discovery serves it, for attested guarantees. */
  readonly attestation: AttestationReport | null;
  readonly properties: readonly PropertyReport[];
}

export interface TargetReport {
  readonly kind: "in-process" | "http";
  /** What was tested: the embedded reference, a module, a URL. */
  readonly description: string;
  readonly implementation: { readonly name: string; readonly version: string } | null;
  readonly contractVersion: string | null;
  readonly profiles: readonly string[];
  /** The fault put into the reference, if any. */
  readonly fault: string | null;
  /**
   * What the suite saw of the target's outbound traffic: `seesAllTraffic` with no `unrecorded`
   * connection is the only case in which the report says every outbound request was recorded.
   */
  readonly outbound: {
    readonly recorded: number;
    readonly seesAllTraffic: boolean;
    readonly unrecorded: readonly {
      readonly host: string;
      readonly port: number | null;
      readonly via: string;
    }[];
  };
}

export interface SuiteReport {
  readonly reportVersion: 1;
  readonly target: TargetReport;
  readonly policy: { readonly id: string; readonly name: string; readonly hash: string };
  readonly seed: number;
  readonly numRuns: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly summary: Readonly<Record<GuaranteeStatus, number>>;
  /** 0: every guarantee passed, attested or allowed pending; 1: otherwise. */
  readonly exitCode: 0 | 1;
  readonly guarantees: readonly GuaranteeReport[];
}
