import { roleAllows } from "@crmfactory/taxonomy";
import type { Queryable } from "../../database/database.js";
import type { TenantRecord } from "../../platform/tenant-records.js";
import { emitCallbackEvent } from "../callback-delivery.js";
import { type EmailKind, sendEmail } from "../messaging-vendors.js";
import type { Platform } from "../operation-group.js";
import type { RightsRequestRow, RightsStatus } from "./rights-store.js";

export interface RightsOrigin {
  tx: Queryable;
  platform: Platform;
  tenant: TenantRecord;
  now: Date;
}

export type RightsChange =
  | "filed"
  | "code-sent"
  | "verified"
  | "extended"
  | "completed"
  | "denied"
  | "cancelled"
  | "closed-unverified";

/** The thin, signed `rightsRequest.updated` callback: ids, kind and statuses only, never personal data. */
export function emitRightsChange(
  origin: RightsOrigin,
  row: Pick<RightsRequestRow, "id" | "kind" | "status">,
  previousStatus: RightsStatus | null,
  change: RightsChange,
) {
  return emitCallbackEvent(
    origin.tx,
    { tenantId: origin.tenant.id, now: origin.now, jobs: origin.platform.jobs },
    {
      type: "rightsRequest.updated",
      data: {
        object: "rights-request",
        id: row.id,
        kind: row.kind,
        status: row.status,
        previousStatus,
        change,
      },
    },
  );
}

/** The account email of a user's own request, read now (never copied into the request). */
export async function requesterEmail(
  tx: Queryable,
  row: Pick<RightsRequestRow, "subject_type" | "subject_id">,
): Promise<string | undefined> {
  if (row.subject_type !== "user") return undefined;
  const [user] = await tx.query<{ email: string }>("SELECT email FROM users WHERE id = $1", [row.subject_id]);
  return user?.email;
}

/** The tenant's administrators: its users whose role may manage the workspace's rights requests. */
export async function administratorEmails(origin: RightsOrigin): Promise<string[]> {
  const users = await origin.tx.query<{ email: string; role: string }>(
    "SELECT email, role FROM users ORDER BY created_at, id",
  );
  return users.filter((u) => roleAllows(origin.platform.policy, u.role, "rights:manage")).map((u) => u.email);
}

/** One email about a request, tagged with its kind and the request's id (the contract's email profile). */
export async function emailAbout(
  origin: RightsOrigin,
  row: Pick<RightsRequestRow, "id">,
  to: string,
  email: { kind: EmailKind; subject: string; body: string; code?: string },
): Promise<void> {
  await sendEmail(
    { platform: origin.platform, tenantId: origin.tenant.id, tx: origin.tx },
    { to, ref: row.id, ...email },
  );
}

/**
 * Tells the requester of a user's own request (the account email); answers when, or `null` when there
 * is no such account to write to (a request about an unknown address, a user since removed).
 */
export async function tellRequester(
  origin: RightsOrigin,
  row: RightsRequestRow,
  email: { kind: EmailKind; subject: string; body: string },
): Promise<Date | null> {
  const to = await requesterEmail(origin.tx, row);
  if (!to) return null;
  await emailAbout(origin, row, to, email);
  return origin.now;
}
