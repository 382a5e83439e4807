/**
 * The reference's own lifetimes and bounds (`limits` of `getMeta`): not numbers of the policy, which sets
 * none of these. Every lifetime runs on the tenant's clock.
 */
export interface ImplementationLimits {
  sessionLifetime: string;
  sessionRotationInterval: string;
  signInChallengeLifetime: string;
  ssoTokenMaxAge: string;
  verificationCodeLifetime: string;
  verificationCodeAttempts: number;
  exportLinkLifetime: string;
  idempotencyWindow: string;
  callbackSignatureTolerance: string;
  /** Wall clock; `null` for no bound. */
  testClockAdvanceTimeout: string | null;
  maxRequestBodyBytes: number;
}

export const defaultLimits: ImplementationLimits = Object.freeze({
  sessionLifetime: "P30D",
  sessionRotationInterval: "P1D",
  signInChallengeLifetime: "PT5M",
  ssoTokenMaxAge: "PT5M",
  verificationCodeLifetime: "PT15M",
  verificationCodeAttempts: 5,
  exportLinkLifetime: "P7D",
  idempotencyWindow: "P1D",
  callbackSignatureTolerance: "PT5M",
  testClockAdvanceTimeout: "PT60S",
  maxRequestBodyBytes: 1_048_576,
});

/**
 * How many times a rights request's one-time code may be sent again after the first. Not a field of
 * `ImplementationLimits`: the contract's `limits` (0.2) is a closed object, so this bound is the
 * reference's own until the contract lists it. Wrong codes are counted per request and never reset by a
 * resend, so resending buys no extra guesses; this caps the emails one request can cause.
 */
export const verificationCodeResends = 3;
