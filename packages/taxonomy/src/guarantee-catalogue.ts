import { resolvePointer } from "./pointer.js";
import type { Guarantee, GuaranteeMethod, Policy } from "./policy-schema.js";

export interface GuaranteeEntry extends Guarantee {
  id: string;
  /** The values this guarantee is checked against, read from the policy (never repeated in it). */
  parameters: Record<string, unknown>;
}

/** Every guarantee with its parameters resolved from the policy data it depends on. */
export function guaranteeCatalogue(policy: Policy): GuaranteeEntry[] {
  return Object.entries(policy.guarantees).map(([id, guarantee]) => ({
    id,
    ...guarantee,
    parameters: guaranteeParameters(policy, id),
  }));
}

export function guaranteeParameters(policy: Policy, id: string): Record<string, unknown> {
  const guarantee = policy.guarantees[id];
  if (!guarantee) throw new RangeError(`unknown guarantee "${id}"`);
  return Object.fromEntries(guarantee.dependsOn.map((pointer) => [pointer, resolvePointer(policy, pointer)]));
}

export function guaranteesByMethod(policy: Policy, method: GuaranteeMethod): string[] {
  return Object.entries(policy.guarantees)
    .filter(([, g]) => g.method === method)
    .map(([id]) => id);
}
