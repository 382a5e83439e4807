import type { Holding, InventorySource } from "../platform/inventory.js";
import type { SubjectEraser } from "../privacy/privacy-parts.js";
import { aiTenantMigrations } from "./ai-migrations.js";
import { aiProposalOperations } from "./ai-proposals.js";
import { aiRunOperations } from "./ai-runs.js";
import { aiScoreOperations } from "./ai-scores.js";
import { aiSettingsOperations } from "./ai-settings.js";
import type { OperationGroup } from "./operation-group.js";

const aiTables = [
  ["ai_runs", "ai-run"],
  ["ai_scores", "ai-score"],
  ["ai_proposals", "ai-proposal"],
] as const;

/** The CRM rule of the enforced policy (by category, so another policy's names work too). */
function crmRule(policy: Parameters<InventorySource>[0]["policy"]): string {
  const found = Object.entries(policy.retention).find(([, rule]) => rule.category === "crm");
  if (!found) throw new Error("the enforced policy has no retention rule for CRM data");
  return found[0];
}

/** AI outputs are derived CRM data of their contact: filed under the CRM rule, each linked to it. */
const aiInventory: InventorySource = async ({ tx, policy }) => {
  const rule = crmRule(policy);
  const holdings: Holding[] = [];
  for (const [table, recordType] of aiTables) {
    const rows = await tx.query<{ id: string; contact_id: string }>(
      `SELECT id, contact_id FROM ${table} ORDER BY created_at, id`,
    );
    holdings.push({
      rule,
      location: { type: "platform" },
      recordType,
      records: rows.map((r) => ({ id: r.id, subject: { type: "contact", contactId: r.contact_id } })),
    });
  }
  return holdings;
};

/** Erasing a contact removes every AI output about it (the foreign keys would too; this counts them). */
const eraseAiOutputs: SubjectEraser = async ({ tx, subject }) => {
  if (subject.type !== "contact") return [];
  const lines = [];
  // Scores and proposals first: they reference their run.
  for (const [table, recordType] of [aiTables[1], aiTables[2], aiTables[0]] as const) {
    const removed = await tx.query(`DELETE FROM ${table} WHERE contact_id = $1 RETURNING id`, [
      subject.contactId,
    ]);
    lines.push({
      category: "crm",
      location: { type: "platform" } as const,
      recordType,
      count: removed.length,
    });
  }
  return lines.filter((line) => line.count > 0);
};

/**
 * AI (§2, §6): per-feature switches (off until the tenant turns one on), runs computed locally from the
 * tenant's own CRM data, scores, and proposals that take effect only on a human's approval.
 */
export const ai: OperationGroup = {
  name: "ai",
  operations: { ...aiSettingsOperations, ...aiRunOperations, ...aiScoreOperations, ...aiProposalOperations },
  tenantMigrations: aiTenantMigrations,
  inventory: aiInventory,
  eraseSubject: eraseAiOutputs,
};
