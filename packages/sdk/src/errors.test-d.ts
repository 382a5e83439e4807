import type { components } from "@crmfactory/api";
import { describe, expectTypeOf, it } from "vitest";
import type {
  PrivacyApiError,
  ProblemDetails,
  RateLimitError,
  TestClockAdvancingError,
  TestClockFailedError,
  ValidationError,
} from "./errors.js";

type Schemas = components["schemas"];

describe("errors are typed", () => {
  it("error classes carry typed fields", () => {
    expectTypeOf<RateLimitError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ValidationError["errors"]>().toEqualTypeOf<{ path: string; message: string }[]>();
    expectTypeOf<RateLimitError["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<PrivacyApiError["response"]>().toEqualTypeOf<Response>();
  });

  it("failed and advancing test clocks are typed", () => {
    expectTypeOf<TestClockFailedError["failure"]>().toEqualTypeOf<Schemas["TestClockFailure"] | null>();
    expectTypeOf<TestClockFailedError["clock"]>().toEqualTypeOf<Schemas["TestClock"]>();
    expectTypeOf<TestClockAdvancingError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TestClockAdvancingError>().toExtend<PrivacyApiError>();
  });

  it("errors carry the contract's problem types", () => {
    expectTypeOf<ProblemDetails["type"]>().toEqualTypeOf<Schemas["ProblemType"] | "about:blank">();
    expectTypeOf<PrivacyApiError["type"]>().toEqualTypeOf<Schemas["ProblemType"] | "about:blank">();
    const problem = {} as ProblemDetails;
    // @ts-expect-error not a problem type of the contract
    if (problem.type === "https://crmfactory.ai/problems/not-a-type") throw new Error();
  });
});
