import { describe, expect, it } from "vitest";
import { type AnchorTimes, anchorTime, deadline, purgeWindow } from "../deadlines.js";
import { crmFactoryPolicy } from "./policy.js";

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date | undefined): string | undefined => date?.toISOString();

describe("an anchor the policy implies after another event", () => {
  // RET-INTEGRATION: closure stops syncing, and the end of the export window disconnects.
  const rule = crmFactoryPolicy.retention.integration!;
  const tolerance = crmFactoryPolicy.parameters.sweepTolerance;
  const window = (events: AnchorTimes) => {
    const w = purgeWindow(rule, events, tolerance);
    return w && { anchor: iso(w.anchor), purgeDue: iso(w.purgeDue), lateAt: iso(w.lateAt) };
  };
  const disconnected = at("2026-06-01T10:00:00.000Z");
  const closed = at("2026-05-10T12:00:00.000Z");

  it("encodes closure and subscription end plus the export window as anchors of the integration clock", () => {
    expect(rule.anchors).toEqual([
      "integrationDisconnected",
      { event: "accountClosed", after: crmFactoryPolicy.parameters.exportWindow },
      { event: "subscriptionEnded", after: crmFactoryPolicy.parameters.exportWindow },
    ]);
  });

  it("purges at the disconnection when only that happened", () => {
    expect(window({ integrationDisconnected: disconnected })).toEqual({
      anchor: "2026-06-01T10:00:00.000Z",
      purgeDue: "2026-06-01T10:00:00.000Z",
      lateAt: "2026-06-02T10:00:00.000Z",
    });
  });

  it("purges at the end of the export window when the account closed without a disconnection", () => {
    expect(window({ accountClosed: closed })).toEqual({
      anchor: "2026-06-09T12:00:00.000Z",
      purgeDue: "2026-06-09T12:00:00.000Z",
      lateAt: "2026-06-10T12:00:00.000Z",
    });
    expect(window({ subscriptionEnded: closed })?.purgeDue).toBe("2026-06-09T12:00:00.000Z");
  });

  it("takes whichever comes first when both happened", () => {
    // Disconnected 22 days after closure: before the window ends.
    expect(window({ accountClosed: closed, integrationDisconnected: disconnected })?.purgeDue).toBe(
      "2026-06-01T10:00:00.000Z",
    );
    // Disconnected after the window ended: the window's end already disconnected it.
    expect(
      window({ accountClosed: closed, integrationDisconnected: at("2026-07-01T00:00:00.000Z") })?.purgeDue,
    ).toBe("2026-06-09T12:00:00.000Z");
  });

  it("keeps the data while the integration is connected and the account open", () => {
    expect(window({})).toBeUndefined();
    expect(anchorTime(rule, { collected: closed })).toBeUndefined();
  });

  it("is computed by the deadline maths from the anchor it yields", () => {
    const anchor = anchorTime(rule, { accountClosed: closed });
    expect(iso(anchor && deadline(rule, anchor))).toBe("2026-06-09T12:00:00.000Z");
  });
});
