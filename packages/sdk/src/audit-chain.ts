import type { AuditEntry } from "@crmfactory/sdk";

import { canonicalJson } from "./canonical-json.js";
import { AUDIT_GENESIS_HASH } from "./generated/contract.js";

export type { AuditEntry };
export { AUDIT_GENESIS_HASH };

/** A point of the chain: an entry's `sequence` and `hash` (`{ sequence: 0, hash: genesis }` before the first). */
export interface AuditChainPoint {
  sequence: number;
  hash: string;
}

/** Why a chain failed verification. */
export type AuditChainFailure =
  /** An entry's `sequence` is not the previous one plus 1 (an entry was removed, reordered or inserted). */
  | "sequence-gap"
  /** An entry's `prevHash` is not the previous entry's `hash` (or the genesis value / the start point). */
  | "prev-hash-mismatch"
  /** An entry's `hash` is not the SHA-256 of `prevHash + canonical JSON` (the entry was altered). */
  | "hash-mismatch"
  /** The listing ended before the head fetched earlier (entries were withheld). */
  | "head-not-reached"
  /** The entry at the head's sequence does not carry the head's hash (the history was rewritten). */
  | "head-mismatch";

export type AuditChainResult =
  | {
      valid: true;
      /** How many entries were checked. */
      checked: number;
      /** The last entry checked (the start point when there was none). */
      last: AuditChainPoint;
    }
  | {
      valid: false;
      checked: number;
      reason: AuditChainFailure;
      /** The sequence of the offending entry (the head's, for the head checks). */
      sequence: number;
      expected: string;
      actual: string;
    };

export interface VerifyAuditChainOptions {
  /**
   * Where the entries continue from: a point verified earlier (they must start at `sequence + 1`
   * with `prevHash` equal to its hash). Default: the genesis, `{ sequence: 0, hash: 64 zeros }`.
   */
  start?: AuditChainPoint;
  /**
   * A head fetched before listing (`getAuditHead`). A later listing always extends it, so the
   * entry at its sequence must be present and carry its hash.
   */
  head?: AuditChainPoint;
}

const encoder = new TextEncoder();

/**
 * The hash an audit entry must carry, recomputed as the contract specifies: lowercase hex SHA-256
 * of the UTF-8 bytes of `prevHash` followed by the RFC 8785 canonical JSON of the entry without
 * its `hash` member, exactly as served (uses Web Crypto).
 */
export async function computeAuditEntryHash(entry: AuditEntry): Promise<string> {
  const { hash: _hash, ...rest } = entry;
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(entry.prevHash + canonicalJson(rest)));
  let hex = "";
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * Recomputes an audit trail's hash chain, entry by entry, from the entries themselves: consecutive
 * sequences, each `prevHash` equal to the previous `hash`, each `hash` recomputed, and optionally
 * the head. Never trusts a server's word that the chain is valid. Accepts any (async) iterable,
 * such as `client.audit.list()`, and stops at the first broken link.
 */
export async function verifyAuditChain(
  entries: Iterable<AuditEntry> | AsyncIterable<AuditEntry>,
  options: VerifyAuditChainOptions = {},
): Promise<AuditChainResult> {
  const { head } = options;
  let last: AuditChainPoint = options.start ?? { sequence: 0, hash: AUDIT_GENESIS_HASH };
  let checked = 0;
  let headSeen = head === undefined || head.sequence === last.sequence;
  if (head !== undefined && head.sequence === last.sequence && head.hash !== last.hash) {
    return {
      valid: false,
      checked,
      reason: "head-mismatch",
      sequence: head.sequence,
      expected: head.hash,
      actual: last.hash,
    };
  }

  for await (const entry of entries) {
    const fail = (reason: AuditChainFailure, expected: string, actual: string): AuditChainResult => ({
      valid: false,
      checked,
      reason,
      sequence: entry.sequence,
      expected,
      actual,
    });
    if (entry.sequence !== last.sequence + 1) {
      return fail("sequence-gap", String(last.sequence + 1), String(entry.sequence));
    }
    if (entry.prevHash !== last.hash) return fail("prev-hash-mismatch", last.hash, entry.prevHash);
    const recomputed = await computeAuditEntryHash(entry);
    if (entry.hash !== recomputed) return fail("hash-mismatch", recomputed, entry.hash);
    checked++;
    last = { sequence: entry.sequence, hash: entry.hash };
    if (head !== undefined && entry.sequence === head.sequence) {
      if (entry.hash !== head.hash) return fail("head-mismatch", head.hash, entry.hash);
      headSeen = true;
    }
  }

  if (!headSeen && head !== undefined) {
    return {
      valid: false,
      checked,
      reason: "head-not-reached",
      sequence: head.sequence,
      expected: String(head.sequence),
      actual: String(last.sequence),
    };
  }
  return { valid: true, checked, last };
}
