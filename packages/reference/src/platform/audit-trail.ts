import { createHash } from "node:crypto";
import { auditGenesisHash } from "@crmfactory/api";
import { canonicalJson } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import { timestamp } from "./clock.js";

export interface AuditActor {
  type: "user" | "operator" | "system";
  id: string;
}
export interface AuditTarget {
  type: string;
  id: string;
}
export interface AuditEntry {
  sequence: number;
  at: string;
  actor: AuditActor;
  action: string;
  target: AuditTarget;
  prevHash: string;
  hash: string;
}

/** The contract's chain: lowercase hex SHA-256 of `prevHash` + the RFC 8785 JSON of the entry without `hash`. */
export function auditEntryHash(entry: Omit<AuditEntry, "hash">): string {
  return createHash("sha256")
    .update(entry.prevHash + canonicalJson(entry), "utf8")
    .digest("hex");
}

/**
 * Appends one entry to the audit trail of the tenant whose schema is first on `tx`'s search path. The
 * head row is locked for the rest of the transaction, so concurrent appends chain one after another.
 */
export async function appendAuditEntry(
  tx: Queryable,
  entry: { at: Date; actor: AuditActor; action: string; target: AuditTarget },
): Promise<AuditEntry> {
  await tx.query(
    "INSERT INTO audit_head (sequence, hash) VALUES (0, $1) ON CONFLICT (singleton) DO NOTHING",
    [auditGenesisHash],
  );
  const [head] = await tx.query<{ sequence: number; hash: string }>(
    "SELECT sequence, hash FROM audit_head FOR UPDATE",
  );
  if (!head) throw new Error("audit head missing");
  const unhashed = {
    sequence: head.sequence + 1,
    at: timestamp(entry.at),
    actor: { type: entry.actor.type, id: entry.actor.id },
    action: entry.action,
    target: { type: entry.target.type, id: entry.target.id },
    prevHash: head.hash,
  };
  const full: AuditEntry = { ...unhashed, hash: auditEntryHash(unhashed) };
  await tx.query(
    `INSERT INTO audit_entries (sequence, at, actor, action, target, prev_hash, hash)
     VALUES ($1, $2, $3::jsonb, $4, $5::jsonb, $6, $7)`,
    [
      full.sequence,
      full.at,
      JSON.stringify(full.actor),
      full.action,
      JSON.stringify(full.target),
      full.prevHash,
      full.hash,
    ],
  );
  await tx.query("UPDATE audit_head SET sequence = $1, hash = $2", [full.sequence, full.hash]);
  return full;
}

interface AuditRow {
  sequence: number;
  at: string;
  actor: AuditActor;
  action: string;
  target: AuditTarget;
  prev_hash: string;
  hash: string;
}

export function auditEntryFromRow(row: AuditRow): AuditEntry {
  return {
    sequence: row.sequence,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export async function listAuditEntries(tx: Queryable, afterSequence: number, limit: number) {
  const rows = await tx.query<AuditRow>(
    "SELECT * FROM audit_entries WHERE sequence > $1::bigint ORDER BY sequence LIMIT $2",
    // The contract bounds `afterSequence` below only: beyond any sequence, an empty page, not an overflow.
    [Math.min(afterSequence, Number.MAX_SAFE_INTEGER), limit],
  );
  return rows.map(auditEntryFromRow);
}

export async function auditHead(tx: Queryable) {
  const [last] = await tx.query<AuditRow>("SELECT * FROM audit_entries ORDER BY sequence DESC LIMIT 1");
  if (!last) return { sequence: 0, hash: auditGenesisHash, at: null };
  return { sequence: last.sequence, hash: last.hash, at: last.at };
}
