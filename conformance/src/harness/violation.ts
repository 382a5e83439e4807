/**
 * A guarantee observed broken. Properties throw it (through {@link expectGuarantee}) with what was
 * expected and what the implementation answered; anything else a property throws is an error of the
 * run, reported as such.
 */
export class GuaranteeViolation extends Error {
  override readonly name = "GuaranteeViolation";
  constructor(
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Throws a {@link GuaranteeViolation} unless `condition` holds. */
export function expectGuarantee(
  condition: unknown,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): asserts condition {
  if (!condition) throw new GuaranteeViolation(message, details);
}
