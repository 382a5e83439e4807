import { json } from "../core/vendor.js";

// Stripe's error object: https://docs.stripe.com/api/errors
export type StripeErrorType = "invalid_request_error" | "api_error" | "idempotency_error" | "card_error";

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
}

export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

const docUrl = (code: string) => `https://docs.stripe.com/error-codes/${code.replace(/_/g, "-")}`;

export function stripeErrorResponse(status: number, body: StripeErrorBody, requestId: string): Response {
  return json(
    status,
    { error: { ...body, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } },
    { "request-id": requestId },
  );
}

export const stripeErrors = {
  noApiKey: () =>
    new StripeError(401, {
      type: "invalid_request_error",
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    }),
  invalidApiKey: (key: string) =>
    new StripeError(401, {
      type: "invalid_request_error",
      code: "api_key_invalid",
      message: `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
    }),
  unknownParameter: (param: string) =>
    new StripeError(400, {
      type: "invalid_request_error",
      code: "parameter_unknown",
      param,
      doc_url: docUrl("parameter_unknown"),
      message: `Received unknown parameter: ${param}`,
    }),
  missingParameter: (param: string) =>
    new StripeError(400, {
      type: "invalid_request_error",
      code: "parameter_missing",
      param,
      doc_url: docUrl("parameter_missing"),
      message: `Missing required param: ${param}.`,
    }),
  invalidParameter: (param: string, message: string, code = "parameter_invalid") =>
    new StripeError(400, { type: "invalid_request_error", code, param, doc_url: docUrl(code), message }),
  noSuch: (kind: "customer" | "invoice" | "PaymentMethod", id: string, param = "id") =>
    new StripeError(404, {
      type: "invalid_request_error",
      code: "resource_missing",
      param,
      doc_url: docUrl("resource_missing"),
      message: `No such ${kind}: '${id}'`,
    }),
  unrecognizedUrl: (method: string, path: string) =>
    new StripeError(404, {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    }),
  idempotencyMismatch: (key: string) =>
    new StripeError(400, {
      type: "idempotency_error",
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    }),
  malformedBody: (detail: string) =>
    new StripeError(400, { type: "invalid_request_error", message: `Invalid request body: ${detail}` }),
  invoiceNotDraft: (action: "delete" | "finalize", id: string) =>
    new StripeError(400, {
      type: "invalid_request_error",
      code: "invoice_not_editable",
      doc_url: docUrl("invoice_not_editable"),
      message:
        action === "delete"
          ? `You can only delete draft invoices. Invoice ${id} is not a draft; void it instead.`
          : `This invoice is already finalized, you can't re-finalize a non-draft invoice.`,
    }),
  deletedCustomer: (id: string) =>
    new StripeError(400, {
      type: "invalid_request_error",
      code: "resource_missing",
      param: "customer",
      message: `No such customer: '${id}'; the customer was deleted.`,
    }),
} as const;

export function stripeFaultBody(status: number): StripeErrorBody {
  if (status === 409) {
    return {
      type: "invalid_request_error",
      code: "lock_timeout",
      doc_url: docUrl("lock_timeout"),
      message:
        "This object cannot be accessed right now because another API request or Stripe process is currently accessing it.",
    };
  }
  if (status === 429) {
    return {
      type: "invalid_request_error",
      code: "rate_limit",
      doc_url: docUrl("rate_limit"),
      message:
        "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
    };
  }
  return { type: "api_error", message: "An unknown error occurred. Please try again later." };
}
