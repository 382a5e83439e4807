import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  addDuration,
  compareDurations,
  type Duration,
  DurationSyntaxError,
  formatDuration,
  isDurationString,
  parseDuration,
  subtractDuration,
  sumDurations,
} from "./duration.js";

const at = (iso: string): Date => new Date(iso);
const add = (iso: string, duration: string): string => addDuration(at(iso), duration).toISOString();
const sub = (iso: string, duration: string): string => subtractDuration(at(iso), duration).toISOString();
const zero: Duration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
const DAY_MS = 86_400_000;

// Instants between 1970 and 2200, with arbitrary times of day.
const instant = fc.date({
  min: new Date(Date.UTC(1970, 0, 1)),
  max: new Date(Date.UTC(2200, 0, 1)),
  noInvalidDate: true,
});

// Durations small enough that instant + duration stays inside the Date range.
const duration: fc.Arbitrary<Duration> = fc.record({
  years: fc.nat({ max: 200 }),
  months: fc.nat({ max: 2400 }),
  weeks: fc.nat({ max: 1000 }),
  days: fc.nat({ max: 10_000 }),
  hours: fc.nat({ max: 100_000 }),
  minutes: fc.nat({ max: 1_000_000 }),
  seconds: fc.nat({ max: 10_000_000 }),
});

// Any Duration the type allows, including huge values and weeks next to other units.
const anyDuration: fc.Arbitrary<Duration> = fc.record({
  years: fc.maxSafeNat(),
  months: fc.maxSafeNat(),
  weeks: fc.nat({ max: 1_000_000 }),
  days: fc.nat({ max: 1_000_000 }),
  hours: fc.maxSafeNat(),
  minutes: fc.maxSafeNat(),
  seconds: fc.maxSafeNat(),
});

// An independent oracle for the accepted grammar (without the safe-integer limit).
const n = "(?:0|[1-9][0-9]*)";
const GRAMMAR = new RegExp(
  `^P(?:${n}W|(?=[0-9T])(?:${n}Y)?(?:${n}M)?(?:${n}D)?(?:T(?=[0-9])(?:${n}H)?(?:${n}M)?(?:${n}S)?)?)$`,
);

// Strings over the duration alphabet, and strings built from duration-like pieces (some valid).
const junk = fc.string({ unit: fc.constantFrom(..."PTYMWDHS0123456789-.,p "), maxLength: 14 });
const token = fc.oneof(
  {
    arbitrary: fc
      .tuple(fc.constantFrom("0", "1", "12", "01", ""), fc.constantFrom(..."YMWDHSX"))
      .map(([digits, unit]) => digits + unit),
    weight: 4,
  },
  { arbitrary: fc.constant("T"), weight: 1 },
  { arbitrary: fc.constantFrom("-", ".5", ",", " ", "p", "d", "+", "P", "7"), weight: 1 },
);
const nearDuration = fc
  .tuple(fc.constantFrom("P", "P", "P", "", "p", "-P"), fc.array(token, { maxLength: 6 }))
  .map(([prefix, tokens]) => prefix + tokens.join(""));

