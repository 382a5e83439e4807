import { randomUUID } from "node:crypto";
import { addDuration } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import { nullableTimestamp, timestamp } from "../platform/clock.js";
import type { SubjectRef } from "../platform/inventory.js";
import { problem } from "../platform/problem.js";
import type { TenantRecord } from "../platform/tenant-records.js";
import { defaultEraser, eraseJob, runErasure } from "../privacy/default-eraser.js";
import {
  erasureMigration,
  findReceipt,
  type ReceiptRow,
  receiptStates,
  receiptView,
} from "../privacy/erasure-receipts.js";
import type { PrivacyActor } from "../privacy/privacy-parts.js";
import { suppressionMigration } from "../privacy/suppression.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";
import { createdAfter, createdPosition, page } from "./pagination.js";

interface Target {
  type: "user" | "contact" | "crm-object" | "message" | "call";
  id: string;
}

const targetTables: Record<Target["type"], string> = {
  user: "users",
  contact: "contacts",
  "crm-object": "crm_objects",
  message: "messages",
  call: "calls",
};

function requireTenant(context: OperationContext): TenantRecord {
  if (!context.tenant) throw problem("unauthenticated", "This operation needs a tenant.");
  return context.tenant;
}

function actorOf(context: OperationContext): PrivacyActor {
  const { caller } = context;
  if (caller.kind === "tenant") return { type: "user", id: caller.user.id };
  if (caller.kind === "operator") return { type: "operator", id: caller.id };
  return { type: "system", id: context.operationId };
}

function eraser(context: OperationContext) {
  return (context.platform.parts.eraser as typeof defaultEraser | undefined) ?? defaultEraser;
}

/** Refuses erasing the tenant's last owner: the workspace would be left without one. */
async function refuseLastOwner(context: OperationContext, userIds: readonly string[]) {
  if (userIds.length === 0) return;
  const policy = context.platform.policy;
  // Owners are the roles that manage the tenant, as the users group counts them.
  const owners = Object.entries(policy.roles)
    .filter(([, role]) => role.permissions.includes("tenant:manage"))
    .map(([name]) => name);
  const rows = await context.tx.query<{ id: string; role: string }>("SELECT id, role FROM users");
  const remaining = rows.filter((row) => owners.includes(row.role) && !userIds.includes(row.id));
  const removing = rows.some((row) => owners.includes(row.role) && userIds.includes(row.id));
  if (removing && remaining.length === 0) {
    throw problem("last-owner", "Erasing the last owner would leave the tenant without one.");
  }
}

