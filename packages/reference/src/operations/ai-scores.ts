import { timestamp } from "../platform/clock.js";
import type { OperationGroup } from "./operation-group.js";
import { keysetPage } from "./pagination.js";

export interface ScoreRow {
  id: string;
  run_id: string;
  contact_id: string;
  feature: string;
  score: string | number;
  label: string;
  created_at: Date;
}

export function scoreView(row: ScoreRow) {
  return {
    id: row.id,
    contactId: row.contact_id,
    feature: row.feature,
    score: Number(row.score),
    label: row.label,
    computedAt: timestamp(row.created_at),
    runId: row.run_id,
  };
}

export const aiScoreOperations: OperationGroup["operations"] = {
  async listAiScores(context) {
    const params = context.query<{ cursor?: string; limit: number; contactId?: string; feature?: string }>();
    return {
      status: 200,
      body: await keysetPage<ScoreRow, ReturnType<typeof scoreView>>(
        context.tx,
        {
          select: "SELECT * FROM ai_scores",
          where: "($1::uuid IS NULL OR contact_id = $1) AND ($2::text IS NULL OR feature = $2)",
          values: [params.contactId ?? null, params.feature ?? null],
        },
        params,
        scoreView,
      ),
    };
  },
};
