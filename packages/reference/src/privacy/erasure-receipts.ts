import type { Queryable } from "../database/database.js";
import type { Migration } from "../database/migrate.js";
import { nullableTimestamp, timestamp } from "../platform/clock.js";
import type { SubjectRef } from "../platform/inventory.js";
import type { ErasedItems, ErasureSource, PrivacyActor } from "./privacy-parts.js";

/**
 * Erasure receipts and what starts them (early deletions, reports of a child's data). A receipt names
 * its subject by id only; what was erased is described by category, location, type and count, never by
 * a value of the subject, so the receipt itself holds nothing the erasure removed.
 */
export const erasureMigration: Migration = {
  id: "erasure/001-receipts-deletions-minor-reports",
  sql: (s) => `
    CREATE TABLE ${s}.erasure_receipts (
      id uuid PRIMARY KEY,
      source_type text NOT NULL CHECK (source_type IN ('rights-request', 'deletion', 'minor-report')),
      source_id uuid NOT NULL,
      subject jsonb,
      records jsonb NOT NULL DEFAULT '[]'::jsonb,
      status text NOT NULL CHECK (status IN ('in_progress', 'completed')),
      requested_by jsonb NOT NULL,
      requested_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      completed_at timestamptz,
      deleted jsonb NOT NULL DEFAULT '[]'::jsonb,
      retained jsonb NOT NULL DEFAULT '[]'::jsonb,
      not_deletable jsonb NOT NULL DEFAULT '[]'::jsonb,
      suppressed jsonb NOT NULL DEFAULT '[]'::jsonb,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX erasure_receipts_created ON ${s}.erasure_receipts (created_at, id);
    CREATE INDEX erasure_receipts_source ON ${s}.erasure_receipts (source_type, source_id);
    CREATE TABLE ${s}.deletions (
      id uuid PRIMARY KEY,
      targets jsonb NOT NULL,
      reason text,
      requested_by jsonb NOT NULL,
      receipt_id uuid NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX deletions_created ON ${s}.deletions (created_at, id);
    CREATE TABLE ${s}.minor_reports (
      id uuid PRIMARY KEY,
      subject jsonb NOT NULL,
      note text,
      reported_by jsonb NOT NULL,
      receipt_id uuid NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX minor_reports_created ON ${s}.minor_reports (created_at, id);
  `,
};

export interface ReceiptRow {
  id: string;
  source_type: ErasureSource["type"];
  source_id: string;
  subject: SubjectRef | null;
  records: { type: string; id: string }[];
  status: "in_progress" | "completed";
  requested_by: PrivacyActor;
  requested_at: Date;
  due_at: Date;
  completed_at: Date | null;
  deleted: (ErasedItems & { deletedAt: string })[];
  retained: RetainedLine[];
  not_deletable: NotDeletableLine[];
  suppressed: SuppressedLine[];
  created_at: Date;
}

export interface RetainedLine {
  category: string;
  location: ErasedItems["location"];
  recordType: string;
  count: number;
  legalBasis: string;
  retentionRule: string;
  reason: string;
  retainedUntil: string;
  deletableThroughVendorApi: boolean;
}

export interface NotDeletableLine {
  category: string;
  location: { type: "subprocessor"; subprocessorId: string; service: string };
  recordType: string;
  count: number;
  reason: string;
}

export interface SuppressedLine {
  identifier: "email" | "phone" | "integration-record-id";
  count: number;
  form: "hmac-sha256";
  legalBasis: string;
  purpose: string;
}

/** The contract's `ErasureReceipt`. */
export function receiptView(row: ReceiptRow, tenantId: string) {
  return {
    id: row.id,
    tenantId,
    source: { type: row.source_type, id: row.source_id },
    subject: row.subject,
    status: row.status,
    requestedAt: timestamp(row.requested_at),
    dueAt: timestamp(row.due_at),
    completedAt: nullableTimestamp(row.completed_at),
    deleted: row.deleted,
    retained: row.retained,
    notDeletable: row.not_deletable,
    suppressedIdentifiers: row.suppressed,
  };
}

export async function findReceipt(tx: Queryable, id: string, lock = false): Promise<ReceiptRow | undefined> {
  const [row] = await tx.query<ReceiptRow>(
    `SELECT * FROM erasure_receipts WHERE id = $1${lock ? " FOR UPDATE" : ""}`,
    [id],
  );
  return row;
}

/** Receipts' status and completion by id, for the deletions and minor reports that point at them. */
export async function receiptStates(tx: Queryable, ids: readonly string[]) {
  const rows = await tx.query<Pick<ReceiptRow, "id" | "status" | "due_at" | "completed_at">>(
    "SELECT id, status, due_at, completed_at FROM erasure_receipts WHERE id = ANY($1::uuid[])",
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}
