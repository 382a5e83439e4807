import type { Queryable } from "../database/database.js";
import { ProblemError } from "../platform/problem.js";
import { emailStatus, textStatus } from "./messaging-vendors.js";
import type { Platform } from "./operation-group.js";

/** What a message row holds of its delivery. */
export interface DeliveryRow {
  id: string;
  direction: "outbound" | "inbound";
  status: string;
  provider_id: string;
  provider_external_id: string;
  sent_at: Date | null;
}

const settled = new Set(["delivered", "failed"]);

/**
 * Follows an outbound message's delivery at its provider: Twilio's Message resource for SMS and WhatsApp,
 * Resend's email for email. The contract has no operation to receive the providers' status callbacks,
 * so the reference polls when a message that has not settled is read, and keeps what it learns (a
 * settled status never changes again). A provider that cannot be reached leaves the stored status:
 * reading a message does not fail because its provider is down.
 */
export async function followDelivery<Row extends DeliveryRow>(
  origin: { platform: Platform; tenantId: string; tx: Queryable },
  row: Row,
  now: Date,
): Promise<Row> {
  if (row.direction !== "outbound" || settled.has(row.status)) return row;
  let status: string | null;
  try {
    status =
      row.provider_id === "twilio"
        ? await textStatus(origin, row.provider_external_id)
        : row.provider_id === "resend"
          ? await emailStatus(origin, row.provider_external_id)
          : null;
  } catch (error) {
    if (error instanceof ProblemError && error.slug === "unavailable") return row;
    throw error;
  }
  // A provider never moves a message back (sent to queued): only a later status is kept.
  const order = ["queued", "sent", "delivered", "failed"];
  if (status === null || order.indexOf(status) <= order.indexOf(row.status)) return row;
  const [updated] = await origin.tx.query<Row>(
    "UPDATE messages SET status = $2, sent_at = COALESCE(sent_at, $3) WHERE id = $1 RETURNING *",
    [row.id, status, now],
  );
  return updated ?? row;
}
