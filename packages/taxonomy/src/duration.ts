/**
 * ISO 8601 durations and calendar-correct arithmetic on UTC instants.
 *
 * Accepted syntax (strict, the basic format of ISO 8601-1:2019 §5.5.2.4, unsigned integers only):
 *
 *   P[nY][nM][nD][T[nH][nM][nS]]   with at least one component, units in this order, each at most once
 *   PnW                            weeks stand alone
 *
 * Weeks do not combine with other units: ISO 8601-1 and RFC 3339 (appendix A) both give `PnW` as its
 * own form, and a policy that says "P1W2D" is better written "P9D". `P0D` (and any other all-zero form
 * such as `PT0S` or `P0W`) is the zero duration. Rejected, each with its own message: empty input, no
 * leading `P`, a bare `P`, `T` with no time part, units out of order or repeated, date units after `T`
 * or time units before it, signs, fractions, leading zeros, lowercase designators, unknown units,
 * whitespace, the alternative format (`P0001-02-03`) and values beyond `Number.MAX_SAFE_INTEGER`.
 */

/** A duration as written: every field a non-negative integer, nothing normalised. */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Thrown by `parseDuration` when the text is not a duration this module accepts. */
export class DurationSyntaxError extends Error {
  readonly input: string;

  constructor(input: string, problem: string) {
    super(`Invalid ISO 8601 duration ${JSON.stringify(input)}: ${problem}`);
    this.name = "DurationSyntaxError";
    this.input = input;
  }
}

type Unit = keyof Duration;

// Units in the order ISO 8601 writes them; the rank enforces that order. Weeks sit between months and
// days (the order of ISO 8601-2 and Temporal), although they never share a string with other units.
const DATE_UNITS: Readonly<Record<string, { unit: Unit; rank: number }>> = {
  Y: { unit: "years", rank: 0 },
  M: { unit: "months", rank: 1 },
  W: { unit: "weeks", rank: 2 },
  D: { unit: "days", rank: 3 },
};
const TIME_UNITS: Readonly<Record<string, { unit: Unit; rank: number }>> = {
  H: { unit: "hours", rank: 4 },
  M: { unit: "minutes", rank: 5 },
  S: { unit: "seconds", rank: 6 },
};
const UNITS: readonly Unit[] = ["years", "months", "weeks", "days", "hours", "minutes", "seconds"];

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
// A calendar day in UTC is always 24 hours: no time-zone offsets, and JavaScript time has no leap seconds.
const MS_PER_DAY = 24 * MS_PER_HOUR;

const isDigit = (ch: string): boolean => ch >= "0" && ch <= "9";

