import { searchPathSql } from "../../database/identifiers.js";
import { appendAuditEntry } from "../../platform/audit-trail.js";
import { problem } from "../../platform/problem.js";
import type { TenantRecord } from "../../platform/tenant-records.js";
import type { OperationContext } from "../operation-group.js";

/**
 * The time and scope of a platform-wide event (a breach, a policy change). In test mode it is scoped
 * to the tenants of one test clock and timed by it (`testClockId` is required there); in production
 * mode there are no test clocks and the wall clock times it.
 */
export async function operatorScope(
  context: OperationContext,
  testClockId: string | undefined,
): Promise<{ testClockId: string | null; now: Date }> {
  const { platform } = context;
  if (platform.mode === "production") {
    if (testClockId !== undefined) {
      throw problem("validation-failed", "There are no test clocks in production mode.", {
        errors: [{ path: "/body/testClockId", message: "is refused in production mode" }],
      });
    }
    return { testClockId: null, now: platform.clock.now() };
  }
  if (testClockId === undefined) {
    throw problem("validation-failed", "In test mode a platform-wide event names its test clock.", {
      errors: [{ path: "/body/testClockId", message: "is required in test mode" }],
    });
  }
  return { testClockId, now: await clockTime(context, testClockId, "/body/testClockId") };
}

/** A test clock's frozen time; an advancing clock is `test-clock-advancing`, as its tenants' calls are. */
export async function clockTime(context: OperationContext, clockId: string, path: string): Promise<Date> {
  const [clock] = await context.tx.query<{ frozen_time: Date; status: string }>(
    "SELECT frozen_time, status FROM catalog.test_clocks WHERE id = $1 FOR SHARE",
    [clockId],
  );
  if (!clock) {
    throw problem("validation-failed", "testClockId names no test clock.", {
      errors: [{ path, message: "names no test clock" }],
    });
  }
  if (clock.status === "advancing") {
    throw problem("test-clock-advancing", "The test clock is advancing; retry once it is ready.", {
      retryAfter: 1,
    });
  }
  return clock.frozen_time;
}

/**
 * Appends the operation's one audit entry to each tenant's trail: the pipeline's `audit` (exactly one
 * per request, in the request's tenant) for the last, the same entry appended directly for the others,
 * each at `at` (the event's time on the tenants' clock).
 */
export async function auditEach(
  context: OperationContext,
  tenants: readonly TenantRecord[],
  target: { type: string; id: string },
  at: Date,
): Promise<void> {
  const last = tenants[tenants.length - 1];
  if (!last) throw new Error(`${context.operationId}: no tenant's trail to record it in`);
  const action = context.operation.auditAction;
  if (!action) throw new Error(`${context.operationId} has no x-audit-action`);
  const actor = {
    type: "operator" as const,
    id: context.caller.kind === "operator" ? context.caller.id : "operator",
  };
  for (const tenant of tenants.slice(0, -1)) {
    await context.tx.query(searchPathSql([tenant.schemaName, "catalog"]));
    await appendAuditEntry(context.tx, { at, actor, action, target });
  }
  await context.useTenant(last);
  await context.audit(target);
}
