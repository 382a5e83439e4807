import { retentionSweepJob, runRetentionSweep } from "../privacy/default-sweeper.js";
import type { OperationGroup } from "./operation-group.js";

/**
 * Retention: no operation of its own (the schedule is served by transparency); the sweep job that purges
 * each tenant's records at their own deadlines, and the indexes its MIN queries and job lookup need.
 */
export const retention: OperationGroup = {
  name: "retention",
  operations: {},
  jobs: { [retentionSweepJob]: runRetentionSweep },
  catalogueMigrations: [
    {
      id: "retention/001-sweep-indexes",
      sql: (s) => `
        CREATE INDEX jobs_tenant_kind_pending ON ${s}.jobs (tenant_id, kind) WHERE status = 'pending';
        CREATE INDEX idempotent_responses_tenant_expiry ON ${s}.idempotent_responses (tenant_id, expires_at);
      `,
    },
  ],
  tenantMigrations: [
    {
      id: "retention/001-anchor-indexes",
      sql: (s) => `
        CREATE INDEX integrations_disconnected ON ${s}.integrations (disconnected_at);
      `,
    },
  ],
};