describe("parseDuration", () => {
  it.each([
    ["P90D", { ...zero, days: 90 }],
    ["P13M", { ...zero, months: 13 }],
    ["P7Y", { ...zero, years: 7 }],
    ["P2W", { ...zero, weeks: 2 }],
    ["PT36H", { ...zero, hours: 36 }],
    ["P0D", zero],
    ["PT0S", zero],
    ["P0W", zero],
    ["P1Y2M10DT2H30M5S", { years: 1, months: 2, weeks: 0, days: 10, hours: 2, minutes: 30, seconds: 5 }],
    ["P1MT1M", { ...zero, months: 1, minutes: 1 }],
    ["P9007199254740991D", { ...zero, days: Number.MAX_SAFE_INTEGER }],
  ])("parses %s", (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
    expect(isDurationString(text)).toBe(true);
  });

  it.each([
    ["", "the string is empty"],
    [" P1D", "whitespace"],
    ["P1D\n", "whitespace"],
    ["P1 D", "whitespace is not allowed"],
    ["90D", 'must start with "P"'],
    ["P", '"P" must be followed by at least one component'],
    ["PT", '"T" must be followed by at least one of H, M or S'],
    ["P1DT", '"T" must be followed by at least one of H, M or S'],
    ["PT1HT1M", '"T" appears twice'],
    ["P1D2Y", 'unit "Y" (years) must come before "D"'],
    ["PT1S1H", 'unit "H" (hours) must come before "S"'],
    ["P1D1D", 'unit "D" (days) appears twice'],
    ["P1M2M", 'unit "M" (months) appears twice'],
    ["-P1D", "negative durations are not allowed"],
    ["P-1D", "negative values"],
    ["+P1D", "signs are not allowed"],
    ["P1.5D", "fractional values are not allowed"],
    ["PT0,5H", "fractional values are not allowed"],
    ["P1X", 'unknown unit "X"'],
    ["p90d", 'designators must be uppercase; write "P90D"'],
    ["P1d", 'write "P1D"'],
    ["P1H", 'time unit "H" must follow "T"'],
    ["PT1D", 'date unit "D" must come before "T"'],
    ["PT1W", 'date unit "W" must come before "T"'],
    ["P1", "the number 1 has no unit designator"],
    ["P1T1H", "the number 1 has no unit designator"],
    ["PD", 'unit "D" must be preceded by a number'],
    ["P1W2D", "weeks cannot be combined with other units"],
    ["P1Y2W", "weeks cannot be combined with other units"],
    ["P01D", "leading zeros are not allowed (01)"],
    ["P9007199254740992D", "exceeds 9007199254740991"],
    ["P0001-02-03", "alternative format"],
  ])("rejects %j (%s)", (text, problem) => {
    expect(() => parseDuration(text)).toThrow(DurationSyntaxError);
    expect(() => parseDuration(text)).toThrow(`Invalid ISO 8601 duration ${JSON.stringify(text)}: `);
    expect(() => parseDuration(text)).toThrow(problem);
    expect(isDurationString(text)).toBe(false);
  });

  test.prop([fc.oneof(junk, nearDuration)], { numRuns: 3000 })(
    "accepts exactly the strings of the ISO grammar",
    (text) => {
      expect(isDurationString(text)).toBe(GRAMMAR.test(text));
    },
  );

  // Mutations of valid canonical strings that must all be rejected.
  const mutation = fc.oneof(
    fc.constant((s: string) => s.slice(1)), // drop the P
    fc.constant((s: string) => s.toLowerCase()),
    fc.nat().map((k) => (s: string) => insertAt(s, k, "-")),
    fc.nat().map((k) => (s: string) => insertAt(s, k, ".5")),
    fc.nat().map((k) => (s: string) => duplicateComponent(s, k)),
    fc.constant((s: string) => `${s}T`), // a T with no time part (or a second T)
  );

  test.prop([duration, mutation])("rejects mutated valid strings", (d, mutate) => {
    const valid = formatDuration(d);
    expect(isDurationString(valid)).toBe(true);
    const mutated = mutate(valid);
    expect(() => parseDuration(mutated)).toThrow(DurationSyntaxError);
    expect(() => parseDuration(mutated)).toThrow(`Invalid ISO 8601 duration ${JSON.stringify(mutated)}: `);
  });
});

