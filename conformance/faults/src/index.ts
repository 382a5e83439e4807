// @crmfactory/conformance-faults: broken variants of the reference that prove the suite can fail.
import { deletionFaults } from "./deletion-faults.js";
import type { Fault } from "./fault.js";
import { retentionFaults } from "./retention-faults.js";

export { defineFault, type Fault } from "./fault.js";
export {
  createReferenceTarget,
  type ReferenceTarget,
  type ReferenceTargetOptions,
} from "./reference-target.js";

/** Every fault, by name. */
export const faults: readonly Fault[] = [...retentionFaults, ...deletionFaults];

export function faultNamed(name: string): Fault | undefined {
  return faults.find((fault) => fault.name === name);
}
