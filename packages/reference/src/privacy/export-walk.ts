import type { Queryable } from "../database/database.js";

/** Rows per page of a walk: small enough that a page of any table stays a few hundred kilobytes. */
export const walkPageSize = 500;

/**
 * A keyset walk over one table: `columns` from `from`, filtered by `where` (its own parameters are
 * `$1`, `$2`...), ordered by the two `key` expressions (SQL expression and type), which together are
 * unique. Each page starts after the last row of the one before, so memory holds one page at a time
 * whatever the table's size (issue 11 measures a million records).
 */
export interface Walk {
  columns: string;
  from: string;
  where?: string;
  params?: readonly unknown[];
  key: readonly [[string, string], [string, string]];
}

export async function* walkRows<Row>(tx: Queryable, walk: Walk): AsyncGenerator<Row> {
  const params = walk.params ?? [];
  const [[k0, t0], [k1, t1]] = walk.key;
  const a = params.length + 1;
  const b = params.length + 2;
  // Keys travel as text so a timestamp's microseconds survive the round trip through JavaScript.
  const base = `SELECT ${walk.columns}, (${k0})::text AS walk_k0, (${k1})::text AS walk_k1 FROM ${walk.from}`;
  const filter = walk.where ? `(${walk.where})` : "true";
  const order = `ORDER BY ${k0}, ${k1} LIMIT ${walkPageSize}`;
  let after: [string, string] | undefined;
  for (;;) {
    const rows = after
      ? await tx.query<Row & { walk_k0: string; walk_k1: string }>(
          `${base} WHERE ${filter} AND (${k0}, ${k1}) > ($${a}::${t0}, $${b}::${t1}) ${order}`,
          [...params, ...after],
        )
      : await tx.query<Row & { walk_k0: string; walk_k1: string }>(
          `${base} WHERE ${filter} ${order}`,
          params,
        );
    for (const row of rows) yield row as Row;
    const last = rows[rows.length - 1];
    if (!last || rows.length < walkPageSize) return;
    after = [last.walk_k0, last.walk_k1];
  }
}
