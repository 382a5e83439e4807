import type { components } from "@crmfactory/api";
import { parseRetryAfterMs } from "./retry-after.js";

/** Every problem type the API defines is a URI under this prefix: `https://crmfactory.ai/problems/<slug>`. */
export const PROBLEM_TYPE_PREFIX = "https://crmfactory.ai/problems/";

/** Builds the problem type URI of a slug, e.g. `problemType("validation-failed")`. */
export function problemType<const Slug extends string>(slug: Slug): `${typeof PROBLEM_TYPE_PREFIX}${Slug}` {
  return `${PROBLEM_TYPE_PREFIX}${slug}`;
}

/**
 * The problem types the SDK maps to a dedicated error class. Written out rather than imported, so the
 * bundle carries no part of the contract; the type check keeps each one in the contract's catalogue.
 */
export const ProblemTypes = {
  validationFailed: problemType("validation-failed"),
  idempotencyKeyReused: problemType("idempotency-key-reused"),
  verificationFailed: problemType("verification-failed"),
} as const satisfies Record<string, components["schemas"]["ProblemType"]>;

/** One invalid field of a request, as reported in a problem's `errors` member. */
export interface ProblemFieldError {
  /** JSON Pointer (or dotted path) to the offending field. */
  path: string;
  message: string;
}

/** An RFC 9457 problem details object, as every error response of the API carries. */
export interface ProblemDetails {
  type: string;
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

/** What every {@link PrivacyApiError} is built from. */
export interface PrivacyApiErrorInit {
  status: number;
  problem: ProblemDetails;
  headers: Headers;
  requestId?: string | undefined;
}

/** The API answered with an error status. Subclasses narrow it by status or problem type. */
export class PrivacyApiError extends PrivacyError {
  override readonly name: string = "PrivacyApiError";
  /** The HTTP status of the response. */
  readonly status: number;
  /** The problem details of the response (synthesised when the body was not a problem document). */
  readonly problem: ProblemDetails;
  /** From the `X-Request-Id` response header, else the problem's `requestId`. Quote it to support. */
  readonly requestId: string | undefined;
  /** The response headers. */
  readonly headers: Headers;

  constructor(init: PrivacyApiErrorInit) {
    super(formatMessage(init.status, init.problem, init.requestId));
    this.status = init.status;
    this.problem = init.problem;
    this.headers = init.headers;
    this.requestId = init.requestId;
  }

