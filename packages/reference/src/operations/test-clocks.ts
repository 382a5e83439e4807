import { randomUUID } from "node:crypto";
import { timestamp } from "../platform/clock.js";
import { buildInventory } from "../platform/inventory.js";
import { problem } from "../platform/problem.js";
import { findTenant } from "../platform/tenant-records.js";
import { advanceTestClock } from "../platform/test-clock-advance.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";
import { createdAfter, createdPosition, page } from "./pagination.js";

interface ClockRow {
  id: string;
  name: string | null;
  frozen_time: Date;
  status: "ready" | "advancing" | "failed";
  advancing_to: Date | null;
  failure: unknown;
  created_at: Date;
  tenant_count: number;
}

const selectClock = `SELECT c.*, (SELECT count(*)::int FROM catalog.tenants t WHERE t.test_clock_id = c.id) AS tenant_count
  FROM catalog.test_clocks c`;

function clockView(row: ClockRow) {
  return {
    id: row.id,
    name: row.name,
    frozenTime: timestamp(row.frozen_time),
    status: row.status,
    advancingTo: row.advancing_to ? timestamp(row.advancing_to) : null,
    failure: row.failure ?? null,
    tenantCount: row.tenant_count,
    createdAt: timestamp(row.created_at),
  };
}

async function existingClock(context: OperationContext, lock = false): Promise<ClockRow> {
  const [row] = await context.tx.query<ClockRow>(
    `${selectClock} WHERE c.id = $1${lock ? " FOR UPDATE OF c" : ""}`,
    [context.params.testClockId],
  );
  if (!row) throw problem("not-found", "No such test clock.");
  return row;
}

/** Test clocks (test mode only): controllable time for the tenants bound to each. */
export const testClocks: OperationGroup = {
  name: "test-clocks",
  operations: {
    async createTestClock(context) {
      const input = await context.body<{ frozenTime: string; name?: string }>();
      const id = randomUUID();
      await context.tx.query(
        "INSERT INTO catalog.test_clocks (id, name, frozen_time, created_at) VALUES ($1, $2, $3, $4)",
        [id, input.name ?? null, new Date(input.frozenTime), context.platform.clock.now()],
      );
      const [row] = await context.tx.query<ClockRow>(`${selectClock} WHERE c.id = $1`, [id]);
      return { status: 201, headers: { location: `test-clocks/${id}` }, body: clockView(row as ClockRow) };
    },
    async listTestClocks(context) {
      const { cursor, limit } = context.query<{ cursor?: string; limit: number }>();
      const { after } = createdAfter(cursor);
      const rows = await context.tx.query<ClockRow>(
        `${selectClock} WHERE $1::timestamptz IS NULL OR (c.created_at, c.id) > ($1::timestamptz, $2::uuid)
         ORDER BY c.created_at, c.id LIMIT $3`,
        [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      return {
        status: 200,
        body: page(rows, limit, clockView, createdPosition),
      };
    },
    async getTestClock(context) {
      return { status: 200, body: clockView(await existingClock(context)) };
    },
    async deleteTestClock(context) {
      const clock = await existingClock(context, true);
      if (clock.status === "advancing")
        throw problem("conflict", "The clock is advancing; delete it once it is not.");
      const tenants = await context.tx.query<{ id: string; schema_name: string }>(
        "DELETE FROM catalog.tenants WHERE test_clock_id = $1 RETURNING id, schema_name",
        [clock.id],
      );
      const ids = tenants.map((t) => t.id);
      await context.tx.query(
        "DELETE FROM catalog.jobs WHERE test_clock_id = $1 OR tenant_id = ANY($2::uuid[])",
        [clock.id, ids],
      );
      await context.tx.query("DELETE FROM catalog.idempotent_responses WHERE tenant_id = ANY($1::uuid[])", [
        ids,
      ]);
      await context.tx.query("DELETE FROM catalog.session_challenges WHERE tenant_id = ANY($1::uuid[])", [
        ids,
      ]);
      await context.tx.query("DELETE FROM catalog.request_tokens WHERE tenant_id = ANY($1::uuid[])", [ids]);
      await context.tx.query("DELETE FROM catalog.test_clocks WHERE id = $1", [clock.id]);
      const { schemas } = context.platform;
      context.afterCommit(async () => {
        for (const tenant of tenants) await schemas.drop(tenant.schema_name);
      });
      return { status: 204 };
    },
    async getTestClockTenantInventory(context) {
      const clock = await existingClock(context);
      const tenant = await findTenant(context.tx, context.params.tenantId as string);
      if (!tenant || tenant.testClockId !== clock.id)
        throw problem("not-found", "No such tenant on this clock.");
      await context.useTenant(tenant);
      const input = { tx: context.tx, tenant, now: context.now, policy: context.platform.policy };
      const holdings = [];
      for (const source of context.platform.inventorySources) holdings.push(...(await source(input)));
      return { status: 200, body: buildInventory({ ...input, testClockId: clock.id }, holdings) };
    },
    async advanceTestClock(context) {
      const clock = await existingClock(context, true);
      const { frozenTime } = await context.body<{ frozenTime: string }>();
      const target = new Date(frozenTime);
      if (target < clock.frozen_time) {
        throw problem("validation-failed", "A clock only moves forward.", {
          errors: [{ path: "/body/frozenTime", message: "must not be earlier than the clock's frozenTime" }],
        });
      }
      if (clock.status === "advancing") throw problem("conflict", "The clock is already advancing.");
      await context.tx.query(
        "UPDATE catalog.test_clocks SET status = 'advancing', advancing_to = $2, failure = NULL WHERE id = $1",
        [clock.id, target],
      );
      const { platform } = context;
      context.afterCommit(() => advanceTestClock(platform, clock.id, target));
      return {
        status: 202,
        headers: { location: `test-clocks/${clock.id}` },
        body: clockView({ ...clock, status: "advancing", advancing_to: target, failure: null }),
      };
    },
  },
};
