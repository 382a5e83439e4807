import { randomUUID } from "node:crypto";
import { addDuration } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import { emitCallbackEvent } from "../operations/callback-delivery.js";
import type { GroupJobHandler, Platform } from "../operations/operation-group.js";
import type { SubjectRef } from "../platform/inventory.js";
import { problem } from "../platform/problem.js";
import { findTenant } from "../platform/tenant-records.js";
import { writeExportDocument } from "./export-document.js";
import type { ResolvedScope } from "./export-sources.js";
import { type Exporter, settleRightsRequestJob } from "./privacy-parts.js";

/** The job that writes a pending export's document. */
export const writeExportJob = "exports-write";
/** The job that deletes a document's bytes when its link expires. */
export const expireExportJob = "exports-expire";

export type ExportScope = { type: "tenant" } | SubjectRef;

/** `user:<id>` or `contact:<id>`: how `export_subjects` names a subject a document holds. */
export function subjectKey(subject: SubjectRef): string {
  return subject.type === "user" ? `user:${subject.userId}` : `contact:${subject.contactId}`;
}

/** The subject must be one of this tenant's (another tenant's ids name nothing here). */
async function assertSubjectExists(tx: Queryable, scope: ExportScope): Promise<void> {
  if (scope.type === "tenant") return;
  const [table, id, field] =
    scope.type === "user" ? ["users", scope.userId, "userId"] : ["contacts", scope.contactId, "contactId"];
  const [row] = await tx.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
  if (!row) {
    throw problem("validation-failed", `This tenant has no ${scope.type} with this id.`, {
      errors: [{ path: `/body/scope/${field}`, message: `names no ${scope.type} of this tenant` }],
    });
  }
}

/**
 * The default exporter: records a pending export and schedules the job that writes its document, due at
 * once on the tenant's clock. §9 (access, portability) and §11 (exports in the window after closure).
 */
export const defaultExporter: Exporter = {
  async start({ tx, platform, tenant, now }, input) {
    await assertSubjectExists(tx, input.scope);
    const categories = input.categories ?? Object.keys(platform.policy.categories);
    const exportId = randomUUID();
    await tx.query(
      `INSERT INTO exports (id, scope, categories, status, rights_request_id, requested_by, requested_at, created_at)
       VALUES ($1, $2::jsonb, $3::text[], 'pending', $4, $5::jsonb, $6, $6)`,
      [
        exportId,
        JSON.stringify(input.scope),
        categories,
        input.rightsRequestId ?? null,
        JSON.stringify(input.requestedBy),
        now,
      ],
    );
    await platform.jobs.schedule(tx, {
      kind: writeExportJob,
      tenantId: tenant.id,
      dueAt: now,
      payload: { exportId },
    });
    return { exportId };
  },
};

async function resolveScope(tx: Queryable, scope: ExportScope): Promise<ResolvedScope> {
  if (scope.type === "tenant") return scope;
  if (scope.type === "user") {
    const [row] = await tx.query<{ email: string }>("SELECT email FROM users WHERE id = $1", [scope.userId]);
    return { type: "user", id: scope.userId, email: row?.email ?? null };
  }
  const [row] = await tx.query<{ email: string | null }>("SELECT email FROM contacts WHERE id = $1", [
    scope.contactId,
  ]);
  return { type: "contact", id: scope.contactId, email: row?.email ?? null };
}

/** Records which subjects' data the document holds, so erasing one of them finds it. */
async function recordSubjects(tx: Queryable, exportId: string, scope: ExportScope): Promise<void> {
  if (scope.type !== "tenant") {
    await tx.query("INSERT INTO export_subjects (export_id, subject_key) VALUES ($1, $2)", [
      exportId,
      subjectKey(scope),
    ]);
    return;
  }
  await tx.query(
    `INSERT INTO export_subjects (export_id, subject_key)
     SELECT $1::uuid, 'user:' || id FROM users
     UNION SELECT $1::uuid, 'contact:' || id FROM contacts
     UNION SELECT $1::uuid, 'contact:' || contact_id FROM integration_records WHERE contact_id IS NOT NULL`,
    [exportId],
  );
}

