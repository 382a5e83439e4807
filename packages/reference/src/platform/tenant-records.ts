import type { Queryable } from "../database/database.js";
import { nullableTimestamp, timestamp } from "./clock.js";

/** A tenant's catalogue row with its test clock's state, as every request reads it. */
export interface TenantRecord {
  id: string;
  schemaName: string;
  companyName: string;
  status: "active" | "export-only" | "pending-deletion" | "purged";
  plan: string;
  subscriptionStatus: "active" | "ended";
  subscriptionStartedAt: Date;
  subscriptionEndedAt: Date | null;
  createdAt: Date;
  closedAt: Date | null;
  exportWindowEndsAt: Date | null;
  deletionDueAt: Date | null;
  testClockId: string | null;
  clockTime: Date | null;
  clockStatus: "ready" | "advancing" | "failed" | null;
}

interface TenantRow {
  id: string;
  schema_name: string;
  company_name: string;
  status: TenantRecord["status"];
  plan: string;
  subscription_status: TenantRecord["subscriptionStatus"];
  subscription_started_at: Date;
  subscription_ended_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
  export_window_ends_at: Date | null;
  deletion_due_at: Date | null;
  test_clock_id: string | null;
  frozen_time: Date | null;
  clock_status: TenantRecord["clockStatus"];
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/** The tenant, or `undefined` when there is none (a malformed id names none). */
export async function findTenant(tx: Queryable, id: string): Promise<TenantRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx.query<TenantRow>(
    `SELECT t.*, c.frozen_time, c.status AS clock_status
     FROM catalog.tenants t LEFT JOIN catalog.test_clocks c ON c.id = t.test_clock_id WHERE t.id = $1`,
    [id],
  );
  return row ? tenantFromRow(row) : undefined;
}

function tenantFromRow(row: TenantRow): TenantRecord {
  return {
    id: row.id,
    schemaName: row.schema_name,
    companyName: row.company_name,
    status: row.status,
    plan: row.plan,
    subscriptionStatus: row.subscription_status,
    subscriptionStartedAt: row.subscription_started_at,
    subscriptionEndedAt: row.subscription_ended_at,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    exportWindowEndsAt: row.export_window_ends_at,
    deletionDueAt: row.deletion_due_at,
    testClockId: row.test_clock_id,
    clockTime: row.frozen_time,
    clockStatus: row.clock_status,
  };
}

/** The contract's `Tenant`. */
export function tenantView(tenant: TenantRecord, livemode: boolean) {
  return {
    id: tenant.id,
    companyName: tenant.companyName,
    status: tenant.status,
    subscription: {
      status: tenant.subscriptionStatus,
      plan: tenant.plan,
      startedAt: timestamp(tenant.subscriptionStartedAt),
      endedAt: nullableTimestamp(tenant.subscriptionEndedAt),
    },
    createdAt: timestamp(tenant.createdAt),
    closedAt: nullableTimestamp(tenant.closedAt),
    exportWindowEndsAt: nullableTimestamp(tenant.exportWindowEndsAt),
    deletionDueAt: nullableTimestamp(tenant.deletionDueAt),
    testClockId: tenant.testClockId,
    livemode,
  };
}