  /** The problem type URI (`about:blank` when the server sent none). */
  get type(): string {
    return this.problem.type;
  }
}

/** 400 or 422, or any `validation-failed` problem: the request was malformed or failed validation. */
export class ValidationError extends PrivacyApiError {
  override readonly name: string = "ValidationError";
  /** The invalid fields, when the server listed them. */
  get errors(): ProblemFieldError[] {
    return this.problem.errors ?? [];
  }
}

/** 401: the API key is missing, malformed, revoked or expired. */
export class AuthenticationError extends PrivacyApiError {
  override readonly name: string = "AuthenticationError";
}

/** 403: the key is valid but its role lacks the permission the operation needs. */
export class PermissionError extends PrivacyApiError {
  override readonly name: string = "PermissionError";
}

/** 404: no such resource (or not visible to this tenant). */
export class NotFoundError extends PrivacyApiError {
  override readonly name: string = "NotFoundError";
}

/** 409: the request conflicts with the resource's current state. */
export class ConflictError extends PrivacyApiError {
  override readonly name: string = "ConflictError";
}

/** An `Idempotency-Key` was reused with a different request (different method, path or body). */
export class IdempotencyKeyReusedError extends ConflictError {
  override readonly name: string = "IdempotencyKeyReusedError";
}

/** A `verification-failed` problem: the data subject's identity could not be verified. */
export class VerificationFailedError extends PrivacyApiError {
  override readonly name: string = "VerificationFailedError";
}

/** 410: the resource existed but is gone for good (an expired export, an erased record). */
export class GoneError extends PrivacyApiError {
  override readonly name: string = "GoneError";
}

/** 429: too many requests. Raised once the SDK's own retries are exhausted. */
export class RateLimitError extends PrivacyApiError {
  override readonly name: string = "RateLimitError";
  /** How long the server asked to wait (from `Retry-After`), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(init: PrivacyApiErrorInit) {
    super(init);
    this.retryAfterMs = parseRetryAfterMs(init.headers.get("retry-after"));
  }
}

/** 5xx: the server failed. Raised once the SDK's own retries are exhausted. */
export class ServerError extends PrivacyApiError {
  override readonly name: string = "ServerError";
}

/** No response was received: DNS, TCP, TLS or a connection reset. Raised once retries are exhausted. */
export class ConnectionError extends PrivacyError {
  override readonly name: string = "ConnectionError";
}

/** An attempt exceeded `timeoutMs`. Raised once retries are exhausted. */
export class TimeoutError extends ConnectionError {
  override readonly name: string = "TimeoutError";
}

type ApiErrorClass = new (init: PrivacyApiErrorInit) => PrivacyApiError;

const byProblemType: Record<string, ApiErrorClass> = {
  [ProblemTypes.validationFailed]: ValidationError,
  [ProblemTypes.idempotencyKeyReused]: IdempotencyKeyReusedError,
  [ProblemTypes.verificationFailed]: VerificationFailedError,
};

const byStatus: Record<number, ApiErrorClass> = {
  400: ValidationError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
  410: GoneError,
  422: ValidationError,
  429: RateLimitError,
};

/**
 * Maps an error response to the most specific error class: first by problem type, then by status.
 * `body` is the parsed JSON body, or the raw text when the body was not JSON (a proxy's HTML page),
 * or `undefined` when there was none; every case yields a useful message.
 */
export function errorFromResponse(response: Response, body: unknown): PrivacyApiError {
  const problem = toProblem(response, body);
  const requestId = response.headers.get("x-request-id") ?? problem.requestId;
  const ErrorClass =
    byProblemType[problem.type] ??
    byStatus[response.status] ??
    (response.status >= 500 ? ServerError : PrivacyApiError);
  return new ErrorClass({ status: response.status, problem, headers: response.headers, requestId });
}

/** Reads an error response's body (JSON if it parses, else text) and maps it with {@link errorFromResponse}. */
export async function readErrorResponse(response: Response): Promise<PrivacyApiError> {
  let body: unknown;
  try {
    const text = await response.text();
    body = text === "" ? undefined : parseJson(text);
  } catch {
    body = undefined;
  }
  return errorFromResponse(response, body);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const MAX_TEXT_DETAIL = 500;

function toProblem(response: Response, body: unknown): ProblemDetails {
  const title = response.statusText || `HTTP ${response.status}`;
  if (isRecord(body)) {
    const problem: ProblemDetails = {
      ...body,
      type: nonEmptyString(body.type) ?? "about:blank",
      title: nonEmptyString(body.title) ?? title,
      status: typeof body.status === "number" ? body.status : response.status,
    };
    // Members of the wrong type are dropped rather than passed on with a type they do not have.
    for (const key of ["detail", "instance", "requestId"] as const) {
      if (typeof problem[key] !== "string") delete problem[key];
    }
    if (Array.isArray(body.errors)) problem.errors = body.errors.filter(isFieldError);
    else delete problem.errors;
    return problem;
  }
  const problem: ProblemDetails = { type: "about:blank", title, status: response.status };
  const text = typeof body === "string" ? body.trim() : "";
  if (text !== "")
    problem.detail = text.length > MAX_TEXT_DETAIL ? `${text.slice(0, MAX_TEXT_DETAIL)}…` : text;
  return problem;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFieldError(value: unknown): value is ProblemFieldError {
  return isRecord(value) && typeof value.path === "string" && typeof value.message === "string";
}

function formatMessage(status: number, problem: ProblemDetails, requestId: string | undefined): string {
  let message = `${status} ${problem.title}`;
  if (problem.detail) message += `: ${problem.detail}`;
  if (problem.errors?.length)
    message += ` (${problem.errors.map((e) => `${e.path}: ${e.message}`).join("; ")})`;
  if (requestId) message += ` [request ${requestId}]`;
  return message;
}
