import { createHash } from "node:crypto";
import { addDuration } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import type { Sealer } from "../platform/sealing.js";

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyLookup =
  | { state: "new" }
  | { state: "replay"; response: StoredResponse }
  | { state: "reused" }
  /** Stored under another secret key (a restart without a configured key): cannot be replayed. */
  | { state: "unreadable" };

/** What makes two requests "the same request": method, path and body bytes. */
export function requestFingerprint(method: string, path: string, body: Uint8Array): string {
  return createHash("sha256").update(`${method} ${path}\n`).update(body).digest("hex");
}

/**
 * Looks the key up within its scope (a tenant, the operator, the public). A key seen with another request
 * is `reused`; one whose stored response has not expired is replayed.
 */
export async function lookUpIdempotencyKey(
  tx: Queryable,
  sealer: Sealer,
  scope: string,
  key: string,
  fingerprint: string,
  now: Date,
): Promise<IdempotencyLookup> {
  const [row] = await tx.query<{
    request_hash: string;
    status: number;
    headers: Record<string, string>;
    body: string;
    expires_at: Date;
  }>(
    "SELECT request_hash, status, headers, body, expires_at FROM catalog.idempotent_responses WHERE scope = $1 AND key = $2",
    [scope, key],
  );
  if (!row) return { state: "new" };
  if (row.expires_at <= now) {
    await tx.query("DELETE FROM catalog.idempotent_responses WHERE scope = $1 AND key = $2", [scope, key]);
    return { state: "new" };
  }
  if (row.request_hash !== fingerprint) return { state: "reused" };
  const body = sealer.open(row.body);
  if (body === undefined) return { state: "unreadable" };
  return { state: "replay", response: { status: row.status, headers: row.headers, body } };
}

/**
 * Stores a successful response in the request's own transaction, its body sealed (it can hold a
 * session token), so it exists exactly when its effects do. */
export async function storeIdempotentResponse(
  tx: Queryable,
  sealer: Sealer,
  input: {
    scope: string;
    key: string;
    tenantId: string | null;
    fingerprint: string;
    now: Date;
    window: string;
    response: StoredResponse;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO catalog.idempotent_responses (scope, key, tenant_id, request_hash, status, headers, body, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
    [
      input.scope,
      input.key,
      input.tenantId,
      input.fingerprint,
      input.response.status,
      JSON.stringify(input.response.headers),
      sealer.seal(input.response.body),
      input.now,
      addDuration(input.now, input.window),
    ],
  );
}