describe("formatDuration", () => {
  it.each([
    [zero, "P0D"],
    [{ ...zero, days: 90 }, "P90D"],
    [{ ...zero, weeks: 2 }, "P2W"],
    [{ ...zero, weeks: 1, days: 2 }, "P9D"],
    [{ ...zero, years: 1, weeks: 1 }, "P1Y7D"],
    [{ ...zero, hours: 36 }, "PT36H"],
    [{ years: 1, months: 2, weeks: 0, days: 10, hours: 2, minutes: 30, seconds: 5 }, "P1Y2M10DT2H30M5S"],
    [{ ...zero, months: 1, minutes: 1 }, "P1MT1M"],
  ])("formats %o as %s", (d, expected) => {
    expect(formatDuration(d)).toBe(expected);
  });

  it.each([
    { ...zero, days: -1 },
    { ...zero, months: 1.5 },
    { ...zero, seconds: Number.NaN },
  ])("refuses the invalid Duration %o", (d) => {
    expect(() => formatDuration(d)).toThrow(RangeError);
  });

  test.prop([anyDuration])("always produces a string that reparses", (d) => {
    const text = formatDuration(d);
    expect(GRAMMAR.test(text)).toBe(true);
    expect(formatDuration(parseDuration(text))).toBe(text);
  });

  test.prop([anyDuration.map((d) => ({ ...d, weeks: 0 }))])("round-trips durations without weeks", (d) => {
    expect(parseDuration(formatDuration(d))).toEqual(d);
  });

  test.prop([fc.maxSafeNat()])("round-trips weeks on their own", (weeks) => {
    expect(parseDuration(formatDuration({ ...zero, weeks }))).toEqual({ ...zero, weeks });
  });

  test.prop([duration, instant])("weeks folded into days keep the same length", (d, x) => {
    expect(addDuration(x, parseDuration(formatDuration(d)))).toEqual(addDuration(x, d));
  });
});

