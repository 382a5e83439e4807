import {
  AuthenticationError,
  BusinessRuleError,
  ConflictError,
  ExportOnlyError,
  ExtensionNotAllowedError,
  GoneError,
  IdempotencyKeyReusedError,
  InternalServerError,
  LastOwnerError,
  NotFoundError,
  NoticePeriodTooShortError,
  PayloadTooLargeError,
  PermissionError,
  PrivacyApiError,
  type PrivacyApiErrorInit,
  type ProblemDetails,
  type ProblemFieldError,
  type ProblemSlug,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
  TestClockAdvancingError,
  UnderageError,
  UnsupportedMediaTypeError,
  ValidationError,
  VerificationFailedError,
} from "./errors.js";
import { PROBLEM_TYPE_PREFIX } from "./generated/contract.js";

/** A constructor of an API error class. */
export type ApiErrorClass = new (init: PrivacyApiErrorInit) => PrivacyApiError;

/**
 * The error class of every problem type of the contract, the one table errors are mapped from, and the
 * SDK's catalogue at run time. It must name exactly the contract's catalogue: a problem type the
 * contract adds fails the type check here, and the catalogue test, until it has a class.
 */
export const problemErrorClasses = {
  "validation-failed": ValidationError,
  unauthenticated: AuthenticationError,
  forbidden: PermissionError,
  "export-only": ExportOnlyError,
  "not-found": NotFoundError,
  conflict: ConflictError,
  "idempotency-key-reused": IdempotencyKeyReusedError,
  "test-clock-advancing": TestClockAdvancingError,
  "last-owner": LastOwnerError,
  gone: GoneError,
  "payload-too-large": PayloadTooLargeError,
  "unsupported-media-type": UnsupportedMediaTypeError,
  "verification-failed": VerificationFailedError,
  underage: UnderageError,
  "extension-not-allowed": ExtensionNotAllowedError,
  "notice-period-too-short": NoticePeriodTooShortError,
  "rate-limited": RateLimitError,
  internal: InternalServerError,
  unavailable: ServiceUnavailableError,
} as const satisfies Record<ProblemSlug, ApiErrorClass>;

/** The class for a status when the problem names no type of the catalogue. */
const byStatus: Partial<Record<number, ApiErrorClass>> = {
  400: ValidationError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
  410: GoneError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  422: ValidationError,
  429: RateLimitError,
};

/** Builds the problem type URI of a slug, e.g. `problemType("validation-failed")`. */
export function problemType<const Slug extends ProblemSlug>(
  slug: Slug,
): `${typeof PROBLEM_TYPE_PREFIX}${Slug}` {
  return `${PROBLEM_TYPE_PREFIX}${slug}`;
}

/**
 * Maps an error response to the most specific error class: by problem type first, then by status. A
 * 422 with a problem type the SDK does not know (a rule a newer contract added) is a
 * `BusinessRuleError`, its `problem.type` as sent.
 * `body` is the parsed JSON body, or the raw text when the body was not JSON (a proxy's HTML page),
 * or `undefined` when there was none; every case yields a useful message.
 */
export function errorFromResponse(response: Response, body: unknown): PrivacyApiError {
  const problem = toProblem(response, body);
  const { type } = problem;
  const { status } = response;
  // The slug, when the type is one of the catalogue's.
  const slug = type.startsWith(PROBLEM_TYPE_PREFIX) && type.slice(PROBLEM_TYPE_PREFIX.length);
  const ErrorClass: ApiErrorClass =
    (slug && Object.hasOwn(problemErrorClasses, slug) && problemErrorClasses[slug as ProblemSlug]) ||
    // A rule of a newer contract: a 422 naming a type this SDK does not know yet.
    (status === 422 && type !== "about:blank" && BusinessRuleError) ||
    byStatus[status] ||
    (status >= 500 ? ServerError : PrivacyApiError);
  return new ErrorClass({ response, problem, body });
}

/** Reads an error response's body (JSON if it parses, else text) and maps it with {@link errorFromResponse}. */
export async function readErrorResponse(response: Response): Promise<PrivacyApiError> {
  let text = "";
  try {
    text = await response.text();
  } catch {
    // An unreadable body still gives an error from the status and headers.
  }
  return errorFromResponse(response, parseBody(text));
}

/** The body as received: parsed JSON if it parses, else the text; `undefined` when empty. */
export function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const MAX_TEXT_DETAIL = 500;

function toProblem(response: Response, body: unknown): ProblemDetails {
  const fallbackTitle = response.statusText || `HTTP ${response.status}`;
  if (isRecord(body)) {
    const problem: ProblemDetails = {
      ...body,
      type: nonEmptyString(body.type) ?? "about:blank",
      title: nonEmptyString(body.title) ?? fallbackTitle,
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
  const problem: ProblemDetails = { type: "about:blank", title: fallbackTitle, status: response.status };
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
