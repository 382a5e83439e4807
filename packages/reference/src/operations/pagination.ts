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
    value.some((part, index) => typeof part !== shape[index]) ||
    // A number in a cursor is a position or an offset this API issued: a non-negative safe integer.
    value.some((part) => typeof part === "number" && !(Number.isSafeInteger(part) && part >= 0))
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

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notOurs = () =>
  problem("validation-failed", "The cursor is not one this API issued.", {
    errors: [{ path: "/query/cursor", message: "is not a cursor of this list" }],
  });

/** A cursor's instant, as `toISOString` wrote it: anything else would reach the SQL malformed. */
export function cursorInstant(value: string): string {
  if (!isoInstant.test(value) || Number.isNaN(Date.parse(value))) throw notOurs();
  return value;
}

/** Keyset pagination over `(created_at, id)`, oldest first: the SQL condition and its two parameters. */
export function createdAfter(cursor: string | undefined): { after: [string, string] | undefined } {
  const decoded = decodeCursor(cursor, ["string", "string"] as const);
  if (!decoded) return { after: undefined };
  if (!uuid.test(decoded[1])) throw notOurs();
  return { after: [cursorInstant(decoded[0]), decoded[1]] };
}
