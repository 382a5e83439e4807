import type { Queryable } from "../database/database.js";
import { problem } from "../platform/problem.js";

/** `cursor` and `limit` as every list takes them (validated by the pipeline against the contract). */
export interface PageParams {
  cursor?: string;
  limit: number;
}

/** An opaque cursor: the position after which the next page starts. */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

/** The position a cursor holds, with the types `shape` names; a cursor not made here is `validation-failed`. */
export function decodeCursor<T extends readonly ("string" | "number")[]>(
  cursor: string | undefined,
  shape: T,
): { [K in keyof T]: T[K] extends "number" ? number : string } | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  if (
    !Array.isArray(value) ||
    value.length !== shape.length ||
    value.some((part, index) => typeof part !== shape[index])
  ) {
    throw problem("validation-failed", "The cursor is not one this API issued.", {
      errors: [{ path: "/query/cursor", message: "is not a cursor of this list" }],
    });
  }
  return value as { [K in keyof T]: T[K] extends "number" ? number : string };
}

/**
 * One page from rows fetched with `limit + 1`: the extra row only says another page exists, and the
 * cursor points after the last row served.
 */
export function page<Row, Item>(
  rows: readonly Row[],
  limit: number,
  view: (row: Row) => Item,
  position: (row: Row) => readonly (string | number)[],
): { data: Item[]; nextCursor: string | null } {
  const served = rows.slice(0, limit);
  const last = served[served.length - 1];
  return {
    data: served.map(view),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null,
  };
}

/** A row's place in a list ordered by `(created_at, id)`: the cursor `createdAfter` reads back. */
export const createdPosition = (row: { created_at: Date; id: string }): readonly string[] => [
  row.created_at.toISOString(),
  row.id,
];

/** Keyset pagination over `(created_at, id)`, oldest first: the SQL condition and its two parameters. */
export function createdAfter(cursor: string | undefined): { after: [string, string] | undefined } {
  const decoded = decodeCursor(cursor, ["string", "string"] as const);
  if (decoded && Number.isNaN(Date.parse(decoded[0]))) {
    throw problem("validation-failed", "The cursor is not one this API issued.", {
      errors: [{ path: "/query/cursor", message: "is not a cursor of this list" }],
    });
  }
  return { after: decoded ? [decoded[0], decoded[1]] : undefined };
}

/** One keyset list's query: what to select, its own filters, and the `(timestamp, id)` key it is ordered by. */
export interface KeysetQuery {
  /** `SELECT … FROM …` with its joins, without `WHERE`. */
  select: string;
  /** The list's own conditions, numbered `$1…$n` for `values`; the key's condition is added after them. */
  where?: string;
  values?: readonly unknown[];
  /** The ordering key, qualified as `select` needs it; `(created_at, id)` by default. */
  key?: readonly [timestamp: string, id: string];
}

/**
 * The rows of one page of a list ordered by its `(timestamp, id)` key, oldest first, one past `limit`
 * so `page` knows whether another follows: the keyset condition, ordering and limit every list shares.
 */
export function keysetRows<Row>(tx: Queryable, query: KeysetQuery, params: PageParams): Promise<Row[]> {
  const { after } = createdAfter(params.cursor);
  const [at, id] = query.key ?? ["created_at", "id"];
  const values = query.values ?? [];
  const n = values.length;
  const keyset = `($${n + 1}::timestamptz IS NULL OR (${at}, ${id}) > ($${n + 1}::timestamptz, $${n + 2}::uuid))`;
  return tx.query<Row>(
    `${query.select}
     WHERE ${query.where ? `(${query.where}) AND ` : ""}${keyset}
     ORDER BY ${at}, ${id} LIMIT $${n + 3}`,
    [...values, after?.[0] ?? null, after?.[1] ?? null, params.limit + 1],
  );
}

/** A whole keyset page: `keysetRows`, then each row's view and the cursor after the last (`createdPosition`). */
export async function keysetPage<Row extends { created_at: Date; id: string }, Item>(
  tx: Queryable,
  query: KeysetQuery,
  params: PageParams,
  view: (row: Row) => Item,
): Promise<{ data: Item[]; nextCursor: string | null }> {
  return page(await keysetRows<Row>(tx, query, params), params.limit, view, createdPosition);
}
