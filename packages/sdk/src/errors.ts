import type { PROBLEM_TYPE_PREFIX } from "./generated/contract.js";
import type { components } from "./generated/openapi.js";
import { parseRetryAfterMs } from "./retry-after.js";

/** A problem type URI of the contract's catalogue, e.g. `https://crmfactory.ai/problems/not-found`. */
export type ProblemType = components["schemas"]["ProblemType"];

/**
 * A problem type URI outside the contract's catalogue, as the server sent it. Any string, kept apart
 * so that editors still offer the catalogue's types.
 */
export type UnknownProblemType = string & Record<never, never>;

/** The slug of a problem type of the catalogue, e.g. `not-found`. */
export type ProblemSlug = ProblemType extends `${typeof PROBLEM_TYPE_PREFIX}${infer Slug}` ? Slug : never;

/** One invalid field of a request, as reported in a problem's `errors` member. */
export interface ProblemFieldError {
  /** JSON Pointer into the request seen as `{ body, query, path, header }`, e.g. `/body/kind`. */
  path: string;
  message: string;
}

/** An RFC 9457 problem details object, as every error response of the API carries. */
export interface ProblemDetails {
  /**
   * One of the contract's problem types; `about:blank` when the response named none; or, as sent, a
   * type the contract this SDK was built from does not define (a newer contract's, or a proxy's).
   */
  type: ProblemType | "about:blank" | UnknownProblemType;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: ProblemFieldError[];
  /** Problem types may add extension members. */
  [extension: string]: unknown;
}

/** The root of every error the SDK throws, so one `instanceof` check catches them all. */
export class PrivacyError extends Error {
  override readonly name: string = "PrivacyError";
}

/** The SDK was used wrongly (an invalid option or argument); nothing was sent. */
export class UsageError extends PrivacyError {
  override readonly name: string = "UsageError";
}

/** Throws a {@link UsageError} with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new UsageError(message);
}

/** No response was received: DNS, TCP, TLS or a connection reset. Raised once retries are exhausted. */
export class ConnectionError extends PrivacyError {
  override readonly name: string = "ConnectionError";
}

/** An attempt, or the reading of its response body, exceeded `timeoutMs`. Raised once retries are exhausted. */
export class TimeoutError extends ConnectionError {
  override readonly name: string = "TimeoutError";
}

/**
 * A test clock stopped `failed` during an advance: a job that came due failed (or the advance ran past
 * the implementation's `limits.testClockAdvanceTimeout`). The clock stands at that job's due time;
 * advancing again retries the job. Raised by `testClocks.advanceAndWait`.
 */
export class TestClockFailedError extends PrivacyError {
  override readonly name: string = "TestClockFailedError";
  /** The clock as last read, `failed`. */
  declare readonly clock: components["schemas"]["TestClock"];
  /** Which job failed, when it was due, for which tenant, and its problem. */
  declare readonly failure: components["schemas"]["TestClockFailure"] | null;

  constructor(clock: components["schemas"]["TestClock"]) {
    const { failure } = clock;
    super(
      `Test clock ${clock.id} failed at ${clock.frozenTime}${failure ? `, in job ${failure.job}: ${failure.problem.detail ?? failure.problem.title}` : ""}`,
    );
    this.clock = clock;
    this.failure = failure;
  }
}

/** What response errors carry: the response (its body already read) and what it said. */
interface ResponseFacts {
  /** The HTTP status of the response. */
  readonly status: number;
  /** The response headers (`X-Request-Id`, `Retry-After`, `Idempotent-Replayed`...). */
  readonly headers: Headers;
  /** From the `X-Request-Id` response header, else the problem's `requestId`. Quote it to support. */
  readonly requestId: string | undefined;
  /** The response itself, its body already read (the body is `body`). */
  readonly response: Response;
  /** The body as received: parsed JSON, else its text (`undefined` when empty). */
  readonly body: unknown;
}

/** Why a successful response could not be used. */
export type InvalidResponseReason = "malformed-json" | "empty-body" | "not-a-page";

/** A successful (2xx) response whose body is not what the contract defines: not JSON, or missing. */
export class InvalidResponseError extends PrivacyError implements ResponseFacts {
  override readonly name: string = "InvalidResponseError";
  // Assigned in the constructor; `declare` keeps the bundle free of field definitions.
  declare readonly reason: InvalidResponseReason;
  declare readonly status: number;
  declare readonly headers: Headers;
  declare readonly requestId: string | undefined;
  declare readonly response: Response;
  declare readonly body: unknown;

  constructor(message: string, init: { reason: InvalidResponseReason; response: Response; body: unknown }) {
    super(message);
    this.reason = init.reason;
    this.response = init.response;
    this.status = init.response.status;
    this.headers = init.response.headers;
    this.requestId = init.response.headers.get("x-request-id") ?? undefined;
    this.body = init.body;
  }
}

/** What every {@link PrivacyApiError} is built from. */
export interface PrivacyApiErrorInit {
  response: Response;
  problem: ProblemDetails;
  /** The body as received; default `problem`. */
  body?: unknown;
  /** Default: the `X-Request-Id` header, else the problem's `requestId`. */
  requestId?: string | undefined;
}

/** The API answered with an error status. Subclasses narrow it by status or problem type. */
export class PrivacyApiError extends PrivacyError implements ResponseFacts {
  override readonly name: string = "PrivacyApiError";
  declare readonly status: number;
  /** The problem details of the response (synthesised when the body was not a problem document). */
  declare readonly problem: ProblemDetails;
  declare readonly requestId: string | undefined;
  declare readonly headers: Headers;
  declare readonly response: Response;
  declare readonly body: unknown;
  /**
   * How long the server asked to wait before trying again (its `Retry-After`, seconds or a date), in
   * milliseconds: on 429 (`rate-limited`), 503 (`unavailable`) and `test-clock-advancing` answers.
   */
  declare readonly retryAfterMs: number | undefined;