describe("addDuration", () => {
  it.each([
    ["2026-01-31T00:00:00.000Z", "P1M", "2026-02-28T00:00:00.000Z"],
    ["2028-01-31T00:00:00.000Z", "P1M", "2028-02-29T00:00:00.000Z"],
    ["2028-02-29T00:00:00.000Z", "P1Y", "2029-02-28T00:00:00.000Z"],
    ["2028-02-29T00:00:00.000Z", "P4Y", "2032-02-29T00:00:00.000Z"],
    ["2024-02-29T00:00:00.000Z", "P7Y", "2031-02-28T00:00:00.000Z"],
    ["2026-04-01T00:00:00.000Z", "P7Y", "2033-04-01T00:00:00.000Z"],
    ["2025-01-31T00:00:00.000Z", "P13M", "2026-02-28T00:00:00.000Z"],
    ["2026-03-31T00:00:00.000Z", "P1M", "2026-04-30T00:00:00.000Z"],
    ["2026-08-31T00:00:00.000Z", "P1M", "2026-09-30T00:00:00.000Z"],
    ["2026-12-31T00:00:00.000Z", "P2M", "2027-02-28T00:00:00.000Z"],
    ["2026-12-15T00:00:00.000Z", "P1M", "2027-01-15T00:00:00.000Z"],
    ["2099-02-28T00:00:00.000Z", "P1Y", "2100-02-28T00:00:00.000Z"],
    ["2100-01-31T00:00:00.000Z", "P1M", "2100-02-28T00:00:00.000Z"],
    ["2000-01-31T00:00:00.000Z", "P1M", "2000-02-29T00:00:00.000Z"],
    // UTC has no DST: 90 days across the European and US spring changes are 90 * 24 hours.
    ["2026-03-01T00:00:00.000Z", "P90D", "2026-05-30T00:00:00.000Z"],
    ["2026-10-15T00:00:00.000Z", "P90D", "2027-01-13T00:00:00.000Z"],
    ["2028-02-01T00:00:00.000Z", "P90D", "2028-05-01T00:00:00.000Z"],
    ["2026-05-10T12:00:00.000Z", "P30D", "2026-06-09T12:00:00.000Z"],
    ["2026-06-09T12:00:00.000Z", "P90D", "2026-09-07T12:00:00.000Z"],
    ["2026-01-01T00:00:00.000Z", "PT36H", "2026-01-02T12:00:00.000Z"],
    ["2026-01-01T23:59:59.000Z", "PT1S", "2026-01-02T00:00:00.000Z"],
    ["2026-02-20T08:00:00.000Z", "P2W", "2026-03-06T08:00:00.000Z"],
    ["2026-01-31T00:00:00.000Z", "P0D", "2026-01-31T00:00:00.000Z"],
    // Months first, then days, then time: Jan 31 + P1M is Feb 28, then + 1 day.
    ["2026-01-31T00:00:00.000Z", "P1M1D", "2026-03-01T00:00:00.000Z"],
    ["2026-01-31T00:00:00.000Z", "P1MT24H", "2026-03-01T00:00:00.000Z"],
    ["2026-01-30T00:00:00.000Z", "P1Y1M2DT3H4M5S", "2027-03-02T03:04:05.000Z"],
    // The time of day (to the millisecond) survives calendar steps.
    ["2026-01-31T17:45:12.345Z", "P1M", "2026-02-28T17:45:12.345Z"],
    ["2026-04-01T23:59:59.999Z", "P7Y", "2033-04-01T23:59:59.999Z"],
    ["2026-05-10T06:30:00.000Z", "P90D", "2026-08-08T06:30:00.000Z"],
  ])("%s + %s = %s", (from, d, expected) => {
    expect(add(from, d)).toBe(expected);
  });

  it("counts P90D as exactly 90 days of 24 hours", () => {
    const from = at("2026-03-01T00:00:00.000Z");
    expect(addDuration(from, "P90D").getTime() - from.getTime()).toBe(90 * DAY_MS);
    expect(addDuration(from, "P2W").getTime() - from.getTime()).toBe(14 * DAY_MS);
    expect(addDuration(from, "PT36H").getTime() - from.getTime()).toBe(36 * 3_600_000);
  });

  it("accepts Duration objects as well as strings", () => {
    expect(addDuration(at("2026-01-31T00:00:00.000Z"), { ...zero, months: 1 }).toISOString()).toBe(
      "2026-02-28T00:00:00.000Z",
    );
  });

  it("does not modify its argument", () => {
    const from = at("2026-01-31T00:00:00.000Z");
    addDuration(from, "P1Y2M3DT4H");
    expect(from.toISOString()).toBe("2026-01-31T00:00:00.000Z");
  });

  it("throws a RangeError on an invalid Date, a bad Duration or an out-of-range result", () => {
    expect(() => addDuration(new Date(Number.NaN), "P1D")).toThrow(RangeError);
    expect(() => addDuration(at("2026-01-01T00:00:00.000Z"), { ...zero, days: -1 })).toThrow(RangeError);
    expect(() => addDuration(at("2026-01-01T00:00:00.000Z"), "P300000Y")).toThrow(RangeError);
    expect(() => addDuration(at("2026-01-01T00:00:00.000Z"), "P9007199254740991D")).toThrow(RangeError);
    expect(() => addDuration(at("2026-01-01T00:00:00.000Z"), "P1W1D")).toThrow(DurationSyntaxError);
  });

  test.prop([instant, duration, duration])("is monotonic in the duration", (x, d1, delta) => {
    const d2 = sumDurations(d1, delta);
    expect(addDuration(x, d1).getTime()).toBeLessThanOrEqual(addDuration(x, d2).getTime());
    expect(subtractDuration(x, d1).getTime()).toBeGreaterThanOrEqual(subtractDuration(x, d2).getTime());
  });

  test.prop([instant, duration])("never lands before the instant (nor after it, subtracting)", (x, d) => {
    expect(addDuration(x, d).getTime()).toBeGreaterThanOrEqual(x.getTime());
    expect(subtractDuration(x, d).getTime()).toBeLessThanOrEqual(x.getTime());
  });

  test.prop([instant, fc.nat({ max: 200 })])("treats P12M as P1Y from any instant", (x, k) => {
    expect(addDuration(x, `P${12 * k}M`)).toEqual(addDuration(x, `P${k}Y`));
    expect(subtractDuration(x, `P${12 * k}M`)).toEqual(subtractDuration(x, `P${k}Y`));
  });

  test.prop([instant, fc.nat({ max: 100_000 })])("treats PnD as n * PT24H and PnW as P7nD", (x, k) => {
    expect(addDuration(x, `P${k}D`)).toEqual(addDuration(x, `PT${24 * k}H`));
    expect(addDuration(x, `P${k}W`)).toEqual(addDuration(x, `P${7 * k}D`));
    expect(addDuration(x, `P${k}D`).getTime() - x.getTime()).toBe(k * DAY_MS);
  });

  test.prop([instant, fc.integer({ min: -2400, max: 2400 })])(
    "moves by whole months to the same day of month, or the last day of a shorter month",
    (x, months) => {
      const result = months >= 0 ? addDuration(x, `P${months}M`) : subtractDuration(x, `P${-months}M`);
      const monthIndex = x.getUTCFullYear() * 12 + x.getUTCMonth() + months;
      expect(result.getUTCFullYear() * 12 + result.getUTCMonth()).toBe(monthIndex);
      const lastDay = new Date(Date.UTC(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 0)).getUTCDate();
      expect(result.getUTCDate()).toBe(Math.min(x.getUTCDate(), lastDay));
      expect(timeOfDay(result)).toBe(timeOfDay(x));
    },
  );

  test.prop([instant, duration])("applies months, then days, then time", (x, d) => {
    const months: Duration = { ...zero, years: d.years, months: d.months };
    const days: Duration = { ...zero, weeks: d.weeks, days: d.days };
    const time: Duration = { ...zero, hours: d.hours, minutes: d.minutes, seconds: d.seconds };
    expect(addDuration(x, d)).toEqual(addDuration(addDuration(addDuration(x, months), days), time));
    expect(subtractDuration(x, d)).toEqual(
      subtractDuration(subtractDuration(subtractDuration(x, months), days), time),
    );
  });
});

