import { randomUUID } from "node:crypto";
import { problem } from "../platform/problem.js";
import { openSession, sessionWithTokenView } from "../platform/sessions.js";
import { findTenant, tenantView } from "../platform/tenant-records.js";
import { ageOn, ownerRole, type UserRow, userView } from "../platform/users.js";
import type { OperationGroup } from "./operation-group.js";

interface TenantCreate {
  companyName: string;
  owner: { name: string; email: string; birthDate: string; jobTitle?: string };
  plan?: string;
  testClockId?: string;
}

/** Tenants: sign-up and the caller's own tenant. */
export const tenants: OperationGroup = {
  name: "tenants",
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
    async getTenant({ tenant, platform }) {
      if (!tenant) throw problem("not-found", "No tenant.");
      return { status: 200, body: tenantView(tenant, platform.mode === "production") };
    },
  },
};