/** Parses an ISO 8601 duration such as `P90D`, `P13M`, `P7Y`, `P2W`, `PT36H` or `P1Y2M10DT2H30M5S`. */
export function parseDuration(text: string): Duration {
  function fail(problem: string): never {
    throw new DurationSyntaxError(text, problem);
  }
  // Explains a character that is neither a digit nor a designator where one was expected.
  function failOn(ch: string): never {
    if (ch === "-") fail("negative values and the alternative format (PYYYY-MM-DD) are not allowed");
    if (ch === "+") fail("signs are not allowed");
    if (ch === "." || ch === ",") fail("fractional values are not allowed");
    if (/\s/.test(ch)) fail("whitespace is not allowed");
    fail(`unexpected character ${JSON.stringify(ch)}`);
  }

  if (text === "") fail("the string is empty");
  if (text.trim() !== text) fail("leading or trailing whitespace is not allowed");
  if (/[a-z]/.test(text)) {
    const upper = text.toUpperCase();
    fail(
      isDurationString(upper)
        ? `designators must be uppercase; write ${JSON.stringify(upper)}`
        : "designators must be uppercase",
    );
  }
  if (text[0] === "-") fail("negative durations are not allowed");
  if (text[0] === "+") fail("signs are not allowed");
  if (text[0] !== "P") fail('a duration must start with "P"');
  if (text.length === 1) fail('"P" must be followed by at least one component, e.g. "P0D"');

  const duration = zeroDuration();
  const seen = new Set<Unit>();
  let lastRank = -1;
  let lastDesignator = "";
  let inTime = false;
  let i = 1;

  while (i < text.length) {
    const ch = text[i] as string;

    if (ch === "T") {
      if (inTime) fail('"T" appears twice');
      inTime = true;
      i += 1;
      if (i === text.length) fail('"T" must be followed by at least one of H, M or S');
      continue;
    }
    if (!isDigit(ch)) {
      if (ch in DATE_UNITS || ch in TIME_UNITS) fail(`unit "${ch}" must be preceded by a number`);
      failOn(ch);
    }

    const start = i;
    while (i < text.length && isDigit(text[i] as string)) i += 1;
    const digits = text.slice(start, i);
    const designator = text[i];
    if (designator === undefined || designator === "T") fail(`the number ${digits} has no unit designator`);

    const spec = inTime ? TIME_UNITS[designator] : DATE_UNITS[designator];
    if (spec === undefined) {
      if (inTime && designator in DATE_UNITS) fail(`date unit "${designator}" must come before "T"`);
      if (!inTime && designator in TIME_UNITS) fail(`time unit "${designator}" must follow "T"`);
      if (/^[A-Z]$/.test(designator)) fail(`unknown unit "${designator}"`);
      failOn(designator);
    }
    if (digits.length > 1 && digits[0] === "0") fail(`leading zeros are not allowed (${digits})`);
    const value = Number(digits);
    if (!Number.isSafeInteger(value)) fail(`the value ${digits} exceeds ${Number.MAX_SAFE_INTEGER}`);

    const { unit, rank } = spec;
    if (seen.has(unit)) fail(`unit "${designator}" (${unit}) appears twice`);
    if (rank < lastRank) fail(`unit "${designator}" (${unit}) must come before "${lastDesignator}"`);
    seen.add(unit);
    lastRank = rank;
    lastDesignator = designator;
    duration[unit] = value;
    i += 1;
  }

  if (seen.has("weeks") && seen.size > 1) {
    fail('weeks cannot be combined with other units; convert them to days (e.g. "P1W2D" is "P9D")');
  }
  return duration;
}

/** True when `parseDuration` accepts the text. */
export function isDurationString(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch (error) {
    if (error instanceof DurationSyntaxError) return false;
    throw error;
  }
}

/**
 * The canonical text of a duration: zero units omitted, the zero duration as `P0D`. Weeks are
 * written as `PnW` when they are the only non-zero unit; otherwise they are folded into days (a week
 * is 7 calendar days, and `addDuration` adds weeks and days together), because the accepted syntax
 * does not let weeks share a string with other units. So `parseDuration(formatDuration(d))` equals `d`
 * whenever weeks stand alone or are zero, and is always the same length of time from any instant.
 */
export function formatDuration(d: Duration): string {
  assertDuration(d);
  const onlyWeeks = UNITS.every((unit) => unit === "weeks" || d[unit] === 0);
  if (d.weeks > 0 && onlyWeeks) return `P${d.weeks}W`;

  const days = d.days + d.weeks * 7;
  if (!Number.isSafeInteger(days)) {
    throw new RangeError(`Cannot format a duration of ${d.weeks} weeks and ${d.days} days as days`);
  }
  const part = (value: number, designator: string): string => (value === 0 ? "" : `${value}${designator}`);
  const date = part(d.years, "Y") + part(d.months, "M") + part(days, "D");
  const time = part(d.hours, "H") + part(d.minutes, "M") + part(d.seconds, "S");
  if (date === "" && time === "") return "P0D";
  return `P${date}${time === "" ? "" : `T${time}`}`;
}

