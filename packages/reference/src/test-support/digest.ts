import { quoteIdentifier } from "../database/identifiers.js";
import type { TestReference } from "./boot.js";

/** A digest of every row of every table of the given schemas: equal digests, nothing was written. */
export function digestOf(reference: TestReference, schemas: readonly string[]): Promise<string> {
  return reference.platform.database.ownerTransaction(async (tx) => {
    const tables = await tx.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_schema = ANY($1::text[]) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
      [schemas],
    );
    const parts = tables.map(
      (t) =>
        `SELECT '${t.table_schema}.${t.table_name}' AS name, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS digest FROM ${quoteIdentifier(t.table_schema)}.${quoteIdentifier(t.table_name)} r`,
    );
    const rows = await tx.query<{ name: string; digest: string }>(parts.join(" UNION ALL "));
    return rows
      .map((r) => `${r.name}:${r.digest}`)
      .sort()
      .join("\n");
  });
}

export async function schemaOf(reference: TestReference, tenantId: string): Promise<string> {
  const [row] = await reference.platform.database.transaction((tx) =>
    tx.query<{ schema_name: string }>("SELECT schema_name FROM catalog.tenants WHERE id = $1", [tenantId]),
  );
  if (!row) throw new Error(`no tenant ${tenantId}`);
  return row.schema_name;
}
