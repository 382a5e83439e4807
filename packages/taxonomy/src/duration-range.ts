import { type Duration, parseDuration } from "./duration.js";

/** One duration, or several applied one after the other (as `keepFor`, then `purgeWithin`). */
export type DurationSequence = Duration | string | readonly (Duration | string)[];

/** How far apart two calendar offsets land, over every possible anchor. */
export interface DurationDifferenceRange {
  /** The least of `(anchor + a) - (anchor + b)` in milliseconds. */
  least: number;
  /** The most of `(anchor + a) - (anchor + b)` in milliseconds. */
  most: number;
  /** The first anchor (counting from 2000-01-01T00:00Z) where `least` occurs. */
  leastAt: Date;
  /** The first anchor (counting from 2000-01-01T00:00Z) where `most` occurs. */
  mostAt: Date;
}

const MS_PER_DAY = 86_400_000;
// The Gregorian calendar repeats every 400 years (146,097 days), and `addDuration` works on UTC
// calendar dates, so the difference of two offsets takes every value it can take within one cycle.
const CYCLE_START_YEAR = 2000;
const CYCLE_YEARS = 400;

/**
 * The range of `(anchor + a) - (anchor + b)` over every anchor instant, exactly: month-end clamping and
 * leap years (century rules included) make calendar durations differ by anchor, so P1M is shorter
 * than P30D from February 1 and longer from January 1. Without months or years the difference is the
 * same from every anchor and no calendar is consulted; otherwise every day of a 400-year cycle is tried,
 * at each time of day where a sub-day step could carry the date over midnight before a month step.
 */
export function durationDifferenceRange(a: DurationSequence, b: DurationSequence): DurationDifferenceRange {
  const stepsA = steps(a);
  const stepsB = steps(b);
  const key = `${stepsA.map(stepKey).join(",")}|${stepsB.map(stepKey).join(",")}`;
  const cached = cache.get(key);
  if (cached) return copy(cached);
  const result = dependsOnCalendar(stepsA, stepsB)
    ? scanCycle(stepsA, stepsB)
    : constantDifference(stepsA, stepsB);
  cache.set(key, result);
  return copy(result);
}

