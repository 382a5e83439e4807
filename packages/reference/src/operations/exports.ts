import type { Queryable } from "../database/database.js";
import { nullableTimestamp, timestamp } from "../platform/clock.js";
import type { Holding, InventorySource } from "../platform/inventory.js";
import { problem } from "../platform/problem.js";
import {
  defaultExporter,
  dropDocument,
  type ExportScope,
  expireExport,
  expireExportJob,
  subjectKey,
  writeExport,
  writeExportJob,
} from "../privacy/default-exporter.js";
import { readExportDocument } from "../privacy/export-document.js";
import { exportDocumentSchema } from "../privacy/export-schema.js";
import type { Exporter, PrivacyActor, SubjectEraser } from "../privacy/privacy-parts.js";
import type { OperationContext, OperationGroup, OperationResult } from "./operation-group.js";
import { createdAfter, createdPosition, page } from "./pagination.js";
import { requireTenant } from "./tenant-context.js";

interface ExportRow {
  id: string;
  scope: ExportScope;
  categories: string[];
  status: "pending" | "ready" | "failed" | "expired";
  rights_request_id: string | null;
  requested_by: PrivacyActor;
  requested_at: Date;
  ready_at: Date | null;
  expires_at: Date | null;
  record_count: number | null;
  sha256: string | null;
  byte_length: string | number | null;
  category_counts: Record<string, number> | null;
  created_at: Date;
}

/** A ready export whose link has run out is expired, even before its expiry job has run. */
function statusAt(row: ExportRow, now: Date): ExportRow["status"] {
  return row.status === "ready" && row.expires_at && row.expires_at <= now ? "expired" : row.status;
}

function exportView(row: ExportRow, tenantId: string, now: Date) {
  return {
    id: row.id,
    tenantId,
    scope: row.scope,
    categories: row.categories,
    status: statusAt(row, now),
    rightsRequestId: row.rights_request_id,
    requestedBy: row.requested_by,
    requestedAt: timestamp(row.requested_at),
    readyAt: nullableTimestamp(row.ready_at),
    expiresAt: nullableTimestamp(row.expires_at),
    recordCount: row.record_count,
    sha256: row.sha256,
    byteLength: row.byte_length === null ? null : Number(row.byte_length),
  };
}

const exporterOf = (context: OperationContext) =>
  (context.platform.parts.exporter as Exporter | undefined) ?? defaultExporter;

async function findExport(tx: Queryable, id: string | undefined): Promise<ExportRow> {
  const [row] = await tx.query<ExportRow>("SELECT * FROM exports WHERE id = $1", [id]);
  if (!row) throw problem("not-found", "This tenant has no export with this id.");
  return row;
}

/** The document, streamed from its stored chunks: `conflict` until ready, `gone` once the link expired. */
function documentResponse(context: OperationContext, row: ExportRow): OperationResult {
  const status = statusAt(row, context.now);
  if (status === "pending") throw problem("conflict", "The export is not ready yet.");
  if (status === "failed") throw problem("conflict", "The export failed; start a new one.");
  if (status === "expired")
    throw problem("gone", "The export's link has expired and its document is deleted.");
  return {
    status: 200,
    headers: { "content-type": "application/json" },
    body: readExportDocument(context.platform, requireTenant(context).schemaName, row.id),
  };
}

