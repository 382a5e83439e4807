import type { Queryable } from "./database.js";
import { quoteIdentifier } from "./identifiers.js";

/**
 * One step of a schema's history. `id` is unique and never reused (`tenants/001-users`): groups add their
 * own migrations under their own prefix, so two groups never compete for a version number.
 */
export interface Migration {
  id: string;
  /** The statements, given the schema's quoted name (`"tenant_ab12"`); plain SQL for PostgreSQL 15 and PGlite. */
  sql(schema: string): string;
}

/**
 * Applies, in order, every migration not yet recorded in the schema's own `schema_migrations` table, and
 * records each in the same transaction. Answers the ids it applied.
 */
export async function migrateSchema(tx: Queryable, schema: string, migrations: readonly Migration[]) {
  const q = quoteIdentifier(schema);
  await tx.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
  await tx.query(
    `CREATE TABLE IF NOT EXISTS ${q}.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const done = new Set(
    (await tx.query<{ id: string }>(`SELECT id FROM ${q}.schema_migrations`)).map((row) => row.id),
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.id)) continue;
    for (const statement of splitStatements(migration.sql(q))) await tx.query(statement);
    await tx.query(`INSERT INTO ${q}.schema_migrations (id) VALUES ($1)`, [migration.id]);
    applied.push(migration.id);
  }
  return applied;
}

/**
 * Splits a migration into statements (bound-parameter queries take one each). Dollar-quoted bodies
 * (`$$ ... $$`) are kept whole; migrations hold no semicolons inside string literals.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  let inDollar = false;
  for (let i = 0; i < sql.length; i++) {
    if (sql.startsWith("$$", i)) {
      inDollar = !inDollar;
      current += "$$";
      i++;
      continue;
    }
    const char = sql[i];
    if (char === ";" && !inDollar) {
      if (current.trim()) out.push(current.trim());
      current = "";
    } else current += char;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
