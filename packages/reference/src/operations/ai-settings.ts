import type { Queryable } from "../database/database.js";
import type { AuditActor } from "../platform/audit-trail.js";
import { nullableTimestamp } from "../platform/clock.js";
import { problem } from "../platform/problem.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";

/** The AI features of §6, in the contract's `AiFeature` order. */
export const aiFeatures = [
  "lead-scoring",
  "sentiment-analysis",
  "response-suggestions",
  "voice-agent",
  "workflow-automation",
  "predictive-analytics",
] as const;
export type AiFeature = (typeof aiFeatures)[number];

/**
 * The restrictable processing each feature is (the contract's `RestrictableProcessing`): a contact who
 * restricted or objected to it is skipped by the feature.
 */
export const processingOf: Record<AiFeature, "ai-scoring" | "ai-analysis"> = {
  "lead-scoring": "ai-scoring",
  "predictive-analytics": "ai-scoring",
  "workflow-automation": "ai-scoring",
  "sentiment-analysis": "ai-analysis",
  "response-suggestions": "ai-analysis",
  "voice-agent": "ai-analysis",
};

interface SettingRow {
  feature: string;
  enabled: boolean;
  updated_at: Date | null;
  updated_by: AuditActor | null;
}

// Every feature starts switched off: a tenant turns on what it has configured and reviews (§6 leaves
// the configuration to the customer), so no contact is processed before someone chose that.
function settingView(feature: AiFeature, row: SettingRow | undefined) {
  return {
    feature,
    enabled: row?.enabled ?? false,
    updatedAt: nullableTimestamp(row?.updated_at ?? null),
    updatedBy: row?.updated_by ?? null,
  };
}

/** Whether the tenant has the feature switched on now (read in the request's transaction). */
export async function featureEnabled(tx: Queryable, feature: AiFeature): Promise<boolean> {
  const [row] = await tx.query<{ enabled: boolean }>("SELECT enabled FROM ai_settings WHERE feature = $1", [
    feature,
  ]);
  return row?.enabled ?? false;
}

function actorOf(context: OperationContext): AuditActor {
  if (context.caller.kind !== "tenant") throw problem("forbidden", "AI features are switched by a user.");
  return { type: "user", id: context.caller.user.id };
}

export const aiSettingsOperations: OperationGroup["operations"] = {
  async getAiSettings({ tx }) {
    const rows = await tx.query<SettingRow>("SELECT * FROM ai_settings");
    const byFeature = new Map(rows.map((row) => [row.feature, row]));
    return { status: 200, body: { features: aiFeatures.map((f) => settingView(f, byFeature.get(f))) } };
  },

  async updateAiFeature(context) {
    const feature = context.params.feature as AiFeature;
    if (!aiFeatures.includes(feature)) throw problem("not-found", "There is no AI feature of this name.");
    const { enabled } = await context.body<{ enabled: boolean }>();
    const actor = actorOf(context);
    const [row] = await context.tx.query<SettingRow>(
      `INSERT INTO ai_settings (feature, enabled, updated_at, updated_by) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (feature) DO UPDATE SET enabled = $2, updated_at = $3, updated_by = $4::jsonb RETURNING *`,
      [feature, enabled, context.now, JSON.stringify(actor)],
    );
    await context.audit({ type: "ai-feature", id: feature });
    return { status: 200, body: settingView(feature, row) };
  },
};
