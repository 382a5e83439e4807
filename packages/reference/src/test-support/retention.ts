import { purgeWindow, type RetentionClock } from "@crmfactory/taxonomy";
import type { TestReference } from "./boot.js";
import { schemaOf } from "./digest.js";

/** What retention tests look at: deadlines from the policy, rows by SQL, jobs run, the inventory. */
export function retentionProbe(reference: TestReference) {
  const policy = reference.platform.policy;
  const catalogRows = (sql: string, values: unknown[]) =>
    reference.platform.database.ownerTransaction((tx) => tx.query<Record<string, unknown>>(sql, values));
  const rowsPerTable = async (tenantId: string) => {
    const schema = await schemaOf(reference, tenantId);
    return reference.platform.database.ownerTransaction(async (tx) => {
      const tables = await tx.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
        [schema],
      );
      const out: Record<string, number> = {};
      for (const { table_name } of tables) {
        const [row] = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${schema}"."${table_name}"`,
        );
        out[table_name] = row?.n ?? 0;
      }
      return out;
    });
  };
  return {
    /** The purge deadline of the policy's rule `name` for these anchor events. */
    dueOf(name: string, events: Record<string, Date>): Date {
      const rule = policy.retention[name] as RetentionClock | undefined;
      const window = rule && purgeWindow(rule, events, policy.parameters.sweepTolerance);
      if (!window) throw new Error(`no window for ${name}`);
      return window.purgeDue;
    },
    justBefore: (at: Date) => new Date(at.getTime() - 1),
    advance: (clockId: string, at: Date) =>
      reference.operator().testClocks.advanceAndWait(clockId, { frozenTime: at.toISOString() }),
    catalogRows,
    /** Rows of every table of the tenant's schema. */
    rowsPerTable,
    /** The tables of the tenant's schema holding any row (its migration history aside). */
    async nonEmpty(tenantId: string) {
      return Object.entries(await rowsPerTable(tenantId))
        .filter(([table, n]) => n > 0 && table !== "schema_migrations")
        .map(([table]) => table)
        .sort();
    },
    async status(tenantId: string) {
      return (await catalogRows("SELECT status FROM catalog.tenants WHERE id = $1", [tenantId]))[0]?.status;
    },
    /** Jobs of the tenant that ran to completion, by kind. */
    async jobsRun(tenantId: string): Promise<Record<string, number>> {
      const rows = await catalogRows(
        "SELECT kind, count(*)::int AS n FROM catalog.jobs WHERE tenant_id = $1 AND status = 'done' GROUP BY kind",
        [tenantId],
      );
      return Object.fromEntries(rows.map((r) => [r.kind as string, r.n as number]));
    },
    /** Holdings the test-mode inventory lists at or past their purge deadline: none may survive it. */
    async overdue(clockId: string, tenantId: string) {
      const inventory = await reference.operator().testClocks.getTenantInventory(clockId, tenantId);
      return inventory.holdings
        .filter((h) => h.purgeDueAt !== null && h.purgeDueAt <= inventory.asOf)
        .map((h) => `${h.recordType}@${h.location.type}`);
    },
  };
}
