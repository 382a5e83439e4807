import { incidentOperations } from "./notices/incidents.js";
import { sendNoticeEmails } from "./notices/notice-emails.js";
import { noticesCatalogueMigrations, noticesTenantMigrations } from "./notices/notice-store.js";
import { noticesInventory } from "./notices/notices-inventory.js";
import { noticeEmailsJob } from "./notices/notifier.js";
import { policyNoticeOperations } from "./notices/policy-notices.js";
import { tenantNoticeOperations } from "./notices/tenant-notices.js";
import type { OperationGroup } from "./operation-group.js";

/**
 * Notices (§4, §10, §12): security incidents and their breach notices, policy-change announcements
 * with their in-app banners, and what a tenant reads of both. The minimum age of §10 is enforced at
 * sign-up and when a user is added (`tenants.ts`, `users.ts`).
 */
export const notices: OperationGroup = {
  name: "notices",
  tenantMigrations: noticesTenantMigrations,
  catalogueMigrations: noticesCatalogueMigrations,
  inventory: noticesInventory,
  jobs: { [noticeEmailsJob]: sendNoticeEmails },
  operations: {
    ...incidentOperations,
    ...policyNoticeOperations,
    ...tenantNoticeOperations,
  },
};
