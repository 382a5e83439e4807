import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { addDuration, formatDuration } from "./duration.js";
import { describeSpan, durationDifferenceRange } from "./duration-range.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

// The independent oracle: addDuration applied step by step from one anchor.
function landOf(anchor: Date, sequence: readonly string[]): number {
  return sequence.reduce((at, d) => addDuration(at, d), anchor).getTime();
}
const differenceAt = (anchor: Date, a: readonly string[], b: readonly string[]) =>
  landOf(anchor, a) - landOf(anchor, b);

describe("durationDifferenceRange", () => {
  it("finds P1M between two days shorter and one day longer than P30D", () => {
    const range = durationDifferenceRange("P1M", "P30D");
    expect(range.least).toBe(-2 * DAY);
    expect(range.most).toBe(1 * DAY);
    expect(differenceAt(range.leastAt, ["P1M"], ["P30D"])).toBe(range.least);
    expect(differenceAt(range.mostAt, ["P1M"], ["P30D"])).toBe(range.most);
    expect(range.mostAt.toISOString()).toBe("2000-01-01T00:00:00.000Z");
  });

  it("sees the century rule, which a four-year cycle misses", () => {
    // Four years hold one leap day, except across a century that is not a leap year (2100).
    const range = durationDifferenceRange("P4Y", "P1461D");
    expect(range.most).toBe(0);
    expect(range.least).toBe(-DAY);
    expect(range.leastAt.getTime()).toBeGreaterThan(Date.UTC(2096, 1, 1));
    expect(range.leastAt.getTime()).toBeLessThan(Date.UTC(2100, 2, 1));
    expect(differenceAt(range.leastAt, ["P4Y"], ["P1461D"])).toBe(-DAY);
  });

  it("applies a sequence step by step, which differs from the sum", () => {
    // From Jan 31: + P1M is Feb 28 (or 29), + P1M again is Mar 28; P2M is Mar 31.
    const range = durationDifferenceRange(["P1M", "P1M"], "P2M");
    expect(range.most).toBe(0);
    expect(range.least).toBe(-3 * DAY);
    expect(differenceAt(range.leastAt, ["P1M", "P1M"], ["P2M"])).toBe(-3 * DAY);
  });

  it("tries the times of day where a sub-day step carries the date into the next month", () => {
    // 2001-02-28T12:00 + PT12H is Mar 1, + P1M is Apr 1; + P1M alone is Mar 28 12:00.
    const range = durationDifferenceRange(["PT12H", "P1M"], "P1M");
    expect(range.most).toBe(3 * DAY + 12 * HOUR);
    expect(range.mostAt.getUTCHours()).toBe(12);
    expect(differenceAt(range.mostAt, ["PT12H", "P1M"], ["P1M"])).toBe(range.most);
  });

  it("is one value from every anchor when the months match or are absent", () => {
    expect(durationDifferenceRange("P7Y", "P7Y")).toMatchObject({ least: 0, most: 0 });
    expect(durationDifferenceRange("P1M2D", "P1M")).toMatchObject({ least: 2 * DAY, most: 2 * DAY });
    expect(durationDifferenceRange(["P30D", "P90D"], "PT2880H")).toMatchObject({
      least: 0,
      most: 0,
    });
    expect(durationDifferenceRange("P45D", "P30D")).toMatchObject({ least: 15 * DAY, most: 15 * DAY });
  });

  it("gives fresh dates, so a caller cannot change a cached answer", () => {
    durationDifferenceRange("P1M", "P30D").leastAt.setTime(0);
    expect(durationDifferenceRange("P1M", "P30D").leastAt.getTime()).not.toBe(0);
  });

  const duration = fc
    .record({
      years: fc.nat({ max: 3 }),
      months: fc.nat({ max: 14 }),
      weeks: fc.constant(0),
      days: fc.nat({ max: 62 }),
      hours: fc.constantFrom(0, 0, 6, 12, 30),
      minutes: fc.constant(0),
      seconds: fc.constant(0),
    })
    .map(formatDuration);
  const sequence = fc.array(duration, { minLength: 1, maxLength: 2 });
  const anchor = fc.date({
    min: new Date(Date.UTC(1900, 0, 1)),
    max: new Date(Date.UTC(2500, 0, 1)),
    noInvalidDate: true,
  });

  test.prop([sequence, sequence, fc.array(anchor, { minLength: 1, maxLength: 20 })], { numRuns: 30 })(
    "holds the difference from every anchor, and reaches both bounds",
    (a, b, anchors) => {
      const range = durationDifferenceRange(a, b);
      for (const at of anchors) {
        const diff = differenceAt(at, a, b);
        expect(diff).toBeGreaterThanOrEqual(range.least);
        expect(diff).toBeLessThanOrEqual(range.most);
      }
      expect(differenceAt(range.leastAt, a, b)).toBe(range.least);
      expect(differenceAt(range.mostAt, a, b)).toBe(range.most);
    },
  );
});

describe("describeSpan", () => {
  it.each([
    [2 * DAY, "2 days"],
    [DAY, "1 day"],
    [-DAY, "1 day"],
    [36 * HOUR, "36 hours"],
    [90 * 60_000, "90 minutes"],
    [1500, "1500 ms"],
  ])("%d ms reads %s", (ms, words) => {
    expect(describeSpan(ms)).toBe(words);
  });
});
