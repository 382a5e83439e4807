import { describe, expect, it } from "vitest";
import { findNumbers } from "./find-numbers.js";

describe("findNumbers", () => {
  it.each([
    ["sign-in audit records are purged a year after closure", ["a year"]],
    ["an erasure request is completed within 30 days", ["30 days"]],
    ["the table's extra twelve months", ["twelve months"]],
    ["up to forty-five days in total", ["forty-five days"]],
    ["anyone under sixteen", ["under sixteen"]],
    ["not intended for anyone under 16", ["under 16"]],
    ["one whose first deadline (day 30) has passed", ["day 30"]],
    ["kept for over two years", ["two years"]],
    ["within an hour", ["an hour"]],
    ["a transparency report is published yearly", ["yearly"]],
    ["Data in transit uses TLS 1.3", ["1.3"]],
    ["the five named in the policy", ["five"]],
    ["Section 7 says so", ["7"]],
  ])("finds the number in %j", (text, expected) => {
    expect(findNumbers(text)).toEqual(expected);
  });

  it.each([
    "a one-time code sent to the account's email",
    "AI features can be switched off one by one",
    "purged once the integration is disconnected, whichever comes first",
    "notice reached the requester before the first deadline",
  ])("finds no number in %j", (text) => {
    expect(findNumbers(text)).toEqual([]);
  });

  it("with quantitiesOnly, keeps amounts of time, frequencies and ages, not other counts", () => {
    const text =
      "Section 7 and RFC 8785 say: answer by day 30, within 30 days or a year, yearly, HTTP 409, under 16, SHA-256, five kinds";
    expect(findNumbers(text, { quantitiesOnly: true })).toEqual([
      "day 30",
      "30 days",
      "a year",
      "yearly",
      "under 16",
    ]);
    expect(findNumbers(text)).toEqual([
      "7",
      "8785",
      "day 30",
      "30 days",
      "a year",
      "yearly",
      "409",
      "under 16",
      "256",
      "five",
    ]);
  });
});