/** "2 days", "36 hours", "90 minutes", "1500 ms": a span in the largest unit that divides it. */
export function describeSpan(ms: number): string {
  const magnitude = Math.abs(ms);
  const units: [number, string][] = [
    [MS_PER_DAY, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
    [1000, "second"],
  ];
  for (const [size, unit] of units) {
    if (magnitude % size === 0 && magnitude >= size) {
      const n = magnitude / size;
      return `${n} ${unit}${n === 1 ? "" : "s"}`;
    }
  }
  return `${magnitude} ms`;
}

interface Step {
  months: number;
  days: number;
  timeMs: number;
}

const cache = new Map<string, DurationDifferenceRange>();

function copy(range: DurationDifferenceRange): DurationDifferenceRange {
  return { ...range, leastAt: new Date(range.leastAt), mostAt: new Date(range.mostAt) };
}

function steps(sequence: DurationSequence): Step[] {
  const list = Array.isArray(sequence) ? sequence : [sequence as Duration | string];
  return list.map((item) => {
    const d = typeof item === "string" ? parseDuration(item) : item;
    return {
      months: d.years * 12 + d.months,
      days: d.weeks * 7 + d.days,
      timeMs: ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000,
    };
  });
}

function stepKey(s: Step): string {
  return `${s.months}M${s.days}D${s.timeMs}`;
}

// Only month steps depend on the calendar, and two sequences whose only month step is the same first
// step land on the same date before their days and times differ.
function dependsOnCalendar(a: Step[], b: Step[]): boolean {
  const laterMonths = (list: Step[]) => list.slice(1).some((s) => s.months !== 0);
  if (laterMonths(a) || laterMonths(b)) return true;
  return (a[0]?.months ?? 0) !== (b[0]?.months ?? 0);
}

function constantDifference(a: Step[], b: Step[]): DurationDifferenceRange {
  const length = (list: Step[]) => list.reduce((sum, s) => sum + s.days * MS_PER_DAY + s.timeMs, 0);
  const diff = length(a) - length(b);
  const at = new Date(Date.UTC(CYCLE_START_YEAR, 0, 1));
  return { least: diff, most: diff, leastAt: at, mostAt: new Date(at) };
}

function scanCycle(a: Step[], b: Step[]): DurationDifferenceRange {
  const times = timesOfDay([a, b]);
  const first = CYCLE_FIRST_DAY;
  const last = CYCLE_FIRST_DAY + CYCLE_DAYS;
  let least = Number.POSITIVE_INFINITY;
  let most = Number.NEGATIVE_INFINITY;
  let leastAt = 0;
  let mostAt = 0;
  for (let day = first; day < last; day++) {
    for (let t = 0; t < times.length; t++) {
      const time = times[t] as number;
      const diff = land(day, time, a) - land(day, time, b);
      if (diff < least) {
        least = diff;
        leastAt = day * MS_PER_DAY + time;
      }
      if (diff > most) {
        most = diff;
        mostAt = day * MS_PER_DAY + time;
      }
    }
  }
  return { least, most, leastAt: new Date(leastAt), mostAt: new Date(mostAt) };
}

// The date a sequence reaches depends on the anchor's time of day only where the time parts carried
// so far cross midnight; trying midnight and each crossing point covers every case.
function timesOfDay(sequences: Step[][]): number[] {
  const times = new Set<number>([0]);
  for (const sequence of sequences) {
    let carried = 0;
    for (const step of sequence) {
      carried = (carried + step.timeMs) % MS_PER_DAY;
      if (carried !== 0) times.add(MS_PER_DAY - carried);
    }
  }
  return [...times].sort((x, y) => x - y);
}

// Applies the steps as addDuration does (months with the month-end clamp, then days, then time) and
// returns the landing instant in epoch milliseconds relative to the same origin as the anchor.
function land(anchorDay: number, anchorTime: number, sequence: Step[]): number {
  let day = anchorDay;
  let time = anchorTime;
  for (let i = 0; i < sequence.length; i++) {
    const step = sequence[i] as Step;
    if (step.months !== 0) day = addMonths(day, step.months);
    day += step.days;
    if (step.timeMs !== 0) {
      time += step.timeMs;
      day += Math.floor(time / MS_PER_DAY);
      time %= MS_PER_DAY;
    }
  }
  return day * MS_PER_DAY + time;
}

// Calendar tables for one 400-year cycle, built on first use: for each day its year (within the
// cycle), month and date; for each month its first day and length. Dates outside the cycle map into it.
interface CalendarTables {
  year: Int16Array;
  month: Uint8Array;
  date: Uint8Array;
  start: Int32Array;
  length: Uint8Array;
}
let calendar: CalendarTables | undefined;
const CYCLE_DAYS = 146_097;
const CYCLE_FIRST_DAY = Date.UTC(CYCLE_START_YEAR, 0, 1) / MS_PER_DAY;

function calendarTables(): CalendarTables {
  if (calendar) return calendar;
  const tables = {
    year: new Int16Array(CYCLE_DAYS),
    month: new Uint8Array(CYCLE_DAYS),
    date: new Uint8Array(CYCLE_DAYS),
    start: new Int32Array(CYCLE_YEARS * 12),
    length: new Uint8Array(CYCLE_YEARS * 12),
  };
  let day = 0;
  for (let year = 0; year < CYCLE_YEARS; year++) {
    for (let month = 0; month < 12; month++) {
      const length = daysInMonth(CYCLE_START_YEAR + year, month);
      tables.start[year * 12 + month] = day;
      tables.length[year * 12 + month] = length;
      for (let date = 1; date <= length; date++, day++) {
        tables.year[day] = year;
        tables.month[day] = month;
        tables.date[day] = date;
      }
    }
  }
  calendar = tables;
  return tables;
}

// The month step of addDuration on a day number (days since 1970-01-01), with the month-end clamp.
function addMonths(day: number, months: number): number {
  const { year, month, date, start, length } = calendar ?? calendarTables();
  const offset = day - CYCLE_FIRST_DAY;
  const era = Math.floor(offset / CYCLE_DAYS);
  const index = offset - era * CYCLE_DAYS;
  const total = (year[index] as number) * 12 + (month[index] as number) + months;
  const targetEra = Math.floor(total / (CYCLE_YEARS * 12));
  const target = total - targetEra * CYCLE_YEARS * 12;
  const clamped = Math.min(date[index] as number, length[target] as number);
  return CYCLE_FIRST_DAY + (era + targetEra) * CYCLE_DAYS + (start[target] as number) + clamped - 1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 1) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 3 || month === 5 || month === 8 || month === 10 ? 30 : 31;
}
