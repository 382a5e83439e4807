import { addDuration } from "./duration.js";

/** An event that can start a retention clock, e.g. "collected", "accountClosed", "invoiceIssued". */
export type AnchorEvent = string;

/**
 * What can start a clock: an event at the instant it happened, or an event the policy implies a
 * delay after another (`{ event: "accountClosed", after: "P30D" }`: the end of the export window).
 */
export type ClockAnchor = AnchorEvent | { readonly event: AnchorEvent; readonly after: string };

/** When a retention rule's data must still be available, and when it must be gone. */
export interface RetentionClock {
  /** What starts the clock; when several happened, the earliest instant counts ("whichever comes first"). */
  anchors: readonly ClockAnchor[];
  /** Minimum availability from the anchor: the data must not be gone one instant before anchor + keepFor. Optional (default: nothing promised beyond the anchor event itself). */
  keepFor?: string;
  /** Purge deadline: the data is gone by (start + purgeWithin), start being the anchor or the end of keepFor. */
  purgeWithin: string;
  purgeCountsFrom: "anchor" | "keepForEnd";
}

/** The times at which anchor events happened; an absent event has not happened (yet). */
export type AnchorTimes = Partial<Record<AnchorEvent, Date>>;

/**
 * The instants that decide whether a clock's data was kept and purged as promised. Every interval is
 * half-open: data promised available is there on `[anchor, availableUntil)`; it may be purged on
 * `[availableUntil, lateAt)`; a purge is late when anything remains at `lateAt` or after.
 */
export interface PurgeWindow {
  /** The instant the clock started: the earliest of its anchor events that happened. */
  anchor: Date;
  /** The end (exclusive) of the availability promise; equal to `anchor` when nothing is promised. No tolerance applies. */
  availableUntil: Date;
  /** The purge deadline: the data is due to be gone at this instant. */
  purgeDue: Date;
  /** `purgeDue` plus the sweep tolerance: the first instant at which remaining data makes the purge late. */
  lateAt: Date;
}

/** Thrown when a clock promises availability beyond its own purge deadline. */
export class InconsistentRetentionClockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InconsistentRetentionClockError";
  }
}

/**
 * The instant the clock started: the earliest of its anchors whose event happened (each plus its
 * delay), or undefined when none did.
 */
export function anchorTime(clock: RetentionClock, events: AnchorTimes): Date | undefined {
  let earliest: Date | undefined;
  for (const anchor of clock.anchors) {
    const event = typeof anchor === "string" ? anchor : anchor.event;
    const happened = events[event];
    if (happened === undefined) continue;
    if (Number.isNaN(happened.getTime())) throw new RangeError(`Anchor event "${event}" has an invalid Date`);
    const at = typeof anchor === "string" ? happened : addDuration(happened, anchor.after);
    if (earliest === undefined || at.getTime() < earliest.getTime()) earliest = at;
  }
  return earliest === undefined ? undefined : new Date(earliest.getTime());
}

/** The event an anchor waits for. */
export function anchorEvent(anchor: ClockAnchor): AnchorEvent {
  return typeof anchor === "string" ? anchor : anchor.event;
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
 * The purge window of a clock, or undefined while none of its anchor events has happened (the data is
 * kept). `availableUntil` gets no tolerance; `lateAt` is the deadline plus the sweep tolerance (a policy
 * parameter, `P1D` in CRM Factory's policy), since purges run periodically. Throws
 * InconsistentRetentionClockError when, for this anchor, the promise outlasts the deadline (possible
 * only with purgeCountsFrom "anchor"; `definePolicy` refuses such rules for every anchor).
 */
export function purgeWindow(
  clock: RetentionClock,
  events: AnchorTimes,
  tolerance: string,
): PurgeWindow | undefined {
  const anchor = anchorTime(clock, events);
  if (anchor === undefined) return undefined;
  const until = availableUntil(clock, anchor);
  const purgeDue = deadline(clock, anchor);
  if (until.getTime() > purgeDue.getTime()) {
    throw new InconsistentRetentionClockError(
      `Retention clock keeps data until ${until.toISOString()} (keepFor ${clock.keepFor}) but must purge ` +
        `it by ${purgeDue.toISOString()} (purgeWithin ${clock.purgeWithin} from the anchor ${anchor.toISOString()})`,
    );
  }
  return { anchor, availableUntil: until, purgeDue, lateAt: addDuration(purgeDue, tolerance) };
}

/** True while data under this window is promised to be available: `instant < availableUntil`. */
export function mustBeAvailable(window: PurgeWindow, instant: Date): boolean {
  return instant.getTime() < window.availableUntil.getTime();
}

/** True when data that still remains at `instant` makes the purge late: `instant >= lateAt`. */
export function isLate(window: PurgeWindow, instant: Date): boolean {
  return instant.getTime() >= window.lateAt.getTime();
}

/**
 * The due date of a rights request: `duration` (e.g. the policy's 30 days, or 45 in total with an
 * extension) from verification for user requests, or from filing for tenant-filed ones.
 */
export function requestDueAt(receivedOrVerifiedAt: Date, duration: string): Date {
  return addDuration(receivedOrVerifiedAt, duration);
}
