import { deadline } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import type { GroupJobHandler, Platform } from "../operations/operation-group.js";
import { findTenant, type TenantRecord } from "../platform/tenant-records.js";
import { securityIncidents } from "./incident-retention.js";
import type { PrivacyOrigin, Sweeper } from "./privacy-parts.js";
import {
  accountData,
  auditTrail,
  communications,
  crmData,
  purgeWholeAccount,
} from "./retention-account-targets.js";
import { latestDueAnchor, purgeDueAt, tenantEvents } from "./retention-clock.js";
import {
  credentials,
  disconnectedIntegrations,
  earliestStoredResponse,
  integrationsAtWindowEnd,
  invoices,
  purgeStoredResponses,
  type RetentionTarget,
  type SweepContext,
  telemetryAggregates,
  telemetryEvents,
} from "./retention-targets.js";
import { releasePaymentsCustomer } from "./retention-vendor-purges.js";

/** The job kind of a tenant's sweep (served by the retention group): one pending per tenant. */
export const retentionSweepJob = "retention-sweep";

/**
 * Every kind of data the reference holds under a retention rule, in the order a sweep purges them:
 * communications before the contacts they belong to, the users last of the account's own data.
 */
export const retentionTargets: readonly RetentionTarget[] = [
  telemetryEvents,
  telemetryAggregates,
  invoices,
  disconnectedIntegrations,
  credentials,
  integrationsAtWindowEnd,
  communications,
  crmData,
  accountData,
  auditTrail,
  securityIncidents,
];

/** The sweeper the platform uses: `parts.sweeper` when a composition swaps it, else the default. */
export function sweeperOf(platform: Platform): Sweeper {
  return (platform.parts.sweeper as Sweeper | undefined) ?? defaultSweeper;
}

/** A tenant still waiting for its whole-account purge: closure events stand and it is not purged yet. */
function awaitsWholePurge(tenant: TenantRecord): tenant is TenantRecord & { deletionDueAt: Date } {
  return tenant.deletionDueAt !== null && tenant.status !== "purged" && tenant.status !== "active";
}

/**
 * The earliest instant at which something of the tenant falls due: each record kind's deadline from the
 * MIN of its indexed anchor column, each closure rule's deadline from the tenant's events, the
 * whole-account purge. `after` (a sweep's own now) leaves out what is already past, so a sweep never
 * reschedules itself at its own instant; without it, overdue work is due at once.
 */
export async function nextSweepAt(
  tx: Queryable,
  platform: Platform,
  tenant: TenantRecord,
  now: Date,
  options: { strictlyAfter?: boolean } = {},
): Promise<Date | undefined> {
  const candidates: Date[] = [];
  const consider = (at: Date | undefined | null) => {
    if (!at) return;
    if (at.getTime() > now.getTime()) candidates.push(at);
    else if (!options.strictlyAfter) candidates.push(now);
  };
  const events = tenantEvents(tenant);
  for (const target of retentionTargets) {
    const found = target.rule(platform.policy);
    if (!found) continue;
    if (target.kind === "record") {
      // A sweep placing its successor has purged everything anchored at or before its due anchor.
      const purgedThrough = options.strictlyAfter ? latestDueAnchor(found.rule, now) : undefined;
      const earliest = await target.earliest(tx, tenant, purgedThrough);
      consider(earliest ? deadline(found.rule, earliest) : null);
    } else {
      const due = purgeDueAt(platform.policy, found.rule, events);
      if (!due) continue;
      if (due.getTime() > now.getTime()) consider(due);
      else if (await target.remains(tx, tenant)) consider(due);
    }
  }
  consider(await earliestStoredResponse(tx, tenant));
  if (awaitsWholePurge(tenant)) consider(tenant.deletionDueAt);
  if (candidates.length === 0) return undefined;
  return new Date(Math.min(...candidates.map((d) => d.getTime())));
}

/**
 * Serialises, per tenant, whatever places its sweep: a write's placement, and the running sweep's last
 * transaction, which places its successor and marks itself finished (both under the same lock).
 */
async function lockTenantSweeps(tx: Queryable, tenantId: string): Promise<void> {
  await tx.query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS locked", [
    `${retentionSweepJob}:${tenantId}`,
  ]);
}

/**
 * Whether a sweep of the tenant is running (other than `ownJobId`). While one runs, a write places no
 * sweep of its own: the running sweep's last transaction re-reads every deadline after the write (it
 * takes the same lock), so it places the successor, and two sweeps of one tenant never run at once.
 */
