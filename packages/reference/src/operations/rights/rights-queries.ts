import type { Queryable } from "../../database/database.js";
import { quoteIdentifier } from "../../database/identifiers.js";
import { createdAfter } from "../pagination.js";
import type { RightsRequestRow } from "./rights-store.js";

/** The filters of `listRightsRequests` and `listPlatformRightsRequests`. */
export interface RightsListFilters {
  status?: string[];
  kind?: string;
  overdue?: boolean;
  userId?: string;
  contactId?: string;
  /** Only requests of this role (the operator sees `controller` requests only). */
  role?: "controller" | "processor";
  /** Only requests this user filed or that are about them (a caller without `rights:manage`). */
  visibleTo?: string;
}

/** The list's order, `(receivedAt, id)`, as a cursor position. */
export const receivedPosition = (row: RightsRequestRow): readonly string[] => [
  row.received_at.toISOString(),
  row.id,
];

/**
 * One page (`limit + 1` rows) of a tenant's requests after `cursor`, ordered by `(received_at, id)`.
 * `schema` qualifies the table for the operator's lists across tenants; `now` is the tenant's clock, for
 * `overdue` (open, and the deadline in force, the extended one if any, reached).
 */
export function listRightsRows(
  tx: Queryable,
  input: { schema?: string; filters: RightsListFilters; now: Date; cursor?: string; limit: number },
): Promise<RightsRequestRow[]> {
  const { filters } = input;
  const { after } = createdAfter(input.cursor);
  const table = input.schema ? `${quoteIdentifier(input.schema)}.rights_requests` : "rights_requests";
  return tx.query<RightsRequestRow>(
    `SELECT * FROM ${table}
     WHERE ($1::text[] IS NULL OR status = ANY($1::text[]))
       AND ($2::text IS NULL OR kind = $2)
       AND ($3::boolean IS NULL OR $3 = COALESCE(
             status NOT IN ('completed', 'denied', 'cancelled') AND COALESCE(extended_due_at, due_at) <= $4, false))
       AND ($5::uuid IS NULL OR (subject_type = 'user' AND subject_id = $5))
       AND ($6::uuid IS NULL OR (subject_type = 'contact' AND subject_id = $6))
       AND ($7::text IS NULL OR role = $7)
       AND ($8::uuid IS NULL OR filer_user_id = $8 OR (subject_type = 'user' AND subject_id = $8))
       AND ($9::timestamptz IS NULL OR (received_at, id) > ($9::timestamptz, $10::uuid))
     ORDER BY received_at, id LIMIT $11`,
    [
      filters.status ?? null,
      filters.kind ?? null,
      filters.overdue ?? null,
      input.now,
      filters.userId ?? null,
      filters.contactId ?? null,
      filters.role ?? null,
      filters.visibleTo ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      input.limit + 1,
    ],
  );
}
