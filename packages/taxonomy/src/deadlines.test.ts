import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  type AnchorTimes,
  anchorTime,
  availableUntil,
  deadline,
  InconsistentRetentionClockError,
  isDue,
  isLate,
  mustBeAvailable,
  purgeWindow,
  type RetentionClock,
  requestDueAt,
} from "./deadlines.js";
import { addDuration, formatDuration, sumDurations } from "./duration.js";

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date | undefined): string | undefined => date?.toISOString();
const TOLERANCE = "P1D";

// Shapes of the policy's rules (the numbers here are test inputs, not the policy's parameters).
const crm: RetentionClock = {
  anchors: ["accountClosed", "subscriptionEnded"],
  keepFor: "P30D",
  purgeWithin: "P90D",
  purgeCountsFrom: "keepForEnd",
};
const billing: RetentionClock = {
  anchors: ["invoiceIssued"],
  keepFor: "P7Y",
  purgeWithin: "P7Y",
  purgeCountsFrom: "anchor",
};
const telemetryRaw: RetentionClock = {
  anchors: ["collected"],
  purgeWithin: "P90D",
  purgeCountsFrom: "anchor",
};
const integration: RetentionClock = {
  anchors: ["integrationDisconnected"],
  purgeWithin: "P0D",
  purgeCountsFrom: "anchor",
};

