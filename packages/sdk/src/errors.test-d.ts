import type { components } from "@crmfactory/api";
import { describe, expectTypeOf, it } from "vitest";
import type {
  BusinessRuleError,
  PrivacyApiError,
  ProblemDetails,
  RateLimitError,
  TestClockAdvancingError,
  TestClockFailedError,
  UnknownProblemType,
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

  it("problem types are the contract's, or kept as sent when a newer contract's", () => {
    type Known = Schemas["ProblemType"] | "about:blank";
    expectTypeOf<ProblemDetails["type"]>().toEqualTypeOf<Known | UnknownProblemType>();
    expectTypeOf<PrivacyApiError["type"]>().toEqualTypeOf<ProblemDetails["type"]>();
    expectTypeOf<BusinessRuleError["type"]>().toEqualTypeOf<ProblemDetails["type"]>();
    // The catalogue's types stay distinct members of the union (so editors offer them).
    expectTypeOf<
      Extract<ProblemDetails["type"], "https://crmfactory.ai/problems/underage">
    >().toEqualTypeOf<"https://crmfactory.ai/problems/underage">();
    expectTypeOf<UnknownProblemType>().toExtend<string>();
    // @ts-expect-error a type is a string
    const notAType: ProblemDetails["type"] = 422;
    void notAType;
  });
});