/** What the exports group keeps: export records, and the stored documents and their subject index. */
const exportsInventory: InventorySource = async ({ tx, policy }) => {
  // The export's own record (who asked for what, when) is account information, kept with the account.
  const account = Object.entries(policy.retention).find(([, rule]) => rule.category === "account")?.[0];
  if (!account) throw new Error("the enforced policy has no retention rule for account data");
  const rows = await tx.query<ExportRow & { subject_keys: string[] }>(
    `SELECT e.*, COALESCE((SELECT array_agg(s.subject_key ORDER BY s.subject_key) FROM export_subjects s
       WHERE s.export_id = e.id), '{}') AS subject_keys,
       EXISTS (SELECT 1 FROM export_chunks c WHERE c.export_id = e.id) AS stored
     FROM exports e ORDER BY e.created_at, e.id`,
  );
  const subjectOf = (scope: ExportScope) => (scope.type === "tenant" ? {} : { subject: scope });
  const fromKey = (key: string) => {
    const [type, id] = key.split(":") as ["user" | "contact", string];
    return type === "user" ? ({ type, userId: id } as const) : ({ type, contactId: id } as const);
  };
  const platform = { type: "platform" } as const;
  const holdings: Holding[] = [
    {
      rule: account,
      location: platform,
      recordType: "export",
      records: rows.map((row) => ({ id: row.id, ...subjectOf(row.scope) })),
    },
  ];
  // Documents are copies spanning categories: kept for the reference's own link lifetime, like stored
  // idempotent responses (`rule: null`), and deleted at its end.
  for (const row of rows as (ExportRow & { subject_keys: string[]; stored: boolean })[]) {
    if (!row.stored || !row.ready_at || !row.expires_at) continue;
    const lifetime = { storedAt: row.ready_at, expiresAt: row.expires_at };
    holdings.push(
      {
        rule: null,
        location: platform,
        recordType: "export-document",
        records: [{ id: row.id, ...subjectOf(row.scope) }],
        lifetime,
      },
      {
        rule: null,
        location: platform,
        recordType: "export-subject",
        records: row.subject_keys.map((key) => ({ id: `${row.id}:${key}`, subject: fromKey(key) })),
        lifetime,
      },
    );
  }
  return holdings;
};

/**
 * Erasing a subject deletes every stored document holding their data (§10: copies go too), so a link
 * fetched after the erasure gives nothing of them; an export about the subject goes entirely, its record
 * naming them included. Receipt lines count the documents per category they held records of.
 */
const eraseExports: SubjectEraser = async ({ tx, subject }) => {
  const rows = await tx.query<ExportRow>(
    `SELECT e.* FROM exports e WHERE e.id IN (SELECT export_id FROM export_subjects WHERE subject_key = $1)
       OR (e.scope->>'type' = $2 AND e.scope->>$3 = $4)`,
    [
      subjectKey(subject),
      subject.type,
      subject.type === "user" ? "userId" : "contactId",
      subject.type === "user" ? subject.userId : subject.contactId,
    ],
  );
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const category of Object.keys(row.category_counts ?? {})) {
      if (row.status === "ready") counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    await dropDocument(tx, row.id);
    if (row.scope.type === "tenant") {
      await tx.query("UPDATE exports SET status = 'expired' WHERE id = $1 AND status = 'ready'", [row.id]);
    } else {
      await tx.query("DELETE FROM exports WHERE id = $1", [row.id]);
    }
  }
  return [...counts].map(([category, count]) => ({
    category,
    location: { type: "platform" } as const,
    recordType: "export-document",
    count,
  }));
};

