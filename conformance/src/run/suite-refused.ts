/**
 * The run could not be made: bad options, an unreadable policy, an unreachable target, a target
 * enforcing another policy. The CLI prints the message alone and exits 2; nothing was tested.
 */
export class SuiteRefusedError extends Error {
  override readonly name = "SuiteRefusedError";
}