/**
 * Adds a duration to a UTC instant, the way Temporal does it: years and months first, as one month
 * count, then weeks and days as calendar days (24 hours each in UTC), then hours, minutes and seconds.
 * The time of day is preserved by the calendar steps.
 *
 * Month-end rule: when the target month is shorter than the starting day-of-month, the result is
 * clamped to the target month's last day (Jan 31 + P1M = Feb 28, or Feb 29 in a leap year; Feb 29 2028
 * + P1Y = Feb 28 2029). This is Temporal's `overflow: "constrain"` and how legal deadlines are usually
 * reckoned: a deadline expressed in months never spills into the following month.
 */
export function addDuration(instant: Date, duration: Duration | string): Date {
  return shift(instant, duration, 1);
}

/**
 * Subtracts a duration from a UTC instant: the mirror of `addDuration`, in the same order (months,
 * then days, then time) and with the same month-end clamp (Mar 31 - P1M = Feb 28). Month steps do not
 * invert each other: Jan 31 + P1M - P1M is Jan 28.
 */
export function subtractDuration(instant: Date, duration: Duration | string): Date {
  return shift(instant, duration, -1);
}

/**
 * Orders two durations by where they land from `relativeTo` (default 2000-01-01T00:00Z): -1, 0 or 1.
 * Calendar units have no fixed length, so the answer can depend on the anchor: P1M is shorter than
 * P30D from Feb 1 and longer from Jan 1; pass the anchor the comparison is about.
 */
export function compareDurations(
  a: Duration | string,
  b: Duration | string,
  relativeTo: Date = new Date(Date.UTC(2000, 0, 1)),
): -1 | 0 | 1 {
  const diff = addDuration(relativeTo, a).getTime() - addDuration(relativeTo, b).getTime();
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

/** Adds durations unit by unit, without normalising (P11M + P1M is P12M, not P1Y). */
export function sumDurations(...durations: readonly (Duration | string)[]): Duration {
  const total = zeroDuration();
  for (const item of durations) {
    const d = toDuration(item);
    for (const unit of UNITS) total[unit] += d[unit];
  }
  assertDuration(total);
  return total;
}

function zeroDuration(): Duration {
  return { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
}

function toDuration(duration: Duration | string): Duration {
  if (typeof duration === "string") return parseDuration(duration);
  assertDuration(duration);
  return duration;
}

// Duration objects come from callers too (the policy data, JSON): check them as strictly as the text.
function assertDuration(d: Duration): void {
  for (const unit of UNITS) {
    const value = d[unit];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`Duration ${unit} must be a non-negative safe integer, got ${String(value)}`);
    }
  }
}

function shift(instant: Date, duration: Duration | string, sign: 1 | -1): Date {
  const start = instant.getTime();
  if (Number.isNaN(start)) throw new RangeError("Cannot shift an invalid Date");
  const d = toDuration(duration);

  const afterMonths = addMonths(instant, sign * (d.years * 12 + d.months));
  const afterDays = afterMonths + sign * (d.weeks * 7 + d.days) * MS_PER_DAY;
  const timeMs = d.hours * MS_PER_HOUR + d.minutes * MS_PER_MINUTE + d.seconds * MS_PER_SECOND;
  const result = new Date(afterDays + sign * timeMs);

  if (Number.isNaN(result.getTime())) {
    const verb = sign === 1 ? "Adding" : "Subtracting";
    throw new RangeError(
      `${verb} ${formatDuration(d)} ${sign === 1 ? "to" : "from"} ${instant.toISOString()} leaves the range of Date`,
    );
  }
  return result;
}

// Returns epoch milliseconds (NaN when out of range) so that the caller checks the range once.
function addMonths(instant: Date, months: number): number {
  if (months === 0) return instant.getTime();
  const total = instant.getUTCFullYear() * 12 + instant.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(instant.getUTCDate(), daysInMonth(year, month));
  const result = new Date(instant.getTime());
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999, and keeps the time of day.
  result.setUTCFullYear(year, month, day);
  return result.getTime();
}

function daysInMonth(year: number, month: number): number {
  if (month === 1) return isLeapYear(year) ? 29 : 28;
  return month === 3 || month === 5 || month === 8 || month === 10 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
