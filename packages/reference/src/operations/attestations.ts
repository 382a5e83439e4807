import type { Queryable } from "../database/database.js";
import { nullableTimestamp, timestamp } from "../platform/clock.js";
import { problem } from "../platform/problem.js";
import type { OperationGroup } from "./operation-group.js";
import { cursorInstant, decodeCursor, page } from "./pagination.js";

interface AttestationRow {
  guarantee_id: string;
  attested_by: { name: string; role: string };
  attested_at: Date;
  evidence: { reference: string; description: string };
  valid_until: Date | null;
}

export function attestationView(row: AttestationRow) {
  return {
    guaranteeId: row.guarantee_id,
    attestedBy: row.attested_by,
    attestedAt: timestamp(row.attested_at),
    evidence: row.evidence,
    validUntil: nullableTimestamp(row.valid_until),
  };
}

export function listAllAttestations(tx: Queryable) {
  return tx.query<AttestationRow>("SELECT * FROM catalog.attestations ORDER BY attested_at, guarantee_id");
}

/** Only a guarantee the enforced policy marks `attested` takes an attestation; any other id names nothing. */
function attestedGuarantee(policy: { guarantees: Record<string, { method: string }> }, id: string) {
  const guarantee = policy.guarantees[id];
  if (guarantee?.method !== "attested") {
    throw problem("not-found", "No attested guarantee of the enforced policy has this id.");
  }
}

/** Attestations: the operator's declarations for the guarantees no API call can observe. */
export const attestations: OperationGroup = {
  name: "attestations",
  operations: {
    async listAttestations({ tx, query }) {
      const { cursor, limit } = query<{ cursor?: string; limit: number }>();
      const after = decodeCursor(cursor, ["string", "string"] as const);
      if (after) cursorInstant(after[0]);
      const rows = await tx.query<AttestationRow>(
        `SELECT * FROM catalog.attestations
         WHERE $1::timestamptz IS NULL OR (attested_at, guarantee_id) > ($1::timestamptz, $2::text)
         ORDER BY attested_at, guarantee_id LIMIT $3`,
        [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      return {
        status: 200,
        body: page(rows, limit, attestationView, (row) => [row.attested_at.toISOString(), row.guarantee_id]),
      };
    },
    async putAttestation({ tx, params, platform, body }) {
      attestedGuarantee(platform.policy, params.guaranteeId ?? "");
      const input = await body<{
        attestedBy: AttestationRow["attested_by"];
        evidence: AttestationRow["evidence"];
        validUntil?: string;
      }>();
      const [row] = await tx.query<AttestationRow>(
        `INSERT INTO catalog.attestations (guarantee_id, attested_by, attested_at, evidence, valid_until)
         VALUES ($1, $2::jsonb, $3, $4::jsonb, $5)
         ON CONFLICT (guarantee_id) DO UPDATE SET attested_by = EXCLUDED.attested_by, attested_at = EXCLUDED.attested_at,
           evidence = EXCLUDED.evidence, valid_until = EXCLUDED.valid_until
         RETURNING *`,
        [
          params.guaranteeId,
          JSON.stringify(input.attestedBy),
          platform.clock.now(),
          JSON.stringify(input.evidence),
          input.validUntil ?? null,
        ],
      );
      return { status: 200, body: attestationView(row as AttestationRow) };
    },
    async deleteAttestation({ tx, params, platform }) {
      attestedGuarantee(platform.policy, params.guaranteeId ?? "");
      const deleted = await tx.query("DELETE FROM catalog.attestations WHERE guarantee_id = $1 RETURNING 1", [
        params.guaranteeId,
      ]);
      if (deleted.length === 0) throw problem("not-found", "This guarantee has no attestation.");
      return { status: 204 };
    },
  },
};