describe("subtractDuration", () => {
  it.each([
    ["2026-03-31T00:00:00.000Z", "P1M", "2026-02-28T00:00:00.000Z"],
    ["2028-03-31T00:00:00.000Z", "P1M", "2028-02-29T00:00:00.000Z"],
    ["2029-02-28T00:00:00.000Z", "P1Y", "2028-02-28T00:00:00.000Z"],
    ["2028-02-29T00:00:00.000Z", "P1Y", "2027-02-28T00:00:00.000Z"],
    ["2031-02-28T00:00:00.000Z", "P7Y", "2024-02-28T00:00:00.000Z"],
    ["2033-04-01T00:00:00.000Z", "P7Y", "2026-04-01T00:00:00.000Z"],
    ["2026-02-28T00:00:00.000Z", "P13M", "2025-01-28T00:00:00.000Z"],
    ["2027-03-31T00:00:00.000Z", "P13M", "2026-02-28T00:00:00.000Z"],
    ["2026-05-30T00:00:00.000Z", "P90D", "2026-03-01T00:00:00.000Z"],
    ["2026-01-02T12:00:00.000Z", "PT36H", "2026-01-01T00:00:00.000Z"],
    ["2026-03-06T08:00:00.000Z", "P2W", "2026-02-20T08:00:00.000Z"],
    ["2026-03-31T17:45:12.345Z", "P1M", "2026-02-28T17:45:12.345Z"],
    ["2026-03-31T00:00:00.000Z", "P1M1D", "2026-02-27T00:00:00.000Z"],
  ])("%s - %s = %s", (from, d, expected) => {
    expect(sub(from, d)).toBe(expected);
  });

  it("does not invert a clamped month step", () => {
    expect(sub(add("2026-01-31T00:00:00.000Z", "P1M"), "P1M")).toBe("2026-01-28T00:00:00.000Z");
  });

  it("throws a RangeError on an invalid Date", () => {
    expect(() => subtractDuration(new Date("not a date"), "P1D")).toThrow(RangeError);
  });

  test.prop([instant, fc.nat({ max: 100_000 }), fc.nat({ max: 10_000_000 })])(
    "undoes adding days, weeks and time exactly",
    (x, days, seconds) => {
      const d: Duration = { ...zero, days, seconds };
      expect(subtractDuration(addDuration(x, d), d)).toEqual(x);
      expect(addDuration(subtractDuration(x, d), d)).toEqual(x);
      expect(subtractDuration(addDuration(x, `P${days}D`), `P${days}D`)).toEqual(x);
      expect(subtractDuration(addDuration(x, `P${days % 10_000}W`), `P${days % 10_000}W`)).toEqual(x);
    },
  );

  test.prop([instant, fc.nat({ max: 2400 })])("never overshoots when undoing months", (x, months) => {
    const back = subtractDuration(addDuration(x, `P${months}M`), `P${months}M`);
    expect(back.getTime()).toBeLessThanOrEqual(x.getTime());
    expect(back.getUTCFullYear()).toBe(x.getUTCFullYear());
    expect(back.getUTCMonth()).toBe(x.getUTCMonth());
  });
});

