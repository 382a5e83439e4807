import { randomUUID } from "node:crypto";
import { problem } from "../platform/problem.js";
import { openSession, sessionWithTokenView } from "../platform/sessions.js";
import { writeClosureState } from "../platform/tenant-lifecycle.js";
import { findTenant, type TenantRecord, tenantView } from "../platform/tenant-records.js";
import { ageOn, ownerRole, type UserRow, userView } from "../platform/users.js";
import { sweeperOf } from "../privacy/default-sweeper.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";

interface TenantCreate {
  companyName: string;
  owner: { name: string; email: string; birthDate: string; jobTitle?: string };
  plan?: string;
  testClockId?: string;
}

const exportWindowEndedJob = "tenant-export-window-ended";

function callerTenant(context: OperationContext): TenantRecord {
  if (!context.tenant) throw new Error(`${context.operationId} needs the caller's tenant`);
  return context.tenant;
}

/** Applies new closure events, records the audit entry and answers the tenant as it now is. */
async function changeClosure(
  context: OperationContext,
  events: { closedAt: Date | null; subscriptionEndedAt: Date | null },
  plan?: string,
) {
  const tenant = callerTenant(context);
  const { exportWindowEndsAt } = await writeClosureState(
    context.tx,
    context.platform.policy,
    tenant.id,
    events,
  );
  if (exportWindowEndsAt) {
    await context.platform.jobs.schedule(context.tx, {
      kind: exportWindowEndedJob,
      tenantId: tenant.id,
      dueAt: exportWindowEndsAt,
      payload: { exportWindowEndsAt: exportWindowEndsAt.toISOString() },
    });
  }
  if (plan !== undefined) {
    await context.tx.query(
      "UPDATE catalog.tenants SET plan = $2, subscription_started_at = $3 WHERE id = $1",
      [tenant.id, plan, context.now],
    );
  }
  // Closure and subscription events move every closure-anchored deadline (a reopening cancels them).
  await sweeperOf(context.platform).reschedule({
    tx: context.tx,
    platform: context.platform,
    tenant,
    now: context.now,
  });
  await context.audit({ type: "tenant", id: tenant.id });
  const updated = (await findTenant(context.tx, tenant.id)) as TenantRecord;
  return { status: 200, body: tenantView(updated, context.platform.mode === "production") };
}

/** Tenants: sign-up, the caller's own tenant, closure and the export window, the subscription. */
export const tenants: OperationGroup = {
  name: "tenants",
  jobs: {
    // At the window's end the account leaves export-only: sign-in stops and purging may begin (the
    // purges themselves are the retention sweeps' work). A window moved since (reopened, resubscribed)
    // leaves this job nothing to do.
    async [exportWindowEndedJob]({ job, now, database }) {
      await database.transaction((tx) =>
        tx.query(
          `UPDATE catalog.tenants SET status = 'pending-deletion'
           WHERE id = $1 AND status = 'export-only' AND export_window_ends_at = $2 AND export_window_ends_at <= $3`,
          [job.tenantId, new Date(job.payload.exportWindowEndsAt as string), now],
        ),
      );
    },
  },
  operations: {
    async createTenant(context) {
      const { tx, platform } = context;
      const input = await context.body<TenantCreate>();
      let clockTime: Date | undefined;
      if (input.testClockId !== undefined) {
        const [clock] =
          platform.mode === "test"
            ? await tx.query<{ frozen_time: Date }>(
                "SELECT frozen_time FROM catalog.test_clocks WHERE id = $1",
                [input.testClockId],
              )
            : [];
        if (!clock) {
          throw problem("validation-failed", "testClockId names no test clock.", {
            errors: [
              {
                path: "/body/testClockId",
                message: platform.mode === "test" ? "names no test clock" : "is refused in production mode",
              },
            ],
          });
        }
        clockTime = clock.frozen_time;
      }
      const now = clockTime ?? platform.clock.now();
      if (ageOn(input.owner.birthDate, now) < platform.policy.notices.minimumAge) {
        throw problem("underage", "The stated birth date is under the minimum age; nothing was stored.");
      }
      const schema = await platform.schemas.take(tx);
      const tenantId = randomUUID();
      await tx.query(
        `INSERT INTO catalog.tenants (id, schema_name, company_name, plan, subscription_started_at, created_at, test_clock_id)
         VALUES ($1, $2, $3, $4, $5, $5, $6)`,
        [tenantId, schema, input.companyName, input.plan ?? "starter", now, input.testClockId ?? null],
      );
      const tenant = await findTenant(tx, tenantId);
      if (!tenant) throw new Error("tenant vanished in its own transaction");
      await context.useTenant(tenant);
      const [owner] = await tx.query<UserRow>(
        `INSERT INTO users (id, name, email, role, birth_date, job_title, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
        [
          randomUUID(),
          input.owner.name,
          input.owner.email,
          ownerRole(platform.policy),
          input.owner.birthDate,
          input.owner.jobTitle ?? null,
          now,
        ],
      );
      if (!owner) throw new Error("owner insert answered no row");
      const issued = await openSession(tx, {
        tenantId,
        userId: owner.id,
        method: "sign-up",
        now,
        limits: platform.limits,
        userAgent: context.request.headers.get("user-agent"),
      });
      await context.audit({ type: "tenant", id: tenantId }, { actor: { type: "user", id: owner.id } });
      return {
        status: 201,
        headers: { location: "tenant" },
        body: {
          tenant: tenantView(tenant, platform.mode === "production"),
          owner: userView(owner, tenantId),
          session: sessionWithTokenView(issued, tenantId),
        },
      };
    },
    async closeTenant(context) {
      const tenant = callerTenant(context);
      const input = await context.body<{ confirmCompanyName: string; reason?: string }>();
      if (input.confirmCompanyName !== tenant.companyName) {
        throw problem("validation-failed", "The confirmation does not match the company name.", {
          errors: [{ path: "/body/confirmCompanyName", message: "must equal the tenant's company name" }],
        });
      }
      if (tenant.closedAt) throw problem("conflict", "The account is already closed.");
      return changeClosure(context, {
        closedAt: context.now,
        subscriptionEndedAt: tenant.subscriptionEndedAt,
      });
    },
    async reopenTenant(context) {
      const tenant = callerTenant(context);
      if (!tenant.closedAt) throw problem("conflict", "The account is not closed.");
      return changeClosure(context, { closedAt: null, subscriptionEndedAt: tenant.subscriptionEndedAt });
    },
    async startSubscription(context) {
      const tenant = callerTenant(context);
      const { plan } = await context.body<{ plan: string }>();
      if (tenant.subscriptionStatus === "active")
        throw problem("conflict", "The subscription is already active.");
      return changeClosure(context, { closedAt: tenant.closedAt, subscriptionEndedAt: null }, plan);
    },
    async endSubscription(context) {
      const tenant = callerTenant(context);
      if (tenant.subscriptionStatus === "ended")
        throw problem("conflict", "The subscription has already ended.");
      return changeClosure(context, { closedAt: tenant.closedAt, subscriptionEndedAt: context.now });
    },
    async getTenant({ tenant, platform }) {
      if (!tenant) throw problem("not-found", "No tenant.");
      return { status: 200, body: tenantView(tenant, platform.mode === "production") };
    },
  },
};