interface PendingRow {
  id: string;
  scope: ExportScope;
  categories: string[];
  status: string;
  rights_request_id: string | null;
}

/**
 * Writes the document in one transaction (a consistent snapshot; a crash leaves nothing half-written and
 * the job runs again), marks the export ready until `limits.exportLinkLifetime` later, schedules the
 * deletion of its bytes at that time, tells the tenant (`export.ready`) and, for a rights request, has
 * it settled when the rights requests group serves that job.
 */
export const writeExport: GroupJobHandler = async ({ job, now, database, platform }) => {
  const tenant = job.tenantId
    ? await database.transaction((tx) => findTenant(tx, job.tenantId as string))
    : undefined;
  if (!tenant) return;
  await database.transaction(
    async (tx) => {
      const [row] = await tx.query<PendingRow>(
        "SELECT id, scope, categories, status, rights_request_id FROM exports WHERE id = $1 FOR UPDATE",
        [job.payload.exportId],
      );
      if (row?.status !== "pending") return;
      const written = await writeExportDocument({
        tx,
        platform,
        tenantId: tenant.id,
        exportId: row.id,
        scope: await resolveScope(tx, row.scope),
        scopeView: row.scope,
        categories: row.categories,
        now,
      });
      const expiresAt = addDuration(now, platform.limits.exportLinkLifetime);
      await tx.query(
        `UPDATE exports SET status = 'ready', ready_at = $2, expires_at = $3, record_count = $4, sha256 = $5,
           byte_length = $6, category_counts = $7::jsonb WHERE id = $1`,
        [
          row.id,
          now,
          expiresAt,
          written.recordCount,
          written.sha256,
          written.byteLength,
          JSON.stringify(written.categoryCounts),
        ],
      );
      await recordSubjects(tx, row.id, row.scope);
      await platform.jobs.schedule(tx, {
        kind: expireExportJob,
        tenantId: tenant.id,
        dueAt: expiresAt,
        payload: { exportId: row.id },
      });
      await emitCallbackEvent(
        tx,
        { tenantId: tenant.id, now, jobs: platform.jobs },
        {
          type: "export.ready",
          data: { object: "export", id: row.id, status: "ready", rightsRequestId: row.rights_request_id },
        },
      );
      if (row.rights_request_id)
        await settleRightsRequest(tx, platform, tenant.id, now, row, written, expiresAt);
    },
    { searchPath: [tenant.schemaName, "catalog"] },
  );
};

/** Schedules the settlement only when a group serves it: without the rights requests group nothing would. */
async function settleRightsRequest(
  tx: Queryable,
  platform: Platform,
  tenantId: string,
  now: Date,
  row: PendingRow,
  written: { sha256: string; byteLength: number },
  expiresAt: Date,
): Promise<void> {
  if (!platform.jobs.has(settleRightsRequestJob)) return;
  await platform.jobs.schedule(tx, {
    kind: settleRightsRequestJob,
    tenantId,
    dueAt: now,
    payload: {
      rightsRequestId: row.rights_request_id,
      settlement: {
        type: "export",
        exportId: row.id,
        sha256: written.sha256,
        byteLength: written.byteLength,
        expiresAt: expiresAt.toISOString(),
      },
    },
  });
}

/** At the link's expiry the document's bytes go, and with them the record of whose data it held. */
export const expireExport: GroupJobHandler = async ({ job, database }) => {
  const tenant = job.tenantId
    ? await database.transaction((tx) => findTenant(tx, job.tenantId as string))
    : undefined;
  if (!tenant) return;
  await database.transaction(
    async (tx) => {
      await dropDocument(tx, job.payload.exportId as string);
      await tx.query("UPDATE exports SET status = 'expired' WHERE id = $1 AND status = 'ready'", [
        job.payload.exportId,
      ]);
    },
    { searchPath: [tenant.schemaName, "catalog"] },
  );
};

/** Deletes a document's stored bytes and its subject index. */
export async function dropDocument(tx: Queryable, exportId: string): Promise<void> {
  await tx.query("DELETE FROM export_chunks WHERE export_id = $1", [exportId]);
  await tx.query("DELETE FROM export_subjects WHERE export_id = $1", [exportId]);
}