  constructor(init: PrivacyApiErrorInit) {
    const { response, problem } = init;
    const requestId = init.requestId ?? response.headers.get("x-request-id") ?? problem.requestId;
    super(formatMessage(response.status, problem, requestId));
    this.status = response.status;
    this.problem = problem;
    this.headers = response.headers;
    this.requestId = requestId;
    this.response = response;
    this.body = "body" in init ? init.body : problem;
    this.retryAfterMs = parseRetryAfterMs(response.headers.get("retry-after"));
  }

  /** The problem type URI, as sent (`about:blank` when the server sent none). */
  get type(): ProblemDetails["type"] {
    return this.problem.type;
  }
}

/** 400, 422, or type `validation-failed`: the request was malformed or failed validation. */
export class ValidationError extends PrivacyApiError {
  override readonly name: string = "ValidationError";
  /** The invalid fields, when the server listed them. */
  get errors(): ProblemFieldError[] {
    return this.problem.errors ?? [];
  }
}

/** 401, `unauthenticated`: the token is missing, malformed, revoked or expired. */
export class AuthenticationError extends PrivacyApiError {
  override readonly name: string = "AuthenticationError";
}

/** 403, `forbidden`: the token is valid but its role lacks the permission the operation needs. */
export class PermissionError extends PrivacyApiError {
  override readonly name: string = "PermissionError";
}

/** `export-only`: the account is closed or unsubscribed; only export operations work in its window. */
export class ExportOnlyError extends PermissionError {
  override readonly name: string = "ExportOnlyError";
}

/** 404, `not-found`: no such resource (or not visible to this tenant). */
export class NotFoundError extends PrivacyApiError {
  override readonly name: string = "NotFoundError";
}

/** 409, `conflict`: the request conflicts with the resource's current state. */
export class ConflictError extends PrivacyApiError {
  override readonly name: string = "ConflictError";
}

/** `idempotency-key-reused`: an `Idempotency-Key` was reused with a different request. */
export class IdempotencyKeyReusedError extends ConflictError {
  override readonly name: string = "IdempotencyKeyReusedError";
}

/**
 * `test-clock-advancing` (test mode): the tenant's test clock is advancing, and the call will work once
 * it is `ready`. Retried by default (`retries.problems`), honouring `Retry-After`; raised once retries
 * are exhausted.
 */
export class TestClockAdvancingError extends ConflictError {
  override readonly name: string = "TestClockAdvancingError";
}

/** `last-owner`: the change would leave the tenant without an owner; transfer ownership first. */
export class LastOwnerError extends ConflictError {
  override readonly name: string = "LastOwnerError";
}

/** 410, `gone`: the resource existed but is gone for good (an expired export, an erased record). */
export class GoneError extends PrivacyApiError {
  override readonly name: string = "GoneError";
}

/** 413, `payload-too-large`. */
export class PayloadTooLargeError extends PrivacyApiError {
  override readonly name: string = "PayloadTooLargeError";
}

/** 415, `unsupported-media-type`. */
export class UnsupportedMediaTypeError extends PrivacyApiError {
  override readonly name: string = "UnsupportedMediaTypeError";
}

/**
 * A well-formed request refused by a rule of the policy: 422 with one of the rule problem types, or
 * with a type the SDK does not know (a rule of a newer contract; `problem.type` names it).
 */
export class BusinessRuleError extends PrivacyApiError {
  override readonly name: string = "BusinessRuleError";
}

/** `verification-failed`: a wrong, expired or reused one-time code; nothing is disclosed. */
export class VerificationFailedError extends BusinessRuleError {
  override readonly name: string = "VerificationFailedError";
}

/** `underage`: the stated birth date is below the policy's minimum age. */
export class UnderageError extends BusinessRuleError {
  override readonly name: string = "UnderageError";
}

/** `extension-not-allowed`: erasure requests, a second extension, or one after the deadline. */
export class ExtensionNotAllowedError extends BusinessRuleError {
  override readonly name: string = "ExtensionNotAllowedError";
}

/** `notice-period-too-short`: a policy change announced with less notice than the policy requires. */
export class NoticePeriodTooShortError extends BusinessRuleError {
  override readonly name: string = "NoticePeriodTooShortError";
}

/** 429, `rate-limited`. Raised once retries are exhausted, or at once for a `Retry-After` beyond the cap. */
export class RateLimitError extends PrivacyApiError {
  override readonly name: string = "RateLimitError";
}

/** 5xx: the server failed. Raised once retries are exhausted. */
export class ServerError extends PrivacyApiError {
  override readonly name: string = "ServerError";
}

/** `internal`: an unexpected server failure. */
export class InternalServerError extends ServerError {
  override readonly name: string = "InternalServerError";
}

/** `unavailable`: the service is temporarily unavailable (often with `Retry-After`). */
export class ServiceUnavailableError extends ServerError {
  override readonly name: string = "ServiceUnavailableError";
}

function formatMessage(status: number, problem: ProblemDetails, requestId: string | undefined): string {
  let message = `${status} ${problem.title}`;
  if (problem.detail) message += `: ${problem.detail}`;
  if (problem.errors?.length)
    message += ` (${problem.errors.map((e) => `${e.path}: ${e.message}`).join("; ")})`;
  if (requestId) message += ` [request ${requestId}]`;
  return message;
}
