import { type Policy, policyHash } from "@crmfactory/taxonomy";
import type { SuiteSession } from "../harness/suite-session.js";
import { SuiteRefusedError } from "./suite-refused.js";

export interface Discovery {
  readonly implementation: { readonly name: string; readonly version: string };
  readonly contractVersion: string;
  readonly profiles: readonly string[];
  readonly attestations: readonly {
    readonly guaranteeId: string;
    readonly attestedBy: { readonly name: string; readonly role: string };
    readonly attestedAt: string;
    readonly evidence: { readonly reference: string; readonly description: string };
    readonly validUntil: string | null;
  }[];
}

/**
 * Reads the target's discovery (`GET /meta`) and refuses the run unless it enforces the policy under
 * test: every number the properties check comes from that policy, so a target enforcing another one
 * would fail (or pass) for the wrong reason.
 */
export async function discoverTarget(session: SuiteSession, policy: Policy): Promise<Discovery> {
  let meta: Awaited<ReturnType<ReturnType<SuiteSession["target"]["client"]>["meta"]["get"]>>;
  try {
    meta = await session.target.client(null).meta.get();
  } catch (error) {
    throw new SuiteRefusedError(
      `The target's discovery (GET /meta) did not answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const expected = policyHash(policy);
  if (meta.policy.hash !== expected) {
    throw new SuiteRefusedError(
      `The target enforces another policy: its discovery reports "${meta.policy.id}" with hash ${meta.policy.hash}, the policy under test ("${policy.id}") hashes to ${expected}. Run the suite with that policy (--policy FILE) or start the target with this one.`,
    );
  }
  return {
    implementation: meta.implementation,
    contractVersion: meta.contractVersion,
    profiles: meta.profiles,
    attestations: meta.attestations,
  };
}
