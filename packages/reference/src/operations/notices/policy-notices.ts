import { randomUUID } from "node:crypto";
import { quoteIdentifier } from "../../database/identifiers.js";
import { problem } from "../../platform/problem.js";
import { findTenant, type TenantRecord } from "../../platform/tenant-records.js";
import type { OperationContext, OperationGroup } from "../operation-group.js";
import { keysetPage } from "../pagination.js";
import { type PolicyNoticeRow, policyNoticeView } from "./notice-store.js";
import { earliestEffectiveAt, notifierOf, scheduleNoticeEmails } from "./notifier.js";
import { auditEach, operatorScope } from "./operator-scope.js";

interface PolicyNoticeCreate {
  title: string;
  summary: string;
  policyVersion: string;
  effectiveAt: string;
  material: boolean;
  testClockId?: string;
}

/** The tenants an announcement reaches: those whose administrators can still sign in, in its scope. */
async function reachedTenants(
  context: OperationContext,
  testClockId: string | null,
): Promise<TenantRecord[]> {
  const rows = await context.tx.query<{ id: string }>(
    `SELECT id FROM catalog.tenants
     WHERE status IN ('active', 'export-only') AND test_clock_id IS NOT DISTINCT FROM $1::uuid
     ORDER BY created_at, id`,
    [testClockId],
  );
  const tenants: TenantRecord[] = [];
  for (const { id } of rows) {
    const tenant = await findTenant(context.tx, id);
    if (tenant) tenants.push(tenant);
  }
  return tenants;
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Policy-change announcements (§12): each reached tenant gets a `policy-change` notice, an in-app banner
 * shown from the announcement until the change takes effect, and a job that emails the policy's
 * recipients (`notices.policyChange.to`). A material change taking effect sooner than the policy's
 * notice period (`notices.policyChange.atLeast`) is refused before anything is written or sent.
 */
export const policyNoticeOperations: OperationGroup["operations"] = {
  async createPolicyNotice(context) {
    const input = await context.body<PolicyNoticeCreate>();
    const { platform, tx } = context;
    const scope = await operatorScope(context, input.testClockId);
    const announcedAt = scope.now;
    const effectiveAt = new Date(input.effectiveAt);
    if (effectiveAt.getTime() <= announcedAt.getTime()) {
      throw problem("validation-failed", "A policy change is announced before it takes effect.", {
        errors: [{ path: "/body/effectiveAt", message: "must be later than now" }],
      });
    }
    const earliest = earliestEffectiveAt(platform.policy, announcedAt);
    if (input.material && effectiveAt.getTime() < earliest.getTime()) {
      throw problem(
        "notice-period-too-short",
        `A material change announced now takes effect no earlier than ${earliest.toISOString()} (the policy's notice period is ${platform.policy.notices.policyChange.atLeast}); nothing was sent.`,
      );
    }
    const tenants = await reachedTenants(context, scope.testClockId);
    if (tenants.length === 0) {
      throw problem(
        "validation-failed",
        "No tenant would receive this announcement; nothing was recorded.",
        scope.testClockId
          ? { errors: [{ path: "/body/testClockId", message: "has no active tenant bound to it" }] }
          : undefined,
      );
    }
    const id = randomUUID();
    const emailsAt = notifierOf(platform).policyChangeEmailsAt({ announcedAt, effectiveAt });
    for (const tenant of tenants) {
      const schema = quoteIdentifier(tenant.schemaName);
      const noticeId = randomUUID();
      await tx.query(
        `INSERT INTO ${schema}.notices (id, type, title, body, published_at, effective_at, policy_version, policy_notice_id)
         VALUES ($1, 'policy-change', $2, $3, $4, $5, $6, $7)`,
        [noticeId, input.title, input.summary, announcedAt, effectiveAt, input.policyVersion, id],
      );
      await tx.query(
        `INSERT INTO ${schema}.banners (id, notice_id, message, severity, active_from, active_until)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          randomUUID(),
          noticeId,
          `${input.title}: the updated privacy policy takes effect on ${day(effectiveAt)}.`,
          input.material ? "warning" : "info",
          announcedAt,
          effectiveAt,
        ],
      );
      await scheduleNoticeEmails(tx, platform, { tenantId: tenant.id, noticeId, dueAt: emailsAt });
    }
    await tx.query(
      `INSERT INTO catalog.policy_notices (id, title, summary, policy_version, effective_at, material, announced_at, test_clock_id, tenants_notified, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        input.title,
        input.summary,
        input.policyVersion,
        effectiveAt,
        input.material,
        announcedAt,
        scope.testClockId,
        tenants.length,
        platform.clock.now(),
      ],
    );
    await auditEach(context, tenants, { type: "policy-notice", id }, announcedAt);
    const [row] = await tx.query<PolicyNoticeRow>("SELECT * FROM catalog.policy_notices WHERE id = $1", [id]);
    // No Location: the contract has no path for one announcement (listPolicyNotices lists them).
    return { status: 201, body: policyNoticeView(row as PolicyNoticeRow) };
  },

  async listPolicyNotices(context) {
    const params = context.query<{ cursor?: string; limit: number }>();
    return {
      status: 200,
      body: await keysetPage(
        context.tx,
        { select: "SELECT * FROM catalog.policy_notices" },
        params,
        policyNoticeView,
      ),
    };
  },
};
