import { randomUUID } from "node:crypto";
import { addDuration } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import type { ImplementationLimits } from "../limits.js";
import { nullableTimestamp, timestamp } from "./clock.js";
import { hashSecret, newToken } from "./secrets.js";

export interface SessionRow {
  id: string;
  user_id: string;
  token_hash: string | null;
  method: "sign-up" | "passkey" | "sso" | "rotation";
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  rotated_from_id: string | null;
  ip_address: string | null;
  user_agent: string | null;
  ended_at: Date | null;
  end_reason: string | null;
}

const tokenPattern = /^crmf_sess_([0-9a-f]{32})_[A-Za-z0-9_-]{43}$/;

/** A session token names its tenant (so it is found without a global index); the rest is secret. */
export function tenantIdOfSessionToken(token: string): string | undefined {
  const hex = tokenPattern.exec(token)?.[1];
  if (!hex) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newSessionToken(tenantId: string): string {
  return newToken(`crmf_sess_${tenantId.replaceAll("-", "")}`);
}

/** The live session a token opens, on the tenant's schema (search path), at `now`. */
export async function findLiveSession(
  tx: Queryable,
  token: string,
  now: Date,
): Promise<SessionRow | undefined> {
  const [row] = await tx.query<SessionRow>(
    "SELECT * FROM sessions WHERE token_hash = $1 AND ended_at IS NULL AND expires_at > $2",
    [hashSecret(token), now],
  );
  return row;
}

export interface IssuedSession {
  row: SessionRow;
  token: string;
}

/** Opens a session for a user; only the token's hash is stored. */
export async function openSession(
  tx: Queryable,
  input: {
    tenantId: string;
    userId: string;
    method: SessionRow["method"];
    now: Date;
    limits: ImplementationLimits;
    rotatedFromId?: string | null;
    userAgent?: string | null;
  },
): Promise<IssuedSession> {
  const token = newSessionToken(input.tenantId);
  const [row] = await tx.query<SessionRow>(
    `INSERT INTO sessions (id, user_id, token_hash, method, created_at, last_used_at, expires_at, rotated_from_id, user_agent)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8) RETURNING *`,
    [
      randomUUID(),
      input.userId,
      hashSecret(token),
      input.method,
      input.now,
      addDuration(input.now, input.limits.sessionLifetime),
      input.rotatedFromId ?? null,
      input.userAgent ?? null,
    ],
  );
  if (!row) throw new Error("session insert answered no row");
  return { row, token };
}

/** Ends `session` and opens its successor; the old token stops working when this transaction commits. */
export async function rotateSession(
  tx: Queryable,
  input: { tenantId: string; session: SessionRow; now: Date; limits: ImplementationLimits },
): Promise<IssuedSession> {
  const ended = await tx.query(
    "UPDATE sessions SET token_hash = NULL, ended_at = $2, end_reason = 'rotated' WHERE id = $1 AND ended_at IS NULL RETURNING id",
    [input.session.id, input.now],
  );
  if (ended.length === 0) throw new Error("rotating a session that already ended");
  return openSession(tx, {
    tenantId: input.tenantId,
    userId: input.session.user_id,
    method: "rotation",
    now: input.now,
    limits: input.limits,
    rotatedFromId: input.session.id,
    userAgent: input.session.user_agent,
  });
}

/** The contract's `Session`. */
export function sessionView(row: SessionRow, tenantId: string, currentId: string | undefined) {
  return {
    id: row.id,
    userId: row.user_id,
    tenantId,
    method: row.method,
    createdAt: timestamp(row.created_at),
    lastUsedAt: timestamp(row.last_used_at),
    expiresAt: timestamp(row.expires_at),
    rotatedFromId: row.rotated_from_id,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    current: row.id === currentId,
  };
}

export function sessionWithTokenView(issued: IssuedSession, tenantId: string) {
  return {
    session: sessionView(issued.row, tenantId, issued.row.id),
    token: issued.token,
    tokenType: "Bearer" as const,
    expiresAt: nullableTimestamp(issued.row.expires_at) as string,
  };
}
