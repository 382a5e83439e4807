import { randomUUID } from "node:crypto";
import { quoteIdentifier } from "../../database/identifiers.js";
import { problem } from "../../platform/problem.js";
import { findTenant, type TenantRecord } from "../../platform/tenant-records.js";
import { ensureSweepBy } from "../../privacy/default-sweeper.js";
import { incidentRule } from "../../privacy/incident-retention.js";
import { purgeDueAt, tenantEvents } from "../../privacy/retention-clock.js";
import type { OperationContext, OperationGroup, Platform } from "../operation-group.js";
import { keysetPage } from "../pagination.js";
import { type IncidentRow, incidentView, selectIncident } from "./notice-store.js";
import { breachNotifyBy, notifierOf, scheduleNoticeEmails } from "./notifier.js";
import { auditEach, clockTime, operatorScope } from "./operator-scope.js";

interface IncidentCreate {
  title: string;
  description: string;
  detectedAt: string;
  affectedTenantIds: string[];
  categories: string[];
  testClockId?: string;
}

async function findIncident(context: OperationContext, lock = false): Promise<IncidentRow> {
  const [row] = await context.tx.query<IncidentRow>(
    `${selectIncident} WHERE i.id = $1${lock ? " FOR UPDATE OF i" : ""}`,
    [context.params.incidentId],
  );
  if (!row) throw problem("not-found", "No incident has this id.");
  return row;
}

/** The tenants an incident names, each bound to its clock (test mode) or to none (production). */
async function affectedTenants(
  context: OperationContext,
  ids: readonly string[],
  testClockId: string | null,
): Promise<TenantRecord[]> {
  const tenants: TenantRecord[] = [];
  for (const [index, id] of ids.entries()) {
    const tenant = await findTenant(context.tx, id);
    if (!tenant || tenant.testClockId !== testClockId) {
      throw problem("validation-failed", "An affected tenant is not one of this incident's scope.", {
        errors: [
          {
            path: `/body/affectedTenantIds/${index}`,
            message: testClockId ? "names no tenant bound to testClockId" : "names no tenant",
          },
        ],
      });
    }
    tenants.push(tenant);
  }
  return tenants;
}

/**
 * A record linked to a tenant already closed falls under a deadline no pending sweep may know of: the
 * tenant's sweep is placed by then (RET-SECURITY's own rule, counted from the closure events).
 */
async function sweepIncidentRecordsBy(context: OperationContext, platform: Platform, tenant: TenantRecord) {
  const found = incidentRule(platform.policy);
  const due = found ? purgeDueAt(platform.policy, found.rule, tenantEvents(tenant)) : undefined;
  if (due) await ensureSweepBy(context.tx, platform, tenant.id, due);
}

async function incidentAnswer(context: OperationContext, id: string) {
  const [row] = await context.tx.query<IncidentRow>(`${selectIncident} WHERE i.id = $1`, [id]);
  return incidentView(row as IncidentRow);
}

/**
 * Security incidents (§4): recorded by the operator, then confirmed. Confirmation publishes a breach
 * notice to each affected tenant and schedules the job that emails the policy's recipients, due by
 * confirmation + the policy's breach period (`notices.breach.within`).
 */
export const incidentOperations: OperationGroup["operations"] = {
  async createIncident(context) {
    const input = await context.body<IncidentCreate>();
    const scope = await operatorScope(context, input.testClockId);
    const detectedAt = new Date(input.detectedAt);
    if (detectedAt.getTime() > scope.now.getTime()) {
      throw problem("validation-failed", "An incident is detected before it is recorded.", {
        errors: [{ path: "/body/detectedAt", message: "must not be later than now" }],
      });
    }
    const tenants = await affectedTenants(context, input.affectedTenantIds, scope.testClockId);
    const id = randomUUID();
    await context.tx.query(
      `INSERT INTO catalog.incidents (id, title, description, status, categories, detected_at, recorded_at, test_clock_id, created_at)
       VALUES ($1, $2, $3, 'recorded', $4::jsonb, $5, $6, $7, $8)`,
      [
        id,
        input.title,
        input.description,
        JSON.stringify(input.categories),
        detectedAt,
        scope.now,
        scope.testClockId,
        context.platform.clock.now(),
      ],
    );
    for (const [position, tenant] of tenants.entries()) {
      await context.tx.query(
        "INSERT INTO catalog.incident_tenants (incident_id, tenant_id, position) VALUES ($1, $2, $3)",
        [id, tenant.id, position],
      );
      await sweepIncidentRecordsBy(context, context.platform, tenant);
    }
    return {
      status: 201,
      headers: { location: `platform/incidents/${id}` },
      body: await incidentAnswer(context, id),
    };
  },

  async listIncidents(context) {
    const params = context.query<{ cursor?: string; limit: number }>();
    return {
      status: 200,
      body: await keysetPage(
        context.tx,
        { select: selectIncident, key: ["i.created_at", "i.id"] },
        params,
        incidentView,
      ),
    };
  },

  async getIncident(context) {
    return { status: 200, body: incidentView(await findIncident(context)) };
  },

  async confirmIncident(context) {
    const incident = await findIncident(context, true);
    const { summary } = (await context.body<{ summary?: string } | undefined>()) ?? {};
    if (incident.status === "confirmed") throw problem("conflict", "This incident is already confirmed.");
    const { platform, tx } = context;
    const confirmedAt = incident.test_clock_id
      ? await clockTime(context, incident.test_clock_id, "/path/incidentId")
      : platform.clock.now();
    const notifyBy = breachNotifyBy(platform.policy, confirmedAt);
    const emailsAt = notifierOf(platform).breachEmailsAt({ confirmedAt, notifyBy });
    await tx.query(
      "UPDATE catalog.incidents SET status = 'confirmed', confirmed_at = $2, notify_by = $3 WHERE id = $1",
      [incident.id, confirmedAt, notifyBy],
    );
    const tenants: TenantRecord[] = [];
    for (const { tenantId } of incident.affected) {
      const tenant = await findTenant(tx, tenantId);
      if (!tenant) continue;
      tenants.push(tenant);
      // A purged account has no one left to tell; its trail (kept under its own rule) still records it.
      if (tenant.status === "purged") continue;
      const noticeId = randomUUID();
      await tx.query(
        `INSERT INTO ${quoteIdentifier(tenant.schemaName)}.notices (id, type, title, body, published_at, incident_id)
         VALUES ($1, 'breach', $2, $3, $4, $5)`,
        [noticeId, incident.title, summary ?? incident.description, confirmedAt, incident.id],
      );
      await tx.query(
        "UPDATE catalog.incident_tenants SET notice_id = $3 WHERE incident_id = $1 AND tenant_id = $2",
        [incident.id, tenant.id, noticeId],
      );
      await scheduleNoticeEmails(tx, platform, { tenantId: tenant.id, noticeId, dueAt: emailsAt });
    }
    await auditEach(context, tenants, { type: "incident", id: incident.id }, confirmedAt);
    return { status: 200, body: await incidentAnswer(context, incident.id) };
  },
};