/** Exports (Settings > Data Management) and the export answering an access, portability or know request. */
export const exports: OperationGroup = {
  name: "exports",
  inventory: exportsInventory,
  eraseSubject: eraseExports,
  jobs: { [writeExportJob]: writeExport, [expireExportJob]: expireExport },
  operations: {
    async createExport(context) {
      const tenant = requireTenant(context);
      if (context.caller.kind !== "tenant") throw problem("forbidden", "Exports are started by a user.");
      const input = await context.body<{ scope: ExportScope; categories?: string[] }>();
      const { exportId } = await exporterOf(context).start(
        { tx: context.tx, platform: context.platform, tenant, now: context.now },
        {
          scope: input.scope,
          ...(input.categories ? { categories: input.categories } : {}),
          requestedBy: { type: "user", id: context.caller.user.id },
        },
      );
      await context.audit({ type: "export", id: exportId });
      const row = await findExport(context.tx, exportId);
      return {
        status: 202,
        headers: { location: `exports/${exportId}` },
        body: exportView(row, tenant.id, context.now),
      };
    },

    async listExports(context) {
      const tenant = requireTenant(context);
      const { cursor, limit } = context.query<{ cursor?: string; limit: number }>();
      const { after } = createdAfter(cursor);
      const rows = await context.tx.query<ExportRow>(
        `SELECT * FROM exports WHERE ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid))
         ORDER BY created_at, id LIMIT $3`,
        [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      return {
        status: 200,
        body: page(rows, limit, (row) => exportView(row, tenant.id, context.now), createdPosition),
      };
    },

    async getExport(context) {
      const tenant = requireTenant(context);
      const row = await findExport(context.tx, context.params.exportId);
      return { status: 200, body: exportView(row, tenant.id, context.now) };
    },

    async getExportDocument(context) {
      return documentResponse(context, await findExport(context.tx, context.params.exportId));
    },

    async getExportSchema(context) {
      const text = JSON.stringify(exportDocumentSchema(context.platform.policy));
      return {
        status: 200,
        headers: { "content-type": "application/schema+json" },
        body: new TextEncoder().encode(text),
      };
    },

    async getRightsRequestExport(context) {
      const requestId = context.params.requestId;
      // A request token opens its own request only.
      if (context.caller.kind === "request" && context.caller.requestId !== requestId) {
        throw problem("not-found", "No such rights request.");
      }
      const [row] = await context.tx.query<ExportRow>(
        "SELECT * FROM exports WHERE rights_request_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
        [requestId],
      );
      if (!row) throw problem("not-found", "No export answers this rights request.");
      return documentResponse(context, row);
    },
  },
  tenantMigrations: [
    {
      id: "exports/001-exports",
      // A document is stored sealed, chunk by chunk, and deleted whole at its link's expiry; which
      // subjects' data it holds is indexed so erasing one finds every document holding them.
      sql: (s) => `
        CREATE TABLE ${s}.exports (
          id uuid PRIMARY KEY,
          scope jsonb NOT NULL,
          categories text[] NOT NULL,
          status text NOT NULL CHECK (status IN ('pending', 'ready', 'failed', 'expired')),
          rights_request_id uuid,
          requested_by jsonb NOT NULL,
          requested_at timestamptz NOT NULL,
          ready_at timestamptz,
          expires_at timestamptz,
          record_count integer,
          sha256 text,
          byte_length bigint,
          category_counts jsonb,
          created_at timestamptz NOT NULL
        );
        CREATE INDEX exports_created ON ${s}.exports (created_at, id);
        CREATE INDEX exports_rights_request ON ${s}.exports (rights_request_id);
        CREATE TABLE ${s}.export_chunks (
          export_id uuid NOT NULL REFERENCES ${s}.exports (id) ON DELETE CASCADE,
          seq integer NOT NULL,
          sealed text NOT NULL,
          PRIMARY KEY (export_id, seq)
        );
        CREATE TABLE ${s}.export_subjects (
          export_id uuid NOT NULL REFERENCES ${s}.exports (id) ON DELETE CASCADE,
          subject_key text NOT NULL,
          PRIMARY KEY (export_id, subject_key)
        );
        CREATE INDEX export_subjects_key ON ${s}.export_subjects (subject_key);
      `,
    },
    {
      id: "exports/002-subject-walk-indexes",
      // A subject's events are walked in (collected_at, id) order: without these, each page of the walk
      // sorts all of the subject's events again, and a large export turns quadratic.
      sql: (s) => `
        CREATE INDEX telemetry_events_user_walk ON ${s}.telemetry_events (user_id, collected_at, id);
        CREATE INDEX telemetry_events_contact_walk ON ${s}.telemetry_events (contact_id, collected_at, id);
      `,
    },
  ],
};