async function sweepRunning(tx: Queryable, tenantId: string, ownJobId?: string): Promise<boolean> {
  const [row] = await tx.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM catalog.jobs WHERE tenant_id = $1 AND kind = $2 AND status = 'running'
       AND ($3::uuid IS NULL OR id <> $3::uuid)) AS found`,
    [tenantId, retentionSweepJob, ownJobId ?? null],
  );
  return row?.found === true;
}

/**
 * Keeps exactly one pending sweep job for the tenant, due at `dueAt` (moved earlier or later, since a
 * reopening can push a deadline back), or none when nothing is due ever. A running sweep counts as the
 * tenant's sweep: it places the next one as it ends (`ownJobId` is that sweep placing its successor).
 */
export async function placeSweepJob(
  tx: Queryable,
  platform: Platform,
  tenantId: string,
  dueAt: Date | undefined,
  ownJobId?: string,
): Promise<void> {
  await lockTenantSweeps(tx, tenantId);
  if (await sweepRunning(tx, tenantId, ownJobId)) return;
  const pending = await tx.query<{ id: string; due_at: Date }>(
    `SELECT id, due_at FROM catalog.jobs WHERE tenant_id = $1 AND kind = $2 AND status = 'pending'
     ORDER BY due_at, id FOR UPDATE`,
    [tenantId, retentionSweepJob],
  );
  const [kept, ...extra] = dueAt ? pending : [];
  const removed = dueAt ? extra : pending;
  if (removed.length > 0) {
    await tx.query("DELETE FROM catalog.jobs WHERE id = ANY($1::uuid[])", [removed.map((j) => j.id)]);
  }
  if (!dueAt) return;
  if (kept) {
    if (kept.due_at.getTime() !== dueAt.getTime()) {
      await tx.query("UPDATE catalog.jobs SET due_at = $2 WHERE id = $1", [kept.id, dueAt]);
    }
    return;
  }
  await platform.jobs.schedule(tx, { kind: retentionSweepJob, tenantId, dueAt });
}

/**
 * Makes sure the tenant's sweep falls due no later than `at` (a few statements, for writes on the
 * request path that every mutation makes, such as a stored idempotent response and its lifetime).
 */
export async function ensureSweepBy(tx: Queryable, platform: Platform, tenantId: string, at: Date) {
  // A composition without the retention group (a subset of `groups`) has no sweep to place.
  if (!platform.jobs.has(retentionSweepJob)) return;
  await lockTenantSweeps(tx, tenantId);
  if (await sweepRunning(tx, tenantId)) return;
  const [pending] = await tx.query<{ id: string; due_at: Date }>(
    `SELECT id, due_at FROM catalog.jobs WHERE tenant_id = $1 AND kind = $2 AND status = 'pending'
     ORDER BY due_at, id LIMIT 1 FOR UPDATE`,
    [tenantId, retentionSweepJob],
  );
  if (pending && pending.due_at.getTime() <= at.getTime()) return;
  if (pending) await tx.query("UPDATE catalog.jobs SET due_at = $2 WHERE id = $1", [pending.id, at]);
  else await platform.jobs.schedule(tx, { kind: retentionSweepJob, tenantId, dueAt: at });
}

/** The default sweeper: `reschedule` places the tenant's sweep job at its earliest deadline. */
export const defaultSweeper: Sweeper = {
  async reschedule({ tx, platform, tenant, now }: PrivacyOrigin) {
    // The caller may hold the tenant as it was before its own change (a closure): read it again.
    const current = (await findTenant(tx, tenant.id)) ?? tenant;
    await placeSweepJob(tx, platform, current.id, await nextSweepAt(tx, platform, current, now));
  },
};

type DuePurge = { target: RetentionTarget; cutoff: Date };

/**
 * The targets with something due at `now`, read in one transaction: a purge never makes another
 * target due, and one transaction per target cost more than a small purge does.
 */
async function duePurges({ platform, tenant, now, inTenant }: SweepContext): Promise<DuePurge[]> {
  const events = tenantEvents(tenant);
  return inTenant(async (tx) => {
    const due: DuePurge[] = [];
    for (const target of retentionTargets) {
      const found = target.rule(platform.policy);
      if (!found) continue;
      if (target.kind === "record") {
        const earliest = await target.earliest(tx, tenant);
        if (earliest && deadline(found.rule, earliest).getTime() <= now.getTime()) {
          due.push({ target, cutoff: latestDueAnchor(found.rule, now) });
        }
      } else {
        const at = purgeDueAt(platform.policy, found.rule, events);
        if (at && at.getTime() <= now.getTime() && (await target.remains(tx, tenant))) {
          due.push({ target, cutoff: now });
        }
      }
    }
    return due;
  });
}

/** Purges everything of the tenant due at `context.now`, rule by rule. */
export async function sweepTenant(context: SweepContext): Promise<void> {
  const { tenant, now } = context;
  for (const { target, cutoff } of await duePurges(context)) {
    if (target.kind === "record") await target.purge(context, cutoff);
    else await target.purge(context);
  }
  await purgeStoredResponses(context);
  if (awaitsWholePurge(tenant) && tenant.deletionDueAt.getTime() <= now.getTime()) {
    await purgeWholeAccount(context);
  }
  await releasePaymentsCustomer(context);
}

/**
 * The sweep job: purges what is due at its due time on the tenant's clock, then places the tenant's next
 * sweep at the next deadline, so sweeps run at each record's own deadline and at no other time.
 */
export const runRetentionSweep: GroupJobHandler = async ({ job, now, database, platform, step }) => {
  const tenantId = job.tenantId;
  if (!tenantId) return;
  const tenant = await database.transaction((tx) => findTenant(tx, tenantId));
  if (!tenant) return;
  const inTenant = <T>(fn: (tx: Queryable) => Promise<T>) =>
    database.transaction(fn, { searchPath: [tenant.schemaName, "catalog"] });
  await sweepTenant({ platform, tenant, now, inTenant, step });
  await inTenant(async (tx) => {
    // The lock comes before the reads: a write that deferred to this sweep has committed by then, so
    // the successor is placed from what it wrote (a read before the lock could miss it for good).
    await lockTenantSweeps(tx, tenantId);
    const after = (await findTenant(tx, tenantId)) ?? tenant;
    const next = await nextSweepAt(tx, platform, after, now, { strictlyAfter: true });
    await placeSweepJob(tx, platform, tenantId, next, job.id);
    // Finished as of this transaction (the queue records `done` again after): a write committed after
    // it no longer defers to this sweep and places its own.
    await tx.query("UPDATE catalog.jobs SET status = 'done', finished_at = now() WHERE id = $1", [job.id]);
  });
};