describe("compareDurations", () => {
  it.each([
    ["P1Y", "P12M", 0],
    ["P1D", "PT24H", 0],
    ["P2W", "P14D", 0],
    ["P7Y", "P84M", 0],
    ["P30D", "P90D", -1],
    ["P13M", "P1Y", 1],
    ["PT0S", "P0D", 0],
  ])("compare(%s, %s) = %i", (a, b, expected) => {
    expect(compareDurations(a, b)).toBe(expected);
  });

  it("depends on the anchor for months against days", () => {
    // From Jan 1 a month is 31 days; from Feb 1, 2026 it is 28.
    expect(compareDurations("P1M", "P30D", at("2026-01-01T00:00:00.000Z"))).toBe(1);
    expect(compareDurations("P1M", "P30D", at("2026-02-01T00:00:00.000Z"))).toBe(-1);
    expect(compareDurations("P1M", "P30D", at("2026-04-01T00:00:00.000Z"))).toBe(0);
    // The default anchor is 2000-01-01, where P1M is 31 days.
    expect(compareDurations("P1M", "P31D")).toBe(0);
  });

  test.prop([duration, duration, instant])("is antisymmetric", (a, b, x) => {
    expect(compareDurations(a, b, x)).toBe(-compareDurations(b, a, x) || 0);
    expect(compareDurations(a, a, x)).toBe(0);
  });
});

describe("sumDurations", () => {
  it("adds unit by unit without normalising", () => {
    expect(sumDurations("P30D", "P90D")).toEqual({ ...zero, days: 120 });
    expect(sumDurations("P11M", "P1M")).toEqual({ ...zero, months: 12 });
    expect(sumDurations("P1Y2M3DT4H5M6S", "P2W", { ...zero, seconds: 54 })).toEqual({
      years: 1,
      months: 2,
      weeks: 2,
      days: 3,
      hours: 4,
      minutes: 5,
      seconds: 60,
    });
    expect(sumDurations()).toEqual(zero);
  });

  it("refuses sums beyond the safe integers", () => {
    expect(() => sumDurations("P9007199254740991D", "P1D")).toThrow(RangeError);
  });
});

function timeOfDay(date: Date): number {
  return ((date.getTime() % DAY_MS) + DAY_MS) % DAY_MS;
}

function insertAt(s: string, k: number, piece: string): string {
  const i = k % (s.length + 1);
  return s.slice(0, i) + piece + s.slice(i);
}

// Repeats one component in place ("P1Y2D" -> "P1Y1Y2D"): the unit then appears twice.
function duplicateComponent(s: string, k: number): string {
  const components = [...s.matchAll(/[0-9]+[A-Z]/g)];
  const chosen = components[k % components.length];
  if (chosen === undefined) return `${s}${s}`;
  const end = chosen.index + chosen[0].length;
  return s.slice(0, end) + chosen[0] + s.slice(end);
}
