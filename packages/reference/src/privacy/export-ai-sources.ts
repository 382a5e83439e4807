import { type ProposalRow, proposalView } from "../operations/ai-proposals.js";
import { type ScoreRow, scoreView } from "../operations/ai-scores.js";
import { timestamp } from "../platform/clock.js";
import type { ExportRecord, ExportSource, SourceContext } from "./export-sources.js";
import { here } from "./export-sources.js";
import { walkRows } from "./export-walk.js";

const byCreated = [
  ["created_at", "timestamptz"],
  ["id", "uuid"],
] as const satisfies readonly [[string, string], [string, string]];

/**
 * One AI table's rows of the scope (a contact's own; all for the tenant; none for a user, whom no
 * feature processes), as CRM records: AI outputs are derived CRM data (RIGHTS-ACCESS-COMPLETE). A
 * composition without the AI group has no such table and exports none.
 */
async function* aiRows<Row extends { id: string; created_at: Date }>(
  { tx, scope }: SourceContext,
  table: string,
): AsyncGenerator<Row> {
  if (scope.type === "user") return;
  const [present] = await tx.query<{ found: boolean }>("SELECT to_regclass($1) IS NOT NULL AS found", [
    table,
  ]);
  if (!present?.found) return;
  yield* walkRows<Row>(tx, {
    columns: "*",
    from: table,
    ...(scope.type === "contact" ? { where: "contact_id = $1", params: [scope.id] } : {}),
    key: byCreated,
  });
}

const record = (
  id: string,
  recordType: string,
  createdAt: Date,
  data: Record<string, unknown>,
): ExportRecord => ({
  id,
  category: "crm",
  recordType,
  source: here,
  createdAt: timestamp(createdAt),
  data,
});

const aiRuns: ExportSource = {
  category: "crm",
  async *records(context) {
    type RunRow = { id: string; feature: string; contact_id: string; created_at: Date };
    for await (const row of aiRows<RunRow>(context, "ai_runs")) {
      yield record(row.id, "ai-run", row.created_at, {
        id: row.id,
        feature: row.feature,
        contactId: row.contact_id,
        ranAt: timestamp(row.created_at),
      });
    }
  },
};

const aiScores: ExportSource = {
  category: "crm",
  async *records(context) {
    for await (const row of aiRows<ScoreRow>(context, "ai_scores"))
      yield record(row.id, "ai-score", row.created_at, scoreView(row));
  },
};

const aiProposals: ExportSource = {
  category: "crm",
  async *records(context) {
    for await (const row of aiRows<ProposalRow>(context, "ai_proposals"))
      yield record(row.id, "ai-proposal", row.created_at, proposalView(row));
  },
};

export const aiSources: readonly ExportSource[] = [aiRuns, aiScores, aiProposals];
