import type { Queryable } from "../../database/database.js";
import type { Migration } from "../../database/migrate.js";
import { nullableTimestamp, timestamp } from "../../platform/clock.js";
import type { SubjectRef } from "../../platform/inventory.js";
import { problem } from "../../platform/problem.js";
import type { PrivacyActor } from "../../privacy/privacy-parts.js";

export type RightsStatus = "received" | "verifying" | "in_progress" | "completed" | "denied" | "cancelled";

/** Statuses after which nothing more happens to a request (§9: answered, refused or withdrawn). */
export const endedStatuses: readonly RightsStatus[] = ["completed", "denied", "cancelled"];

export interface RightsDetails {
  description: string | null;
  changes: { field: string; value: string | number | boolean | null }[];
  processing: string[];
  channels: string[];
}

export interface RightsRequestRow {
  id: string;
  kind: string;
  regime: "gdpr" | "ccpa";
  role: "controller" | "processor";
  subject_type: "user" | "contact";
  subject_id: string;
  filed_by: PrivacyActor;
  /** The user who filed it (own request, or a tenant-filed one); `null` for the privacy address. */
  filer_user_id: string | null;
  status: RightsStatus;
  details: RightsDetails;
  verification_method: "email-code" | "tenant-vouched";
  sent_to: string | null;
  code_hash: string | null;
  code_salt: string | null;
  code_sent_at: Date | null;
  code_expires_at: Date | null;
  code_failures: number;
  /** How many times the code was sent again after the first (capped by `verificationCodeResends`). */
  code_resends: number;
  window_ends_at: Date | null;
  received_at: Date;
  verified_at: Date | null;
  due_at: Date | null;
  extended_due_at: Date | null;
  extension: Record<string, unknown> | null;
  denial: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  channel: "session" | "privacy-address" | "tenant";
  export_id: string | null;
  receipt_id: string | null;
  updated_at: Date;
}

export function subjectOf(row: Pick<RightsRequestRow, "subject_type" | "subject_id">): SubjectRef {
  return row.subject_type === "user"
    ? { type: "user", userId: row.subject_id }
    : { type: "contact", contactId: row.subject_id };
}

/** The contract's `RightsRequest`; never the code or its hash. */
export function rightsRequestView(row: RightsRequestRow, tenant: { id: string; testClockId: string | null }) {
  return {
    id: row.id,
    tenantId: tenant.id,
    kind: row.kind,
    regime: row.regime,
    role: row.role,
    subject: subjectOf(row),
    filedBy: row.filed_by,
    status: row.status,
    details: row.details,
    verification: {
      method: row.verification_method,
      sentTo: row.sent_to,
      codeSentAt: nullableTimestamp(row.code_sent_at),
      codeExpiresAt: nullableTimestamp(row.code_expires_at),
      windowEndsAt: nullableTimestamp(row.window_ends_at),
    },
    receivedAt: timestamp(row.received_at),
    verifiedAt: nullableTimestamp(row.verified_at),
    dueAt: nullableTimestamp(row.due_at),
    extendedDueAt: nullableTimestamp(row.extended_due_at),
    extension: row.extension,
    denial: row.denial,
    result: row.result,
    completedAt: nullableTimestamp(row.completed_at),
    cancelledAt: nullableTimestamp(row.cancelled_at),
    channel: row.channel,
    testClockId: tenant.testClockId,
    updatedAt: timestamp(row.updated_at),
  };
}

/** The request, locked for the rest of the transaction, or `undefined`. */
export async function lockRightsRequest(tx: Queryable, id: string): Promise<RightsRequestRow | undefined> {
  const [row] = await tx.query<RightsRequestRow>("SELECT * FROM rights_requests WHERE id = $1 FOR UPDATE", [
    id,
  ]);
  return row;
}

export async function requireRightsRequest(tx: Queryable, id: string): Promise<RightsRequestRow> {
  const row = await lockRightsRequest(tx, id);
  if (!row) throw problem("not-found", "No rights request of this tenant has this id.");
  return row;
}

/** Writes the given columns (names are this module's, never input) and answers the new row. */
export async function updateRightsRequest(
  tx: Queryable,
  id: string,
  changes: Partial<Omit<RightsRequestRow, "id">>,
): Promise<RightsRequestRow> {
  const jsonColumns = new Set(["filed_by", "details", "extension", "denial", "result"]);
  const entries = Object.entries(changes);
  const sets = entries.map(([column], index) =>
    jsonColumns.has(column) ? `${column} = $${index + 2}::jsonb` : `${column} = $${index + 2}`,
  );
  const values = entries.map(([column, value]) =>
    jsonColumns.has(column) && value !== null ? JSON.stringify(value) : value,
  );
  const [row] = await tx.query<RightsRequestRow>(
    `UPDATE rights_requests SET ${sets.join(", ")} WHERE id = $1 RETURNING *`,
    [id, ...values],
  );
  if (!row) throw new Error(`rights request ${id} vanished while locked`);
  return row;
}

/** Masks an address for `verification.sentTo`: the first character of the local part and the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

export const rightsTenantMigrations: readonly Migration[] = [
  {
    id: "rights-requests/001-rights-requests",
    // One row per request. The subject is linked by id (`subject_type`, `subject_id`) without a foreign
    // key: a request outlives the user or contact it concerns (it is the proof it was answered, §9).
    // Only a salted SHA-256 of the current one-time code is kept, never the code.
    sql: (s) => `
      CREATE TABLE ${s}.rights_requests (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        regime text NOT NULL,
        role text NOT NULL CHECK (role IN ('controller', 'processor')),
        subject_type text NOT NULL CHECK (subject_type IN ('user', 'contact')),
        subject_id uuid NOT NULL,
        filed_by jsonb NOT NULL,
        filer_user_id uuid,
        status text NOT NULL,
        details jsonb NOT NULL,
        verification_method text NOT NULL,
        sent_to text,
        code_hash text,
        code_salt text,
        code_sent_at timestamptz,
        code_expires_at timestamptz,
        code_failures integer NOT NULL DEFAULT 0,
        window_ends_at timestamptz,
        received_at timestamptz NOT NULL,
        verified_at timestamptz,
        due_at timestamptz,
        extended_due_at timestamptz,
        extension jsonb,
        denial jsonb,
        result jsonb,
        completed_at timestamptz,
        cancelled_at timestamptz,
        channel text NOT NULL,
        export_id uuid,
        receipt_id uuid,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX rights_requests_received ON ${s}.rights_requests (received_at, id);
      CREATE INDEX rights_requests_subject ON ${s}.rights_requests (subject_type, subject_id);
    `,
  },
  {
    id: "rights-requests/002-code-resends",
    // Resends are counted per request so they can be capped; wrong codes already are (`code_failures`).
    sql: (s) => `ALTER TABLE ${s}.rights_requests ADD COLUMN code_resends integer NOT NULL DEFAULT 0;`,
  },
];

export const rightsCatalogueMigrations: readonly Migration[] = [
  {
    id: "rights-requests/001-request-index",
    // Which tenant holds a request, so the operator's decisions (`/platform/rights-requests/{id}`) find
    // it without scanning every schema; ids and roles only, no personal data.
    sql: (s) => `
      CREATE TABLE ${s}.rights_request_index (
        request_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        role text NOT NULL
      );
      CREATE INDEX rights_request_index_tenant ON ${s}.rights_request_index (tenant_id, role);
    `,
  },
];
