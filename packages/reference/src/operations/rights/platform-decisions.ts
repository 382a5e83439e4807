import { tenantNow } from "../../http/authenticate.js";
import { problem } from "../../platform/problem.js";
import { findTenant, type TenantRecord } from "../../platform/tenant-records.js";
import type { OperationContext, OperationGroup } from "../operation-group.js";
import { createdAfter, encodeCursor } from "../pagination.js";
import { listRightsRows, receivedPosition } from "./rights-queries.js";
import { lockRightsRequest, type RightsRequestRow, rightsRequestView } from "./rights-store.js";
import { deny, extend } from "./rights-transitions.js";

/**
 * The controller's request the operator decides on: found through the catalogue's index, in its tenant
 * (which becomes the request's tenant: its schema, its clock, its audit trail). A tenant-filed request,
 * or an unknown id, is `not-found`.
 */
async function controllerRequest(
  context: OperationContext,
): Promise<{ row: RightsRequestRow; tenant: TenantRecord }> {
  const id = context.params.requestId ?? "";
  const [indexed] = await context.tx.query<{ tenant_id: string; role: string }>(
    "SELECT tenant_id, role FROM catalog.rights_request_index WHERE request_id = $1",
    [id],
  );
  const tenant = indexed?.role === "controller" ? await findTenant(context.tx, indexed.tenant_id) : undefined;
  if (!tenant || tenant.status === "purged")
    throw problem("not-found", "No user's own rights request has this id.");
  await context.useTenant(tenant);
  const row = await lockRightsRequest(context.tx, id);
  if (!row) throw problem("not-found", "No user's own rights request has this id.");
  return { row, tenant };
}

const operator = (context: OperationContext) => ({
  type: "operator" as const,
  id: context.caller.kind === "operator" ? context.caller.id : "operator",
});

/** The operator's controller decisions (§9: CRM Factory answers its own users' requests). */
export const platformRightsOperations: OperationGroup["operations"] = {
  async listPlatformRightsRequests(context) {
    const q = context.query<{
      cursor?: string;
      limit: number;
      tenantId?: string;
      testClockId?: string;
      status?: string[];
      overdue?: boolean;
    }>();
    if (context.platform.mode === "test" && !q.testClockId) {
      throw problem("validation-failed", "In test mode the operator's lists name a test clock.", {
        errors: [{ path: "/query/testClockId", message: "is required in test mode" }],
      });
    }
    // A forged cursor is refused even when no tenant has a request to page through (decoded per tenant below).
    createdAfter(q.cursor);
    const tenants = await context.tx.query<{ id: string }>(
      `SELECT DISTINCT t.id FROM catalog.rights_request_index i JOIN catalog.tenants t ON t.id = i.tenant_id
       WHERE i.role = 'controller' AND t.status <> 'purged'
         AND ($1::uuid IS NULL OR t.id = $1) AND ($2::uuid IS NULL OR t.test_clock_id = $2)`,
      [q.tenantId ?? null, q.testClockId ?? null],
    );
    // Each tenant's page after the cursor, merged: the first `limit` of all of them, in (receivedAt, id).
    const rows: { row: RightsRequestRow; tenant: TenantRecord }[] = [];
    for (const { id } of tenants) {
      const tenant = await findTenant(context.tx, id);
      if (!tenant) continue;
      const found = await listRightsRows(context.tx, {
        schema: tenant.schemaName,
        filters: {
          role: "controller",
          ...(q.status ? { status: q.status } : {}),
          ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
        },
        now: tenantNow(context.platform, tenant),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        limit: q.limit,
      });
      rows.push(...found.map((row) => ({ row, tenant })));
    }
    rows.sort(
      (a, b) => a.row.received_at.getTime() - b.row.received_at.getTime() || a.row.id.localeCompare(b.row.id),
    );
    const served = rows.slice(0, q.limit);
    const last = served[served.length - 1];
    return {
      status: 200,
      body: {
        data: served.map(({ row, tenant }) => rightsRequestView(row, tenant)),
        nextCursor: rows.length > q.limit && last ? encodeCursor(receivedPosition(last.row)) : null,
      },
    };
  },

  async extendPlatformRightsRequest(context) {
    const { row, tenant } = await controllerRequest(context);
    const { reason } = await context.body<{ reason: string }>();
    const origin = { tx: context.tx, platform: context.platform, tenant, now: context.now };
    const extended = await extend(origin, row, { reason, extendedBy: operator(context) });
    await context.audit({ type: "rights-request", id: row.id });
    return { status: 200, body: rightsRequestView(extended, tenant) };
  },

  async denyPlatformRightsRequest(context) {
    const { row, tenant } = await controllerRequest(context);
    const input = await context.body<{ reason: string; detail?: string }>();
    const origin = { tx: context.tx, platform: context.platform, tenant, now: context.now };
    const denied = await deny(origin, row, input);
    await context.audit({ type: "rights-request", id: row.id });
    return { status: 200, body: rightsRequestView(denied, tenant) };
  },
};
