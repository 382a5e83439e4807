import type { ReferenceOptions } from "@crmfactory/reference";

/**
 * A deliberately broken variant of the reference: one part of its public composition swapped (its
 * sweeper, eraser, an adapter, the clock, a group) or its outbound `fetch` wrapped. A fault never
 * changes the policy the reference reports, so the suite must catch it by behaviour alone.
 */
export interface Fault {
  /** kebab-case, what `--fault NAME` selects. */
  readonly name: string;
  /** The guarantees this fault breaks: the suite must fail on each of them. */
  readonly aims: readonly string[];
  /** What is broken, as a reviewer would describe the bug. */
  readonly description: string;
  /** The reference's options with the fault put in. */
  apply(options: ReferenceOptions): ReferenceOptions;
}

/** Keeps a fault's literal type checked while it sits in a registry. */
export function defineFault(fault: Fault): Fault {
  return fault;
}
