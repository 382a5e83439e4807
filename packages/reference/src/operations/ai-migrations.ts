import type { Migration } from "../database/migrate.js";

/**
 * The AI group's tables (§2, §6). Settings are the tenant's switches and hold nobody's data. Runs, scores
 * and proposals are AI outputs derived from a contact's CRM data: each links its contact (`contact_id`,
 * a foreign key, so deleting the contact takes them) and has its own `created_at`, so the inventory files
 * them under the CRM rule, erasure removes them with the contact and the CRM purge empties them.
 */
export const aiTenantMigrations: readonly Migration[] = [
  {
    id: "ai/001-settings-runs-scores-proposals",
    sql: (s) => `
      CREATE TABLE ${s}.ai_settings (
        feature text PRIMARY KEY,
        enabled boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by jsonb NOT NULL
      );
      CREATE TABLE ${s}.ai_runs (
        id uuid PRIMARY KEY,
        feature text NOT NULL,
        contact_id uuid NOT NULL REFERENCES ${s}.contacts (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX ai_runs_contact ON ${s}.ai_runs (contact_id);
      CREATE TABLE ${s}.ai_scores (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES ${s}.ai_runs (id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES ${s}.contacts (id) ON DELETE CASCADE,
        feature text NOT NULL,
        score numeric NOT NULL CHECK (score >= 0 AND score <= 100),
        label text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX ai_scores_created ON ${s}.ai_scores (created_at, id);
      CREATE INDEX ai_scores_contact ON ${s}.ai_scores (contact_id, feature, created_at);
      CREATE TABLE ${s}.ai_proposals (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES ${s}.ai_runs (id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES ${s}.contacts (id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('send-message', 'disqualify-lead')),
        feature text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        message jsonb,
        disqualification jsonb,
        decided_at timestamptz,
        decided_by jsonb,
        rejection_reason text,
        resulting_message_id uuid,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX ai_proposals_created ON ${s}.ai_proposals (created_at, id);
      CREATE INDEX ai_proposals_contact ON ${s}.ai_proposals (contact_id);
    `,
  },
];