async function exists(tx: Queryable, target: Target): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM ${targetTables[target.type]} WHERE id = $1`, [target.id]);
  return rows.length > 0;
}

interface DeletionRow {
  id: string;
  targets: Target[];
  reason: string | null;
  requested_by: PrivacyActor;
  receipt_id: string;
  created_at: Date;
}

interface MinorReportRow {
  id: string;
  subject: SubjectRef;
  note: string | null;
  reported_by: PrivacyActor;
  receipt_id: string;
  created_at: Date;
}

type ReceiptState = Pick<ReceiptRow, "status" | "due_at" | "completed_at">;

function deletionView(row: DeletionRow, receipt: ReceiptState | undefined, tenantId: string) {
  return {
    id: row.id,
    tenantId,
    targets: row.targets,
    reason: row.reason,
    status: receipt?.status ?? "in_progress",
    requestedBy: row.requested_by,
    requestedAt: timestamp(row.created_at),
    dueAt: timestamp(receipt?.due_at ?? row.created_at),
    completedAt: nullableTimestamp(receipt?.completed_at),
    receiptId: row.receipt_id,
  };
}

function minorReportView(row: MinorReportRow, receipt: ReceiptState | undefined, tenantId: string) {
  return {
    id: row.id,
    tenantId,
    subject: row.subject,
    note: row.note,
    status: receipt?.status ?? "in_progress",
    reportedBy: row.reported_by,
    reportedAt: timestamp(row.created_at),
    dueAt: timestamp(receipt?.due_at ?? row.created_at),
    completedAt: nullableTimestamp(receipt?.completed_at),
    receiptId: row.receipt_id,
  };
}

async function listPage<Row extends { id: string; created_at: Date; receipt_id: string }, Item>(
  context: OperationContext,
  table: string,
  view: (row: Row, receipt: ReceiptState | undefined) => Item,
) {
  const { cursor, limit } = context.query<{ cursor?: string; limit: number }>();
  const { after } = createdAfter(cursor);
  const rows = await context.tx.query<Row>(
    `SELECT * FROM ${table} WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
     ORDER BY created_at, id LIMIT $3`,
    [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
  );
  const states = await receiptStates(
    context.tx,
    rows.map((row) => row.receipt_id),
  );
  return {
    status: 200,
    body: page(rows, limit, (row) => view(row, states.get(row.receipt_id)), createdPosition),
  };
}

/**
 * Erasure (§9, §10, §11): early deletions (Settings > Data Management), reports of a child's data, and
 * the erasure receipts they and erasure rights requests produce. The erasing itself is the eraser part's
 * (`parts.eraser`, else the default eraser) and its job.
 */
export const erasure: OperationGroup = {
  name: "erasure",
  tenantMigrations: [erasureMigration, suppressionMigration],
  jobs: { [eraseJob]: runErasure },
  operations: {
    async createDeletion(context) {
      const tenant = requireTenant(context);
      const body = await context.body<{ targets: Target[]; reason?: string }>();
      const targets = body.targets.filter(
        (target, index) =>
          body.targets.findIndex((t) => t.type === target.type && t.id === target.id) === index,
      );
      for (const [index, target] of body.targets.entries()) {
        if (!(await exists(context.tx, target))) {
          throw problem("validation-failed", "A target names no record of this tenant.", {
            errors: [
              { path: `/body/targets/${index}/id`, message: `names no ${target.type} of this tenant` },
            ],
          });
        }
      }
      await refuseLastOwner(
        context,
        targets.filter((t) => t.type === "user").map((t) => t.id),
      );
      const id = randomUUID();
      const subjects = targets.filter((t) => t.type === "user" || t.type === "contact");
      const only = targets.length === 1 ? subjects[0] : undefined;
      const subject: SubjectRef | null = only
        ? only.type === "user"
          ? { type: "user", userId: only.id }
          : { type: "contact", contactId: only.id }
        : null;
      const requestedBy = actorOf(context);
      const { receiptId } = await eraser(context).start(
        { tx: context.tx, platform: context.platform, tenant, now: context.now },
        {
          source: { type: "deletion", id },
          subject,
          records: targets,
          dueAt: addDuration(context.now, context.platform.policy.rights.erasureWithin),
          requestedBy,
        },
      );
      const [row] = await context.tx.query<DeletionRow>(
        `INSERT INTO deletions (id, targets, reason, requested_by, receipt_id, created_at)
         VALUES ($1, $2::jsonb, $3, $4::jsonb, $5, $6) RETURNING *`,
        [
          id,
          JSON.stringify(targets),
          body.reason ?? null,
          JSON.stringify(requestedBy),
          receiptId,
          context.now,
        ],
      );
      await context.audit({ type: "deletion", id });
      const states = await receiptStates(context.tx, [receiptId]);
      return {
        status: 202,
        headers: { location: `${new URL(context.request.url).pathname}/${id}` },
        body: deletionView(row as DeletionRow, states.get(receiptId), tenant.id),
      };
    },

    async listDeletions(context) {
      const tenant = requireTenant(context);
      return listPage<DeletionRow, unknown>(context, "deletions", (row, state) =>
        deletionView(row, state, tenant.id),
      );
    },

    async getDeletion(context) {
      const tenant = requireTenant(context);
      const [row] = await context.tx.query<DeletionRow>("SELECT * FROM deletions WHERE id = $1", [
        context.params.deletionId,
      ]);
      if (!row) throw problem("not-found", "No deletion of this tenant has this id.");
      const states = await receiptStates(context.tx, [row.receipt_id]);
      return { status: 200, body: deletionView(row, states.get(row.receipt_id), tenant.id) };
    },

    async listErasureReceipts(context) {
      const tenant = requireTenant(context);
      const { cursor, limit, status } = context.query<{ cursor?: string; limit: number; status?: string }>();
      const { after } = createdAfter(cursor);
      const rows = await context.tx.query<ReceiptRow>(
        `SELECT * FROM erasure_receipts WHERE ($1::text IS NULL OR status = $1)
           AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
         ORDER BY created_at, id LIMIT $4`,
        [status ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      return { status: 200, body: page(rows, limit, (row) => receiptView(row, tenant.id), createdPosition) };
    },

    async getErasureReceipt(context) {
      const tenant = requireTenant(context);
      const row = await findReceipt(context.tx, context.params.receiptId ?? "");
      if (!row) throw problem("not-found", "No erasure receipt of this tenant has this id.");
      return { status: 200, body: receiptView(row, tenant.id) };
    },

    async getRightsRequestReceipt(context) {
      const tenant = requireTenant(context);
      const requestId = context.params.requestId ?? "";
      const { caller } = context;
      if (caller.kind === "request" && caller.requestId !== requestId) {
        throw problem("not-found", "No rights request of this tenant has this id.");
      }
      const [row] = await context.tx.query<ReceiptRow>(
        "SELECT * FROM erasure_receipts WHERE source_type = 'rights-request' AND source_id = $1",
        [requestId],
      );
      if (!row) throw problem("not-found", "This rights request has no erasure receipt.");
      return { status: 200, body: receiptView(row, tenant.id) };
    },

    async createMinorReport(context) {
      const tenant = requireTenant(context);
      const body = await context.body<{ subject: SubjectRef; note?: string }>();
      const target: Target =
        body.subject.type === "user"
          ? { type: "user", id: body.subject.userId }
          : { type: "contact", id: body.subject.contactId };
      if (!(await exists(context.tx, target))) {
        const field = body.subject.type === "user" ? "userId" : "contactId";
        throw problem("validation-failed", "The subject names no user or contact of this tenant.", {
          errors: [{ path: `/body/subject/${field}`, message: `names no ${target.type} of this tenant` }],
        });
      }
      if (target.type === "user") await refuseLastOwner(context, [target.id]);
      const id = randomUUID();
      const reportedBy = actorOf(context);
      // §10 names no period; the policy's own parameter for a child's data sets it (DEL-CHILD).
      const { receiptId } = await eraser(context).start(
        { tx: context.tx, platform: context.platform, tenant, now: context.now },
        {
          source: { type: "minor-report", id },
          subject: body.subject,
          dueAt: addDuration(context.now, context.platform.policy.rights.minorDataDeletionWithin),
          requestedBy: reportedBy,
        },
      );
      const [row] = await context.tx.query<MinorReportRow>(
        `INSERT INTO minor_reports (id, subject, note, reported_by, receipt_id, created_at)
         VALUES ($1, $2::jsonb, $3, $4::jsonb, $5, $6) RETURNING *`,
        [
          id,
          JSON.stringify(body.subject),
          body.note ?? null,
          JSON.stringify(reportedBy),
          receiptId,
          context.now,
        ],
      );
      await context.audit({ type: "minor-report", id });
      const states = await receiptStates(context.tx, [receiptId]);
      return {
        status: 201,
        headers: { location: `${new URL(context.request.url).pathname}/${id}` },
        body: minorReportView(row as MinorReportRow, states.get(receiptId), tenant.id),
      };
    },

    async listMinorReports(context) {
      const tenant = requireTenant(context);
      return listPage<MinorReportRow, unknown>(context, "minor_reports", (row, state) =>
        minorReportView(row, state, tenant.id),
      );
    },

    async getMinorReport(context) {
      const tenant = requireTenant(context);
      const [row] = await context.tx.query<MinorReportRow>("SELECT * FROM minor_reports WHERE id = $1", [
        context.params.reportId,
      ]);
      if (!row) throw problem("not-found", "No report of this tenant has this id.");
      const states = await receiptStates(context.tx, [row.receipt_id]);
      return { status: 200, body: minorReportView(row, states.get(row.receipt_id), tenant.id) };
    },
  },
};
