import type { OperationPermission } from "@crmfactory/api";
import { addDuration } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import { searchPathSql } from "../database/identifiers.js";
import type { Caller, Platform } from "../operations/operation-group.js";
import { problem } from "../platform/problem.js";
import { hashSecret, sameSecret } from "../platform/secrets.js";
import { findLiveSession, rotateSession, tenantIdOfSessionToken } from "../platform/sessions.js";
import { findTenant, type TenantRecord } from "../platform/tenant-records.js";

export interface Authenticated {
  caller: Caller;
  /** A token issued by an automatic rotation, sent back in `CRMFactory-Rotated-Token`. */
  rotatedToken?: string;
}

export function bearerToken(header: string | null): string | undefined {
  const match = /^Bearer ([\x21-\x7E]+)$/.exec(header ?? "");
  return match?.[1];
}

/** Now for a tenant: its test clock's frozen time, or the wall clock. */
export function tenantNow(platform: Platform, tenant: TenantRecord | undefined): Date {
  return tenant?.clockTime ?? platform.clock.now();
}

/**
 * Finds who calls with the credentials the operation's `security` accepts, and nothing else: a token of
 * another scheme is `unauthenticated`, as an unknown one is.
 */
export async function authenticate(
  tx: Queryable,
  platform: Platform,
  operation: OperationPermission,
  operatorTokenHash: string | undefined,
  authorization: string | null,
): Promise<Authenticated> {
  if (operation.auth.includes("public")) return { caller: { kind: "public" } };
  const token = bearerToken(authorization);
  if (!token) throw problem("unauthenticated", "This operation needs a bearer token.");
  if (operation.auth.includes("operator") && operatorTokenHash && sameSecret(token, operatorTokenHash)) {
    return { caller: { kind: "operator", id: "operator" } };
  }
  if (operation.auth.includes("tenant")) {
    const found = await sessionCaller(tx, platform, token);
    if (found) return found;
  }
  if (operation.auth.includes("request")) {
    const found = await requestTokenCaller(tx, platform, token);
    if (found) return found;
  }
  throw problem("unauthenticated", "The bearer token is unknown, expired, revoked or rotated.");
}

async function sessionCaller(
  tx: Queryable,
  platform: Platform,
  token: string,
): Promise<Authenticated | undefined> {
  const tenantId = tenantIdOfSessionToken(token);
  if (!tenantId) return undefined;
  const tenant = await findTenant(tx, tenantId);
  if (!tenant || tenant.status === "pending-deletion" || tenant.status === "purged") return undefined;
  await tx.query(searchPathSql([tenant.schemaName, "catalog"]));
  const now = tenantNow(platform, tenant);
  let session = await findLiveSession(tx, token, now);
  if (!session) return undefined;
  const [user] = await tx.query<{ id: string; role: string }>("SELECT id, role FROM users WHERE id = $1", [
    session.user_id,
  ]);
  if (!user) return undefined;
  let rotatedToken: string | undefined;
  if (addDuration(session.created_at, platform.limits.sessionRotationInterval) <= now) {
    const issued = await rotateSession(tx, { tenantId, session, now, limits: platform.limits });
    session = issued.row;
    rotatedToken = issued.token;
  } else {
    await tx.query("UPDATE sessions SET last_used_at = $2 WHERE id = $1", [session.id, now]);
  }
  return {
    caller: { kind: "tenant", tenant, user, session: { id: session.id, createdAt: session.created_at } },
    ...(rotatedToken ? { rotatedToken } : {}),
  };
}

async function requestTokenCaller(
  tx: Queryable,
  platform: Platform,
  token: string,
): Promise<Authenticated | undefined> {
  const [row] = await tx.query<{ tenant_id: string; request_id: string; expires_at: Date | null }>(
    "SELECT tenant_id, request_id, expires_at FROM catalog.request_tokens WHERE token_hash = $1",
    [hashSecret(token)],
  );
  if (!row) return undefined;
  const tenant = await findTenant(tx, row.tenant_id);
  if (!tenant) return undefined;
  if (row.expires_at && row.expires_at <= tenantNow(platform, tenant)) return undefined;
  await tx.query(searchPathSql([tenant.schemaName, "catalog"]));
  return { caller: { kind: "request", tenant, requestId: row.request_id } };
}
