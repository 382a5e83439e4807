import type { Queryable } from "../database/database.js";
import type { Migration } from "../database/migrate.js";
import type { Sealer } from "../platform/sealing.js";

/**
 * Erased subjects' identifiers, kept only as keyed hashes (HMAC-SHA256 under a key derived from the
 * deployment's secret), so a later integration sync, import or aggregate never brings the subject back
 * (§9 erasure, DEL-NO-RESURRECTION). Nothing else of the subject is kept for this; a user's deliberate
 * `createContact` of the same person is not checked: it is a new subject.
 */
export type SuppressedKind = "email" | "phone" | "integration-record-id";

export const suppressionMigration: Migration = {
  id: "erasure/002-suppressed-identifiers",
  sql: (s) => `
    CREATE TABLE ${s}.suppressed_identifiers (
      kind text NOT NULL CHECK (kind IN ('email', 'phone', 'integration-record-id')),
      hash text NOT NULL,
      receipt_id uuid NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (kind, hash)
    );
  `,
};

/** The form each kind is hashed in, so that spellings of one identifier meet. */
export function normalise(kind: SuppressedKind, value: string): string {
  if (kind === "email") return value.trim().toLowerCase();
  if (kind === "phone") return value.replace(/[^0-9+]/g, "");
  return value;
}

/** An integration record's identity at its source: the provider, its object type and its id there. */
export function integrationRecordKey(provider: string, objectType: string, externalId: string): string {
  return `${provider}:${objectType}:${externalId}`;
}

export function identifierHash(sealer: Sealer, kind: SuppressedKind, value: string): string {
  return sealer.keyedHash(`suppression:${kind}`, normalise(kind, value));
}

/** Records the hashes (already computed) for an erasure; answers how many of each kind are kept. */
export async function suppress(
  tx: Queryable,
  entries: readonly { kind: SuppressedKind; hash: string }[],
  origin: { receiptId: string; now: Date },
): Promise<Map<SuppressedKind, number>> {
  const counts = new Map<SuppressedKind, number>();
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = `${entry.kind}:${entry.hash}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await tx.query(
      `INSERT INTO suppressed_identifiers (kind, hash, receipt_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, hash) DO NOTHING`,
      [entry.kind, entry.hash, origin.receiptId, origin.now],
    );
    counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1);
  }
  return counts;
}

/** Whether any of the identifiers belongs to an erased subject. */
export async function isSuppressed(
  tx: Queryable,
  sealer: Sealer,
  identifiers: readonly { kind: SuppressedKind; value: string | null | undefined }[],
): Promise<boolean> {
  const present = identifiers.filter(
    (i): i is { kind: SuppressedKind; value: string } => typeof i.value === "string" && i.value !== "",
  );
  if (present.length === 0) return false;
  const [row] = await tx.query(
    `SELECT 1 FROM suppressed_identifiers s
     JOIN unnest($1::text[], $2::text[]) AS q(kind, hash) ON q.kind = s.kind AND q.hash = s.hash LIMIT 1`,
    [present.map((i) => i.kind), present.map((i) => identifierHash(sealer, i.kind, i.value))],
  );
  return row !== undefined;
}

// The shapes an email or a phone number takes inside free text (an event name, a property value).
const shapes: readonly [SuppressedKind, RegExp][] = [
  ["email", /[^\s/?#@"']+@[^\s/?#@"']+\.[^\s/?#@"']+/g],
  ["phone", /\+?\d[\d ().-]{5,}\d/g],
];

/**
 * `text` with every email or phone number of an erased subject replaced by `{email}` or `{phone}`: what
 * telemetry keeps of new events, so neither a raw event nor an aggregate records the subject again.
 */
export async function withoutSuppressed(tx: Queryable, sealer: Sealer, text: string): Promise<string> {
  let result = text;
  for (const [kind, shape] of shapes) {
    for (const match of new Set(text.match(shape) ?? [])) {
      if (await isSuppressed(tx, sealer, [{ kind, value: match }])) {
        result = result.split(match).join(`{${kind}}`);
      }
    }
  }
  return result;
}
