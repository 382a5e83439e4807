import type { EvidenceClass } from "@crmfactory/api";
import type { PrivacyClient } from "@crmfactory/sdk";
import type { SubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import type { Policy } from "@crmfactory/taxonomy";
import type { Faker } from "@faker-js/faker";
import type * as fc from "fast-check";
import type { DatabaseProbe } from "./target.js";

/** The target as properties drive it: SDK clients with retries off and a timeout on every call. */
export interface TargetSession {
  /** A client presenting `token` (a session token), or none. */
  client(token: string | null): PrivacyClient;
  /** A client presenting the operator's token. */
  operator(): PrivacyClient;
  /**
   * The URL at which the target reaches a vendor URL's fake: the URL itself in-process (the fakes answer
   * on the vendors' hosts), its loopback URL over http. Give the target this for anything it is told to
   * call (an integration's instance URL).
   */
  vendorUrl(url: string | URL): string;
  /** `in-process` targets can be probed and all their traffic is seen; `http` ones only what reaches the fakes. */
  readonly kind: "in-process" | "http";
  /** Present for in-process targets that expose their database. */
  readonly probe?: DatabaseProbe;
}

/**
 * What a property sees during one run of its predicate. `scenario` and `edge` count what the run
 * reached: a declared scenario or edge never reached over a whole check fails the suite's own tests.
 */
export interface PropertyContext {
  readonly policy: Policy;
  readonly target: TargetSession;
  readonly fakes: SubprocessorFakes;
  /** Seeded from the fast-check run, so the same seed and path generate the same values. */
  readonly faker: Faker;
  /** Marks a declared scenario as reached in this run. */
  scenario(name: string): void;
  /** Marks a declared edge (a window bound checked) as reached in this run. */
  edge(name: string): void;
  /** Lowers the evidence class of this run to `self-reported` when a decision rested on the inventory. */
  selfReported(reason: string): void;
  /** Milliseconds a clock advance may take before the run fails as stuck. */
  readonly advanceTimeoutMs: number;
}

/**
 * One property of one guarantee. `plan` generates the inputs (for model-based properties, an
 * `fc.commands(...)` arbitrary); `check` runs them against the target, throwing a
 * `GuaranteeViolation` when the guarantee is observed broken. The model computes what must hold from
 * `context.policy`, never from the implementation's code.
 */
export interface GuaranteeProperty<Plan = unknown> {
  /** The guarantee's stable ID (GUARANTEES.md). */
  readonly guarantee: string;
  /** Unique within the guarantee, kebab-case: names the property in reports and `--only`. */
  readonly name: string;
  /** The policy sections and interpretation this property checks, in the project's words. */
  readonly description: string;
  /** Named scenarios the generated plans must reach over a check. */
  readonly scenarios: readonly string[];
  /** Named edges (both bounds of every window the guarantee has) the check must reach. */
  readonly edges: readonly string[];
  /** The evidence class when the target cannot be probed (the api's observation map by default). */
  readonly evidence?: EvidenceClass;
  plan(policy: Policy): fc.Arbitrary<Plan>;
  check(plan: Plan, context: PropertyContext): Promise<void>;
}

/** Keeps the plan type of a property checked while registries hold them as `GuaranteeProperty`. */
export function defineProperty<Plan>(property: GuaranteeProperty<Plan>): GuaranteeProperty {
  return property as GuaranteeProperty;
}