describe("anchorTime", () => {
  it("takes the earliest anchor event that happened (whichever comes first)", () => {
    const events: AnchorTimes = {
      accountClosed: at("2026-07-01T00:00:00.000Z"),
      subscriptionEnded: at("2026-05-10T12:00:00.000Z"),
    };
    expect(iso(anchorTime(crm, events))).toBe("2026-05-10T12:00:00.000Z");
    expect(iso(anchorTime(crm, { accountClosed: at("2026-07-01T00:00:00.000Z") }))).toBe(
      "2026-07-01T00:00:00.000Z",
    );
  });

  it("ignores events that are not anchors of the clock", () => {
    const events: AnchorTimes = { collected: at("2020-01-01T00:00:00.000Z") };
    expect(anchorTime(crm, events)).toBeUndefined();
    expect(anchorTime(crm, {})).toBeUndefined();
  });

  it("rejects an invalid Date", () => {
    expect(() => anchorTime(crm, { accountClosed: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe("availableUntil, deadline and isDue", () => {
  it("computes a CRM-style clock: keepFor, then purgeWithin from its end", () => {
    const closed = at("2026-05-10T12:00:00.000Z");
    expect(iso(availableUntil(crm, closed))).toBe("2026-06-09T12:00:00.000Z");
    expect(iso(deadline(crm, closed))).toBe("2026-09-07T12:00:00.000Z");
    expect(isDue(crm, closed, at("2026-09-07T11:59:59.999Z"))).toBe(false);
    expect(isDue(crm, closed, at("2026-09-07T12:00:00.000Z"))).toBe(true);
  });

  it("counts a billing-style clock from the anchor, across leap days", () => {
    expect(iso(availableUntil(billing, at("2026-04-01T00:00:00.000Z")))).toBe("2033-04-01T00:00:00.000Z");
    expect(iso(deadline(billing, at("2026-04-01T00:00:00.000Z")))).toBe("2033-04-01T00:00:00.000Z");
    expect(iso(deadline(billing, at("2028-02-29T09:00:00.000Z")))).toBe("2035-02-28T09:00:00.000Z");
  });

  it("promises nothing beyond the anchor without keepFor", () => {
    const collected = at("2026-01-15T08:00:00.000Z");
    expect(iso(availableUntil(telemetryRaw, collected))).toBe("2026-01-15T08:00:00.000Z");
    expect(iso(deadline(telemetryRaw, collected))).toBe("2026-04-15T08:00:00.000Z");
    expect(iso(deadline({ ...telemetryRaw, purgeCountsFrom: "keepForEnd" }, collected))).toBe(
      "2026-04-15T08:00:00.000Z",
    );
  });

  it("applies keepFor and purgeWithin in sequence, which differs from their sum", () => {
    const monthly: RetentionClock = {
      anchors: ["periodEnded"],
      keepFor: "P1M",
      purgeWithin: "P1M",
      purgeCountsFrom: "keepForEnd",
    };
    const periodEnd = at("2026-01-31T00:00:00.000Z");
    // Jan 31 + P1M is clamped to Feb 28, and the second month counts from there.
    expect(iso(deadline(monthly, periodEnd))).toBe("2026-03-28T00:00:00.000Z");
    expect(iso(addDuration(periodEnd, sumDurations("P1M", "P1M")))).toBe("2026-03-31T00:00:00.000Z");

    const window: RetentionClock = { ...monthly, keepFor: "P30D", purgeWithin: "P1M" };
    const closed = at("2026-01-01T00:00:00.000Z");
    // Jan 1 + 30 days is Jan 31, + P1M is Feb 28; the sum P1M30D would give Feb 1 + 30 days = Mar 3.
    expect(iso(deadline(window, closed))).toBe("2026-02-28T00:00:00.000Z");
    expect(iso(addDuration(closed, sumDurations("P30D", "P1M")))).toBe("2026-03-03T00:00:00.000Z");
  });

  it("makes data due at the anchor itself for a zero duration", () => {
    const disconnected = at("2026-06-01T10:00:00.000Z");
    expect(iso(deadline(integration, disconnected))).toBe("2026-06-01T10:00:00.000Z");
    expect(isDue(integration, disconnected, disconnected)).toBe(true);
  });

  it("rejects malformed durations in a clock", () => {
    expect(() => deadline({ ...crm, purgeWithin: "90 days" }, at("2026-01-01T00:00:00.000Z"))).toThrow(
      /Invalid ISO 8601 duration "90 days"/,
    );
  });
});

describe("purgeWindow", () => {
  const ms = (date: Date) => new Date(date.getTime() - 1);

  it("spans [anchor, availableUntil) for availability and lateAt = purgeDue + tolerance for a CRM-style clock", () => {
    const window = purgeWindow(crm, { accountClosed: at("2026-05-10T12:00:00.000Z") }, TOLERANCE);
    expect(window && Object.fromEntries(Object.entries(window).map(([k, v]) => [k, iso(v)]))).toEqual({
      anchor: "2026-05-10T12:00:00.000Z",
      availableUntil: "2026-06-09T12:00:00.000Z",
      purgeDue: "2026-09-07T12:00:00.000Z",
      lateAt: "2026-09-08T12:00:00.000Z",
    });
  });

  it("is half-open at both edges: available until availableUntil - 1 ms, late from lateAt on", () => {
    const window = purgeWindow(crm, { accountClosed: at("2026-05-10T12:00:00.000Z") }, TOLERANCE);
    if (window === undefined) throw new Error("no window");
    expect(mustBeAvailable(window, window.anchor)).toBe(true);
    expect(mustBeAvailable(window, ms(window.availableUntil))).toBe(true);
    expect(mustBeAvailable(window, window.availableUntil)).toBe(false);
    expect(isLate(window, window.purgeDue)).toBe(false);
    expect(isLate(window, ms(window.lateAt))).toBe(false);
    expect(isLate(window, window.lateAt)).toBe(true);
    expect(iso(ms(window.lateAt))).toBe("2026-09-08T11:59:59.999Z");
  });

  it("starts the clock at whichever anchor came first", () => {
    const window = purgeWindow(
      crm,
      {
        accountClosed: at("2026-08-01T00:00:00.000Z"),
        subscriptionEnded: at("2026-05-10T12:00:00.000Z"),
      },
      TOLERANCE,
    );
    expect(iso(window?.anchor)).toBe("2026-05-10T12:00:00.000Z");
    expect(iso(window?.availableUntil)).toBe("2026-06-09T12:00:00.000Z");
    expect(iso(window?.lateAt)).toBe("2026-09-08T12:00:00.000Z");
  });

  it("is undefined while no anchor event happened: the data is kept", () => {
    expect(purgeWindow(crm, {}, TOLERANCE)).toBeUndefined();
    expect(purgeWindow(crm, { invoiceIssued: at("2026-01-01T00:00:00.000Z") }, TOLERANCE)).toBeUndefined();
  });

  it("keeps billing data seven years from the invoice date", () => {
    const window = purgeWindow(billing, { invoiceIssued: at("2026-04-01T00:00:00.000Z") }, TOLERANCE);
    expect(iso(window?.availableUntil)).toBe("2033-04-01T00:00:00.000Z");
    expect(iso(window?.purgeDue)).toBe("2033-04-01T00:00:00.000Z");
    expect(iso(window?.lateAt)).toBe("2033-04-02T00:00:00.000Z");
  });

  it("promises nothing and allows only the tolerance for data purged on an event", () => {
    const disconnected = at("2026-06-01T10:00:00.000Z");
    const window = purgeWindow(integration, { integrationDisconnected: disconnected }, TOLERANCE);
    if (window === undefined) throw new Error("no window");
    expect(iso(window.availableUntil)).toBe("2026-06-01T10:00:00.000Z");
    expect(mustBeAvailable(window, disconnected)).toBe(false);
    expect(iso(window.purgeDue)).toBe("2026-06-01T10:00:00.000Z");
    expect(iso(window.lateAt)).toBe("2026-06-02T10:00:00.000Z");
    expect(iso(purgeWindow(integration, { integrationDisconnected: disconnected }, "PT6H")?.lateAt)).toBe(
      "2026-06-01T16:00:00.000Z",
    );
  });

  it("throws when the availability promise outlasts the deadline", () => {
    const broken: RetentionClock = {
      anchors: ["collected"],
      keepFor: "P1Y",
      purgeWithin: "P90D",
      purgeCountsFrom: "anchor",
    };
    expect(() => purgeWindow(broken, { collected: at("2026-01-01T00:00:00.000Z") }, TOLERANCE)).toThrow(
      InconsistentRetentionClockError,
    );
    // P1M against P30D is consistent or not depending on the anchor's month.
    const edge: RetentionClock = {
      anchors: ["collected"],
      keepFor: "P1M",
      purgeWithin: "P30D",
      purgeCountsFrom: "anchor",
    };
    expect(iso(purgeWindow(edge, { collected: at("2026-02-01T00:00:00.000Z") }, TOLERANCE)?.lateAt)).toBe(
      "2026-03-04T00:00:00.000Z",
    );
    expect(() => purgeWindow(edge, { collected: at("2026-03-01T00:00:00.000Z") }, TOLERANCE)).toThrow(
      /keeps data until 2026-04-01T00:00:00.000Z .* by 2026-03-31T00:00:00.000Z/,
    );
  });
});

describe("requestDueAt", () => {
  it("counts rights deadlines from verification", () => {
    const verified = at("2026-01-20T15:30:00.000Z");
    expect(iso(requestDueAt(verified, "P30D"))).toBe("2026-02-19T15:30:00.000Z");
    expect(iso(requestDueAt(verified, "P45D"))).toBe("2026-03-06T15:30:00.000Z");
  });
});

describe("properties", () => {
  const instant = fc.date({
    min: new Date(Date.UTC(1970, 0, 1)),
    max: new Date(Date.UTC(2200, 0, 1)),
    noInvalidDate: true,
  });
  const durationText = fc
    .record({
      years: fc.nat({ max: 10 }),
      months: fc.nat({ max: 30 }),
      weeks: fc.constant(0),
      days: fc.nat({ max: 400 }),
      hours: fc.nat({ max: 48 }),
      minutes: fc.constant(0),
      seconds: fc.constant(0),
    })
    .map(formatDuration);
  const clock: fc.Arbitrary<RetentionClock> = fc.record(
    {
      anchors: fc.constant(["accountClosed", "subscriptionEnded"] as const),
      keepFor: durationText,
      purgeWithin: durationText,
      purgeCountsFrom: fc.constantFrom("anchor" as const, "keepForEnd" as const),
    },
    { requiredKeys: ["anchors", "purgeWithin", "purgeCountsFrom"] },
  );
  const events: fc.Arbitrary<AnchorTimes> = fc.record(
    { accountClosed: instant, subscriptionEnded: instant, collected: instant },
    { requiredKeys: [] },
  );

  test.prop([clock, events])(
    "the purge deadline is never before the end of the availability promise",
    (c, e) => {
      let window: ReturnType<typeof purgeWindow>;
      try {
        window = purgeWindow(c, e, TOLERANCE);
      } catch (error) {
        // Only a clock counting from the anchor can promise availability past its deadline.
        expect(error).toBeInstanceOf(InconsistentRetentionClockError);
        expect(c.purgeCountsFrom).toBe("anchor");
        return;
      }
      const anchor = anchorTime(c, e);
      if (anchor === undefined) {
        expect(window).toBeUndefined();
        return;
      }
      expect(window).toBeDefined();
      if (window === undefined) return;
      expect(window.anchor).toEqual(anchor);
      expect(window.purgeDue).toEqual(deadline(c, anchor));
      expect(window.purgeDue.getTime()).toBeGreaterThanOrEqual(window.availableUntil.getTime());
      expect(window.lateAt.getTime()).toBeGreaterThanOrEqual(window.purgeDue.getTime());
      expect(window.availableUntil.getTime()).toBeGreaterThanOrEqual(anchor.getTime());
      expect(isDue(c, anchor, window.lateAt)).toBe(true);
    },
  );

  test.prop([clock, instant, instant])("the earliest anchor wins whatever the order", (c, a, b) => {
    const first = a.getTime() <= b.getTime() ? a : b;
    expect(anchorTime(c, { accountClosed: a, subscriptionEnded: b })).toEqual(first);
    expect(anchorTime(c, { accountClosed: b, subscriptionEnded: a })).toEqual(first);
  });

  test.prop([clock, instant, fc.nat({ max: 10 * 366 * 86_400_000 })])(
    "isDue flips exactly once, at the deadline",
    (c, anchor, elapsed) => {
      const due = deadline(c, anchor);
      const now = new Date(anchor.getTime() + elapsed);
      expect(isDue(c, anchor, now)).toBe(now.getTime() >= due.getTime());
      expect(isDue(c, anchor, due)).toBe(true);
      expect(isDue(c, anchor, new Date(due.getTime() - 1))).toBe(false);
    },
  );
});
