/** The wall clock the reference reads outside test clocks; replaceable (tests, the suite's faults). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** RFC 3339 UTC with milliseconds, as every timestamp of the contract. */
export function timestamp(date: Date): string {
  return date.toISOString();
}

export function nullableTimestamp(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}
