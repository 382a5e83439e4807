import { addDuration } from "./duration.js";

/** An event that can start a retention clock, e.g. "collected", "accountClosed", "invoiceIssued". */
export type AnchorEvent = string;

/** When a retention rule's data must still be available, and when it must be gone. */
export interface RetentionClock {
  /** Events that start the clock; when several happened, the earliest counts ("whichever comes first"). */
  anchors: readonly AnchorEvent[];
  /** Minimum availability from the anchor: the data must not be gone one instant before anchor + keepFor. Optional (default: nothing promised beyond the anchor event itself). */
  keepFor?: string;
  /** Purge deadline: the data is gone by (start + purgeWithin), start being the anchor or the end of keepFor. */
  purgeWithin: string;
  purgeCountsFrom: "anchor" | "keepForEnd";
}

/** The times at which anchor events happened; an absent event has not happened (yet). */
export type AnchorTimes = Partial<Record<AnchorEvent, Date>>;

/** The interval in which a purge is compliant: not before `earliest`, and by `latest` at the latest. */
export interface PurgeWindow {
  earliest: Date;
  latest: Date;
}

/** Thrown when a clock promises availability beyond its own purge deadline. */
export class InconsistentRetentionClockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InconsistentRetentionClockError";
  }
}

/** The instant the clock started: the earliest of its anchor events that happened, if any did. */
export function anchorTime(clock: RetentionClock, events: AnchorTimes): Date | undefined {
  let earliest: Date | undefined;
  for (const event of clock.anchors) {
    const at = events[event];
    if (at === undefined) continue;
    if (Number.isNaN(at.getTime())) throw new RangeError(`Anchor event "${event}" has an invalid Date`);
    if (earliest === undefined || at.getTime() < earliest.getTime()) earliest = at;
  }
  return earliest === undefined ? undefined : new Date(earliest.getTime());
}

/** The end of the availability promise: anchor + keepFor, or the anchor itself when nothing is promised. */
export function availableUntil(clock: RetentionClock, anchor: Date): Date {
  if (clock.keepFor === undefined) {
    if (Number.isNaN(anchor.getTime())) throw new RangeError("The anchor is an invalid Date");
    return new Date(anchor.getTime());
  }
  return addDuration(anchor, clock.keepFor);
}

/**
 * The purge deadline. For "keepForEnd" the durations are applied one after the other (keepFor, then
 * purgeWithin), never as their sum: month-end clamping makes the two differ (Jan 31 + P1M + P1M is
 * Mar 28, Jan 31 + P2M is Mar 31), and the policy counts the purge from the end of the window.
 * A "keepForEnd" clock without keepFor counts from the anchor.
 */
export function deadline(clock: RetentionClock, anchor: Date): Date {
  const start = clock.purgeCountsFrom === "keepForEnd" ? availableUntil(clock, anchor) : anchor;
  return addDuration(start, clock.purgeWithin);
}

/** True once the purge deadline has passed (`now >= deadline`); the sweep tolerance is not included. */
export function isDue(clock: RetentionClock, anchor: Date, now: Date): boolean {
  return now.getTime() >= deadline(clock, anchor).getTime();
}

/**
 * When the data may and must be purged, or undefined while no anchor event has happened (the data is
 * kept indefinitely). `earliest` is the end of the availability promise, which gets no tolerance;
 * `latest` is the deadline plus the sweep tolerance (a policy parameter, `P1D` by default there), since
 * purges run periodically. Throws InconsistentRetentionClockError when, for this anchor, the promise
 * outlasts the deadline (possible only with purgeCountsFrom "anchor").
 */
export function purgeWindow(
  clock: RetentionClock,
  events: AnchorTimes,
  tolerance: string,
): PurgeWindow | undefined {
  const anchor = anchorTime(clock, events);
  if (anchor === undefined) return undefined;
  const earliest = availableUntil(clock, anchor);
  const due = deadline(clock, anchor);
  if (earliest.getTime() > due.getTime()) {
    throw new InconsistentRetentionClockError(
      `Retention clock keeps data until ${earliest.toISOString()} (keepFor ${clock.keepFor}) but must purge ` +
        `it by ${due.toISOString()} (purgeWithin ${clock.purgeWithin} from the anchor ${anchor.toISOString()})`,
    );
  }
  return { earliest, latest: addDuration(due, tolerance) };
}

/**
 * The due date of a rights request: `duration` (e.g. the policy's 30 days, or 45 in total with an
 * extension) from verification for user requests, or from filing for tenant-filed ones.
 */
export function requestDueAt(receivedOrVerifiedAt: Date, duration: string): Date {
  return addDuration(receivedOrVerifiedAt, duration);
}
