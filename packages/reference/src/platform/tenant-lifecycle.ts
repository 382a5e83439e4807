import { addDuration, type Policy, purgeWindow, retentionSchedule } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";

/** The closure events of a tenant: when the account was closed and when the subscription ended. */
export interface ClosureEvents {
  closedAt: Date | null;
  subscriptionEndedAt: Date | null;
}

/**
 * Whichever came first of closure and subscription end starts the export window (the policy's
 * `parameters.exportWindow`); Customer Data is due to be gone by the latest purge deadline of the rules
 * that count from those events without a legal hold (for CRM Factory, the `crm` rule's).
 */
export function closureDeadlines(policy: Policy, events: ClosureEvents) {
  const started = [events.closedAt, events.subscriptionEndedAt].filter((d): d is Date => d !== null);
  if (started.length === 0) return { exportWindowEndsAt: null, deletionDueAt: null };
  const anchor = new Date(Math.min(...started.map((d) => d.getTime())));
  const times = {
    ...(events.closedAt ? { accountClosed: events.closedAt } : {}),
    ...(events.subscriptionEndedAt ? { subscriptionEnded: events.subscriptionEndedAt } : {}),
  };
  let deletionDueAt: Date | null = null;
  for (const rule of retentionSchedule(policy)) {
    if (rule.hold) continue;
    const anchored = rule.anchors.some((a) => {
      const event = typeof a === "string" ? a : a.event;
      return event === "accountClosed" || event === "subscriptionEnded";
    });
    if (!anchored) continue;
    const window = purgeWindow(rule, times, policy.parameters.sweepTolerance);
    if (window && (!deletionDueAt || window.purgeDue > deletionDueAt)) deletionDueAt = window.purgeDue;
  }
  return { exportWindowEndsAt: addDuration(anchor, policy.parameters.exportWindow), deletionDueAt };
}

/** Writes a tenant's closure state: export-only while either event stands, active otherwise. */
export async function writeClosureState(
  tx: Queryable,
  policy: Policy,
  tenantId: string,
  events: ClosureEvents,
) {
  const { exportWindowEndsAt, deletionDueAt } = closureDeadlines(policy, events);
  await tx.query(
    `UPDATE catalog.tenants SET closed_at = $2, subscription_ended_at = $3,
       subscription_status = CASE WHEN $3::timestamptz IS NULL THEN 'active' ELSE 'ended' END,
       status = CASE WHEN $4::timestamptz IS NULL THEN 'active' ELSE 'export-only' END,
       export_window_ends_at = $4, deletion_due_at = $5
     WHERE id = $1`,
    [tenantId, events.closedAt, events.subscriptionEndedAt, exportWindowEndsAt, deletionDueAt],
  );
  return { exportWindowEndsAt, deletionDueAt };
}
