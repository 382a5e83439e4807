import { seededRandom } from "./ids.js";
import type { FaultStatus, VendorId } from "./vendor.js";

/** What to do to a matching request. */
export type Fault =
  | {
      readonly kind: "status";
      readonly status: FaultStatus;
      readonly retryAfterSeconds?: number;
      /** Extra response headers, such as Stripe's `Stripe-Should-Retry`. */
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: "rate-limit";
      readonly retryAfterSeconds: number;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: "delay"; readonly ms: number }
  | { readonly kind: "drop" };

export interface FaultRule {
  readonly vendor: VendorId;
  /** An endpoint id of the vendor profile (`stripe.customers.create`); every endpoint when omitted. */
  readonly endpoint?: string;
  /** Only requests made with this credential; every credential when omitted. */
  readonly credential?: string;
  readonly fault: Fault;
  /** Inject into this many matching requests, then stop (default: every one). */
  readonly times?: number;
  /** Let this many matching requests through first (default 0). */
  readonly skip?: number;
  /** Inject with this probability, drawn from the fakes' seed and the rule (default 1). */
  readonly probability?: number;
}

export interface FaultCounts {
  readonly id: string;
  readonly rule: FaultRule;
  /** Matching requests seen. */
  readonly matched: number;
  /** Faults injected. */
  readonly injected: number;
  /** Later identical requests (same vendor, credential, method, URL and body) after a fault. */
  readonly retried: number;
}

export interface FaultHandle {
  readonly id: string;
  counts(): FaultCounts;
  remove(): void;
}

interface ActiveRule {
  id: string;
  rule: FaultRule;
  random: () => number;
  matched: number;
  injected: number;
  retried: number;
}

export interface FaultDecision {
  readonly ruleId: string;
  readonly fault: Fault;
}

/** Per-vendor, per-endpoint, per-credential faults, deterministic from a seed. */
export class FaultInjector {
  readonly #seed: string;
  readonly #rules: ActiveRule[] = [];
  /** Request signature → rule whose fault it met, until an attempt with that signature succeeds. */
  readonly #faulted = new Map<string, ActiveRule>();
  #next = 0;

  constructor(seed: string | number) {
    this.#seed = String(seed);
  }

  inject(rule: FaultRule): FaultHandle {
    validate(rule);
    const id = `fault_${++this.#next}`;
    const active: ActiveRule = {
      id,
      rule,
      random: seededRandom(`${this.#seed}:${id}`),
      matched: 0,
      injected: 0,
      retried: 0,
    };
    this.#rules.push(active);
    return {
      id,
      counts: () => snapshot(active),
      remove: () => {
        const index = this.#rules.indexOf(active);
        if (index !== -1) this.#rules.splice(index, 1);
      },
    };
  }

  /** Decides whether to fault this request; also counts it as a retry when it repeats a faulted one. */
  decide(
    vendor: VendorId,
    endpoint: string | undefined,
    credential: string | undefined,
    signature: string,
  ): {
    decision: FaultDecision | undefined;
    retryOf: string | undefined;
  } {
    const earlier = this.#faulted.get(signature);
    if (earlier) earlier.retried++;
    for (const active of this.#rules) {
      const { rule } = active;
      if (rule.vendor !== vendor) continue;
      if (rule.endpoint !== undefined && rule.endpoint !== endpoint) continue;
      if (rule.credential !== undefined && rule.credential !== credential) continue;
      active.matched++;
      if (active.matched <= (rule.skip ?? 0)) continue;
      if (rule.times !== undefined && active.injected >= rule.times) continue;
      if (rule.probability !== undefined && active.random() >= rule.probability) continue;
      active.injected++;
      this.#faulted.set(signature, active);
      return { decision: { ruleId: active.id, fault: rule.fault }, retryOf: earlier?.id };
    }
    this.#faulted.delete(signature);
    return { decision: undefined, retryOf: earlier?.id };
  }

  counts(): FaultCounts[] {
    return this.#rules.map(snapshot);
  }

  clear(): void {
    this.#rules.length = 0;
    this.#faulted.clear();
  }
}

function snapshot(active: ActiveRule): FaultCounts {
  return {
    id: active.id,
    rule: active.rule,
    matched: active.matched,
    injected: active.injected,
    retried: active.retried,
  };
}

function validate(rule: FaultRule): void {
  const { fault } = rule;
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new RangeError(`fault probability must be within [0, 1], got ${rule.probability}`);
  }
  for (const [name, value] of [
    ["times", rule.times],
    ["skip", rule.skip],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new RangeError(`fault ${name} must be a non-negative integer, got ${value}`);
    }
  }
  if (fault.kind === "delay" && !(fault.ms >= 0))
    throw new RangeError(`delay must be >= 0 ms, got ${fault.ms}`);
  if (fault.kind === "rate-limit" && !(fault.retryAfterSeconds >= 0)) {
    throw new RangeError(`retryAfterSeconds must be >= 0, got ${fault.retryAfterSeconds}`);
  }
}
