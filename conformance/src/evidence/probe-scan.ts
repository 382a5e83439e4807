import type { DatabaseProbe } from "../harness/target.js";

/** A seeded value found in a table of the target's database. */
export interface ProbeHit {
  readonly schema: string;
  readonly table: string;
  readonly value: string;
}

export interface ProbeScanOptions {
  /** `schema.table` names (or bare table names, any schema) whose rows are allowed to hold the values. */
  readonly exclude?: readonly string[];
}

const systemSchemas = ["pg_catalog", "information_schema", "pg_toast"];

/**
 * Looks for each value in every row of every table of every schema, through the row's text form, so
 * a copy in any column (jsonb, arrays, text) is found whatever the implementation named it. This is
 * independent evidence: it never asks the implementation what it holds.
 */
export async function scanForValues(
  probe: DatabaseProbe,
  values: readonly string[],
  options: ProbeScanOptions = {},
): Promise<ProbeHit[]> {
  const wanted = [...new Set(values.filter((value) => value.length > 0))];
  if (wanted.length === 0) return [];
  const excluded = new Set(options.exclude ?? []);
  const tables = await probe.query<{ schema: string; table: string }>(
    `SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema <> ALL($1::text[]) AND table_schema NOT LIKE 'pg_temp%'
      ORDER BY 1, 2`,
    [systemSchemas],
  );
  const patterns = wanted.map((value) => `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
  const hits: ProbeHit[] = [];
  for (const { schema, table } of tables) {
    if (excluded.has(table) || excluded.has(`${schema}.${table}`)) continue;
    const quoted = `"${schema.replaceAll('"', '""')}"."${table.replaceAll('"', '""')}"`;
    const rows = await probe.query<{ pattern: string }>(
      `SELECT DISTINCT p.pattern FROM ${quoted} AS t, unnest($1::text[]) AS p(pattern) WHERE t::text LIKE p.pattern`,
      [patterns],
    );
    for (const { pattern } of rows)
      hits.push({ schema, table, value: wanted[patterns.indexOf(pattern)] as string });
  }
  return hits;
}
