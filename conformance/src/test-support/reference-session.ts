import { createReferenceTarget, type Fault, faultNamed } from "@crmfactory/conformance-faults";
import { type SuiteSession, startInProcessSession } from "../harness/suite-session.js";

/** A session against the embedded reference, or against one of its broken variants (by fault name). */
export async function startReferenceSession(
  options: { fault?: string; seed?: string } = {},
): Promise<SuiteSession> {
  let fault: Fault | undefined;
  if (options.fault) {
    fault = faultNamed(options.fault);
    if (!fault) throw new Error(`No fault named "${options.fault}" in @crmfactory/conformance-faults`);
  }
  return startInProcessSession((environment) => createReferenceTarget(environment, fault ? { fault } : {}), {
    ...(options.seed ? { seed: options.seed } : {}),
  });
}
