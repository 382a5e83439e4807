import { openapiDocument, problemTypes } from "@crmfactory/api";
import { describe, expect, it } from "vitest";
import { type ApiErrorClass, errorFromResponse, problemErrorClasses } from "./error-mapping.js";
import {
  AuthenticationError,
  BusinessRuleError,
  ConflictError,
  GoneError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionError,
  PrivacyApiError,
  RateLimitError,
  ServerError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "./errors.js";
import { PROBLEM_TYPE_PREFIX } from "./generated/contract.js";

// Every problem type of the contract has its own error class, from one table. A type the contract
// adds fails here (and the type check of the table) until it has a class.

/** The class every problem type of a status must extend. */
const baseOfStatus: Record<number, ApiErrorClass> = {
  400: ValidationError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
  410: GoneError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  422: BusinessRuleError,
  429: RateLimitError,
};

const catalogue = openapiDocument["x-problem-types"];

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return errorFromResponse(new Response(null, { status, headers }), body);
}

describe("the problem catalogue", () => {
  it("is the contract's, with the contract's prefix", () => {
    expect(Object.keys(problemTypes).sort()).toEqual(catalogue.map((entry) => entry.slug).sort());
    for (const entry of catalogue) expect(entry.type).toBe(`${PROBLEM_TYPE_PREFIX}${entry.slug}`);
  });

  it("has exactly one error class per problem type", () => {
    expect(Object.keys(problemErrorClasses).sort()).toEqual(catalogue.map((entry) => entry.slug).sort());
    const classes = Object.values(problemErrorClasses);
    expect(new Set(classes).size).toBe(classes.length);
  });

  it.each(catalogue)("$slug ($status) is a $type error of its own class", (entry) => {
    const ErrorClass = problemErrorClasses[entry.slug as keyof typeof problemErrorClasses];
    const error = answer(entry.status, { type: entry.type, title: entry.title, status: entry.status });
    expect(error.constructor).toBe(ErrorClass);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.type).toBe(entry.type);
    expect(error.status).toBe(entry.status);
    const base = baseOfStatus[entry.status] ?? (entry.status >= 500 ? ServerError : PrivacyApiError);
    expect(error, `${ErrorClass.name} extends ${base.name}`).toBeInstanceOf(base);
  });

  it("matches the type even when the status disagrees", () => {
    const error = answer(400, { type: `${PROBLEM_TYPE_PREFIX}underage`, title: "Under age", status: 400 });
    expect(error).toBeInstanceOf(problemErrorClasses.underage);
  });
});

describe("problem normalisation", () => {
  it("keeps a type the contract does not define as sent, mapping by status", () => {
    const body = {
      type: "https://example.com/problems/teapot",
      title: "Teapot",
      status: 418,
      detail: "short",
    };
    const error = answer(418, body);
    expect(error.constructor).toBe(PrivacyApiError);
    expect(error.problem).toEqual(body);
    expect(error.body).toEqual(body);
    const lookalike = answer(404, {
      type: `${PROBLEM_TYPE_PREFIX}not-found-at-all`,
      title: "x",
      status: 404,
    });
    expect(lookalike.type).toBe(`${PROBLEM_TYPE_PREFIX}not-found-at-all`);
    expect(lookalike.constructor).toBe(NotFoundError);
  });

  it("makes a 422 of a rule the SDK does not know (a newer contract's) a BusinessRuleError", () => {
    const type = `${PROBLEM_TYPE_PREFIX}consent-withdrawn`;
    const body = { type, title: "Consent withdrawn", status: 422, detail: "the contact withdrew consent" };
    const error = answer(422, body);
    expect(error.constructor).toBe(BusinessRuleError);
    expect(error.type).toBe(type);
    expect(error.problem).toEqual(body);
    expect(error.message).toBe("422 Consent withdrawn: the contact withdrew consent");
    // Without a type, or with about:blank, a 422 is still a validation failure.
    expect(answer(422, { title: "Unprocessable", status: 422 }).constructor).toBe(ValidationError);
    const blank = answer(422, { type: "about:blank", title: "Unprocessable", status: 422 });
    expect(blank.constructor).toBe(ValidationError);
    expect(answer(422, "<h1>Unprocessable</h1>").constructor).toBe(ValidationError);
  });

  it("drops a type that is not a string", () => {
    expect(answer(404, { type: 7, title: "x", status: 404 }).type).toBe("about:blank");
  });

  it("takes a missing title from the status line", () => {
    const plain = errorFromResponse(new Response(null, { status: 404, statusText: "Not Found" }), {});
    expect(plain.problem.title).toBe("Not Found");
  });

  it("gives every error the response it came from and the body as received", () => {
    const response = new Response(null, { status: 409, headers: { "X-Request-Id": "req_1" } });
    const body = { type: `${PROBLEM_TYPE_PREFIX}conflict`, title: "Conflict", status: 409, extra: [1] };
    const error = errorFromResponse(response, body);
    expect(error.response).toBe(response);
    expect(error.headers).toBe(response.headers);
    expect(error.body).toBe(body);
    expect(error.problem.extra).toEqual([1]);
    expect(error.requestId).toBe("req_1");
    expect(answer(502, "<h1>Bad gateway</h1>").body).toBe("<h1>Bad gateway</h1>");
  });
});
