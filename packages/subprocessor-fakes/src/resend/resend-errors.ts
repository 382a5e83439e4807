import { json } from "../core/vendor.js";

// Resend's error shape `{ statusCode, name, message }` and its names:
// https://resend.com/docs/api-reference/errors
export class ResendError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

export function resendErrorResponse(error: ResendError, headers: Record<string, string> = {}): Response {
  return json(
    error.statusCode,
    { statusCode: error.statusCode, name: error.errorName, message: error.message },
    headers,
  );
}

export const resendErrors = {
  missingApiKey: () =>
    new ResendError(
      401,
      "missing_api_key",
      "Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.",
    ),
  invalidApiKey: () => new ResendError(403, "invalid_api_key", "API key is invalid"),
  notFound: () => new ResendError(404, "not_found", "The requested endpoint does not exist."),
  methodNotAllowed: () =>
    new ResendError(405, "method_not_allowed", "Method is not allowed for the requested path."),
  missingField: (field: string) =>
    new ResendError(422, "missing_required_field", `Missing \`${field}\` field.`),
  validation: (message: string) => new ResendError(422, "validation_error", message),
  invalidParameter: (message: string) => new ResendError(422, "invalid_parameter", message),
  resourceNotFound: (what: "Email" | "Audience" | "Segment" | "Contact") =>
    new ResendError(404, "not_found", `${what} not found`),
  invalidIdempotencyKey: () =>
    new ResendError(400, "invalid_idempotency_key", "The key must be between 1-256 chars."),
  idempotencyMismatch: () =>
    new ResendError(
      409,
      "invalid_idempotent_request",
      "Same idempotency key used with a different request payload.",
    ),
} as const;

export function resendFault(status: number): ResendError {
  if (status === 429)
    return new ResendError(
      429,
      "rate_limit_exceeded",
      "Too many requests. Please limit the number of requests per second.",
    );
  if (status === 409)
    return new ResendError(
      409,
      "concurrent_idempotent_requests",
      "Same idempotency key used while original request is still in progress.",
    );
  if (status === 503)
    return new ResendError(503, "application_error", "Service unavailable, please try again later.");
  return new ResendError(status, "internal_server_error", "An unexpected error occurred.");
}
