import { describe, expect, it } from "vitest";
import { errorFromResponse, problemType, readErrorResponse } from "./error-mapping.js";
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  GoneError,
  IdempotencyKeyReusedError,
  LastOwnerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionError,
  PrivacyApiError,
  PrivacyError,
  RateLimitError,
  ServerError,
  TestClockAdvancingError,
  TimeoutError,
  UnsupportedMediaTypeError,
  ValidationError,
  VerificationFailedError,
} from "./errors.js";

function problem(status: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "about:blank", title: "Something", status, ...overrides };
}

function respond(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

describe("errorFromResponse", () => {
  it.each([
    [400, ValidationError],
    [401, AuthenticationError],
    [403, PermissionError],
    [404, NotFoundError],
    [409, ConflictError],
    [410, GoneError],
    [413, PayloadTooLargeError],
    [415, UnsupportedMediaTypeError],
    [422, ValidationError],
    [429, RateLimitError],
    [500, ServerError],
    [502, ServerError],
    [503, ServerError],
    [418, PrivacyApiError],
  ] as const)("maps status %i to %o", (status, ErrorClass) => {
    const error = errorFromResponse(respond(status), problem(status));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(PrivacyApiError);
    expect(error).toBeInstanceOf(PrivacyError);
    expect(error).toBeInstanceOf(Error);
    expect(error.constructor).toBe(ErrorClass);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
  });

  it("maps problem types before statuses", () => {
    const reused = errorFromResponse(
      respond(409),
      problem(409, { type: problemType("idempotency-key-reused") }),
    );
    expect(reused).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(reused).toBeInstanceOf(ConflictError);

    const verification = errorFromResponse(
      respond(403),
      problem(403, { type: problemType("verification-failed") }),
    );
    expect(verification).toBeInstanceOf(VerificationFailedError);
    expect(verification).not.toBeInstanceOf(PermissionError);

    const validation = errorFromResponse(
      respond(409),
      problem(409, { type: problemType("validation-failed") }),
    );
    expect(validation).toBeInstanceOf(ValidationError);
  });

  it("builds problem type URIs under crmfactory.ai/problems", () => {
    expect(problemType("gone")).toBe("https://crmfactory.ai/problems/gone");
    expect(problemType("idempotency-key-reused")).toBe(
      "https://crmfactory.ai/problems/idempotency-key-reused",
    );
  });

  it("keeps every problem field, extension members and field errors", () => {
    const body = {
      type: problemType("validation-failed"),
      title: "Validation failed",
      status: 422,
      detail: "2 fields are invalid",
      instance: "/v1/rights-requests",
      requestId: "req_body",
      errors: [
        { path: "/subject/email", message: "must be an email" },
        { path: "/kind", message: "unknown kind" },
        { nonsense: true },
      ],
      limit: 3,
    };
    const error = errorFromResponse(respond(422), body);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.problem).toEqual({ ...body, errors: body.errors.slice(0, 2) });
    expect((error as ValidationError).errors).toEqual(body.errors.slice(0, 2));
    expect(error.type).toBe(problemType("validation-failed"));
    expect(error.message).toBe(
      "422 Validation failed: 2 fields are invalid (/subject/email: must be an email; /kind: unknown kind) [request req_body]",
    );
  });

  it("takes the request id from X-Request-Id first, then from the problem", () => {
    const fromHeader = errorFromResponse(respond(404, { "X-Request-Id": "req_header" }), {
      ...problem(404),
      requestId: "req_body",
    });
    expect(fromHeader.requestId).toBe("req_header");
    expect(fromHeader.headers.get("x-request-id")).toBe("req_header");
    expect(errorFromResponse(respond(404), { ...problem(404), requestId: "req_body" }).requestId).toBe(
      "req_body",
    );
    expect(errorFromResponse(respond(404), problem(404)).requestId).toBeUndefined();
  });

  it("gives a useful error for a non-JSON body", () => {
    const html = "<html><body>502 Bad Gateway</body></html>";
    const error = errorFromResponse(
      new Response(null, {
        status: 502,
        statusText: "Bad Gateway",
        headers: { "X-Request-Id": "req_proxy" },
      }),
      html,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error.problem).toEqual({ type: "about:blank", title: "Bad Gateway", status: 502, detail: html });
    expect(error.message).toBe(`502 Bad Gateway: ${html} [request req_proxy]`);
  });

  it("truncates long text bodies and survives empty or odd bodies", () => {
    const long = "x".repeat(2_000);
    expect(errorFromResponse(respond(500), long).problem.detail).toHaveLength(501);
    for (const body of [undefined, null, "", 42, ["a"], { type: 7, title: null }]) {
      const error = errorFromResponse(respond(503), body);
      expect(error.problem.type).toBe("about:blank");
      expect(error.problem.title).toBe("HTTP 503");
      expect(error.problem.status).toBe(503);
      expect(error.message).toMatch(/^503 HTTP 503/);
    }
  });

  it("reads Retry-After into RateLimitError.retryAfterMs", () => {
    const seconds = errorFromResponse(respond(429, { "Retry-After": "7" }), problem(429));
    expect((seconds as RateLimitError).retryAfterMs).toBe(7_000);
    const none = errorFromResponse(respond(429), problem(429));
    expect((none as RateLimitError).retryAfterMs).toBeUndefined();
  });

  it("reads Retry-After into TestClockAdvancingError.retryAfterMs, a ConflictError", () => {
    const advancing = errorFromResponse(
      respond(409, { "Retry-After": "2" }),
      problem(409, { type: problemType("test-clock-advancing") }),
    );
    expect(advancing).toBeInstanceOf(TestClockAdvancingError);
    expect(advancing).toBeInstanceOf(ConflictError);
    expect((advancing as TestClockAdvancingError).retryAfterMs).toBe(2_000);
    const lastOwner = errorFromResponse(respond(409), problem(409, { type: problemType("last-owner") }));
    expect(lastOwner).toBeInstanceOf(LastOwnerError);
    expect(lastOwner).toBeInstanceOf(ConflictError);
    expect(lastOwner.retryAfterMs).toBeUndefined();
  });
});

describe("readErrorResponse", () => {
  it("parses JSON problem bodies", async () => {
    const response = Response.json(problem(404, { title: "Not found", detail: "no rights request rr_1" }), {
      status: 404,
      headers: { "Content-Type": "application/problem+json" },
    });
    const error = await readErrorResponse(response);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.problem.detail).toBe("no rights request rr_1");
  });

  it("falls back to the text of a non-JSON body, and to the status of an empty one", async () => {
    const text = await readErrorResponse(new Response("upstream exploded", { status: 500 }));
    expect(text.problem.detail).toBe("upstream exploded");
    const empty = await readErrorResponse(new Response(null, { status: 401, statusText: "Unauthorized" }));
    expect(empty).toBeInstanceOf(AuthenticationError);
    expect(empty.message).toBe("401 Unauthorized");
  });
});

describe("network errors", () => {
  it("TimeoutError is a ConnectionError, and neither is an API error", () => {
    const timeout = new TimeoutError("too slow");
    expect(timeout).toBeInstanceOf(ConnectionError);
    expect(timeout).toBeInstanceOf(PrivacyError);
    expect(timeout).not.toBeInstanceOf(PrivacyApiError);
    expect(timeout.name).toBe("TimeoutError");
    expect(new ConnectionError("down", { cause: new Error("ECONNREFUSED") }).cause).toBeInstanceOf(Error);
  });
});
