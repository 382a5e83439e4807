import type { Policy } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import type { Platform } from "../operations/operation-group.js";
import type { TenantRecord } from "../platform/tenant-records.js";
import { byAnchor, byCategory, findRule } from "./retention-clock.js";

type RetentionRule = Policy["retention"][string];

/** What a purge can reach: the tenant's schema (then the catalogue) in one transaction, and the job's ledger. */
export interface SweepContext {
  platform: Platform;
  tenant: TenantRecord;
  /** The sweep's now: the job's due time on the tenant's clock. */
  now: Date;
  inTenant<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * Data whose clock starts at an event of each record, kept in an indexed column: its earliest deadline
 * is the rule's deadline from the column's MIN, and a sweep deletes every record whose anchor is at or
 * before the latest due anchor.
 */
export interface RecordTarget {
  kind: "record";
  name: string;
  rule(policy: Policy): { name: string; rule: RetentionRule } | undefined;
  /**
   * The earliest anchor instant of the records still held, or null when none is. `after`: a sweep that
   * just purged every record anchored at or before it asks only past it, so the lookup never walks the
   * index entries of the rows it deleted (a million dead entries made it slower than the purge).
   */
  earliest(tx: Queryable, tenant: TenantRecord, after?: Date): Promise<Date | null>;
  purge(context: SweepContext, cutoff: Date): Promise<void>;
}

/**
 * Data whose clock starts at the tenant's closure events (the export window and what follows it): due at
 * the rule's deadline from those events; `remains` says whether anything is left to purge.
 */
export interface ClosureTarget {
  kind: "closure";
  name: string;
  rule(policy: Policy): { name: string; rule: RetentionRule } | undefined;
  remains(tx: Queryable, tenant: TenantRecord): Promise<boolean>;
  purge(context: SweepContext): Promise<void>;
}

export type RetentionTarget = RecordTarget | ClosureTarget;

const closureAnchored = (rule: RetentionRule) =>
  byAnchor("accountClosed")(rule) || byAnchor("subscriptionEnded")(rule);
const held = (rule: RetentionRule) => rule.hold !== undefined;

async function minOf(tx: Queryable, sql: string, values: unknown[] = []): Promise<Date | null> {
  const [row] = await tx.query<{ at: Date | null }>(sql, values);
  return row?.at ?? null;
}

/** `MIN(column)` of `from`, past `after` when given (`from` may carry its own `WHERE`, with `values`). */
function minAfter(tx: Queryable, column: string, from: string, values: unknown[], after?: Date) {
  const where = from.includes(" WHERE ") ? " AND " : " WHERE ";
  return after
    ? minOf(tx, `SELECT MIN(${column}) AS at FROM ${from}${where}${column} > $${values.length + 1}`, [
        ...values,
        after,
      ])
    : minOf(tx, `SELECT MIN(${column}) AS at FROM ${from}`, values);
}

async function exists(tx: Queryable, sql: string, values: unknown[] = []): Promise<boolean> {
  const [row] = await tx.query<{ found: boolean }>(`SELECT EXISTS (${sql}) AS found`, values);
  return row?.found === true;
}

/** §7 and the summary table: raw events, each counted from its own collection. */
export const telemetryEvents: RecordTarget = {
  kind: "record",
  name: "telemetry-events",
  rule: (policy) => findRule(policy, "telemetry-raw", byAnchor("collected")),
  earliest: (tx, _tenant, after) => minAfter(tx, "collected_at", "telemetry_events", [], after),
  async purge({ inTenant }, cutoff) {
    await inTenant((tx) => tx.query("DELETE FROM telemetry_events WHERE collected_at <= $1", [cutoff]));
  },
};

/** Aggregates, counted from the end of the period each covers. */
export const telemetryAggregates: RecordTarget = {
  kind: "record",
  name: "telemetry-aggregates",
  rule: (policy) => findRule(policy, "telemetry-aggregated", byAnchor("periodEnded")),
  earliest: (tx, _tenant, after) => minAfter(tx, "period_end", "telemetry_aggregates", [], after),
  async purge({ inTenant }, cutoff) {
    await inTenant((tx) => tx.query("DELETE FROM telemetry_aggregates WHERE period_end <= $1", [cutoff]));
  },
};

/**
 * §11's legal hold on billing: invoices are kept for the billing rule's period from the invoice date the
 * reference recorded, whatever happens to the account, and removed when it ends.
 */
export const invoices: RecordTarget = {
  kind: "record",
  name: "invoices",
  rule: (policy) => findRule(policy, "billing", byAnchor("invoiceIssued")),
  earliest: (tx, tenant, after) =>
    minAfter(tx, "issued_at", "catalog.invoices WHERE tenant_id = $1", [tenant.id], after),
  async purge({ inTenant, tenant }, cutoff) {
    await inTenant((tx) =>
      tx.query("DELETE FROM catalog.invoices WHERE tenant_id = $1 AND issued_at <= $2", [tenant.id, cutoff]),
    );
  },
};

/**
 * Records of a disconnected integration, counted from its disconnection (the integrations group already
 * purges them at once; this catches any left, and the sealed credentials).
 */
export const disconnectedIntegrations: RecordTarget = {
  kind: "record",
  name: "disconnected-integrations",
  rule: (policy) => findRule(policy, "integration", byAnchor("integrationDisconnected")),
  earliest: (tx, _tenant, after) =>
    minAfter(
      tx,
      "i.disconnected_at",
      `integrations i WHERE i.disconnected_at IS NOT NULL
         AND (i.credentials_sealed IS NOT NULL OR EXISTS (SELECT 1 FROM integration_records r WHERE r.integration_id = i.id))`,
      [],
      after,
    ),
  purge: ({ inTenant }, cutoff) =>
    inTenant(async (tx) => {
      await tx.query(
        `DELETE FROM integration_records WHERE integration_id IN
           (SELECT id FROM integrations WHERE disconnected_at <= $1)`,
        [cutoff],
      );
      await tx.query("UPDATE integrations SET credentials_sealed = NULL WHERE disconnected_at <= $1", [
        cutoff,
      ]);
    }),
};

/** The reference's own lifetime of stored idempotent responses (no rule of the policy: `rule: null`). */
export async function earliestStoredResponse(tx: Queryable, tenant: TenantRecord) {
  return minOf(tx, "SELECT MIN(expires_at) AS at FROM catalog.idempotent_responses WHERE tenant_id = $1", [
    tenant.id,
  ]);
}

export async function purgeStoredResponses({ inTenant, tenant, now }: SweepContext) {
  await inTenant((tx) =>
    tx.query("DELETE FROM catalog.idempotent_responses WHERE tenant_id = $1 AND expires_at <= $2", [
      tenant.id,
      now,
    ]),
  );
}

/** §11: passkeys, SSO tokens and sessions work (export-only) until the export window ends, then go. */
export const credentials: ClosureTarget = {
  kind: "closure",
  name: "credentials",
  rule: (policy) =>
    findRule(policy, "authentication-credentials", (r) => byCategory("authentication")(r) && !held(r)),
  remains: (tx, tenant) =>
    exists(
      tx,
      `SELECT 1 FROM sessions UNION ALL SELECT 1 FROM passkeys UNION ALL SELECT 1 FROM sso_configuration
       UNION ALL SELECT 1 FROM sso_token_uses UNION ALL SELECT 1 FROM catalog.session_challenges WHERE tenant_id = $1`,
      [tenant.id],
    ),
  purge: ({ inTenant, tenant }) =>
    inTenant(async (tx) => {
      for (const table of ["sessions", "passkeys", "sso_configuration", "sso_token_uses"]) {
        await tx.query(`DELETE FROM ${table}`);
      }
      await tx.query("DELETE FROM catalog.session_challenges WHERE tenant_id = $1", [tenant.id]);
    }),
};

/**
 * §11: closure stops syncing at once, and the end of the export window disconnects every integration:
 * its records, credentials and allowed host go, as on a disconnection.
 */
export const integrationsAtWindowEnd: ClosureTarget = {
  kind: "closure",
  name: "integrations",
  rule: (policy) =>
    findRule(policy, "integration", (r) => byCategory("integration")(r) && closureAnchored(r)),
  remains: (tx, tenant) =>
    exists(
      tx,
      `SELECT 1 FROM integrations WHERE status = 'connected' OR credentials_sealed IS NOT NULL
       UNION ALL SELECT 1 FROM integration_records
       UNION ALL SELECT 1 FROM catalog.outbound_destinations WHERE tenant_id = $1 AND source = 'integration'`,
      [tenant.id],
    ),
  purge: ({ inTenant, tenant, now }) =>
    inTenant(async (tx) => {
      await tx.query("DELETE FROM integration_records");
      await tx.query(
        `UPDATE integrations SET status = 'disconnected', disconnected_at = COALESCE(disconnected_at, $1),
           credentials_sealed = NULL`,
        [now],
      );
      await tx.query(
        "DELETE FROM catalog.outbound_destinations WHERE tenant_id = $1 AND source = 'integration'",
        [tenant.id],
      );
    }),
};
