import type { Queryable } from "../../database/database.js";
import { findTenant } from "../../platform/tenant-records.js";
import { type EmailKind, sendEmail } from "../messaging-vendors.js";
import type { GroupJobHandler } from "../operation-group.js";
import type { NoticeEmailsPayload } from "./notifier.js";

interface PendingNotice {
  id: string;
  type: "policy-change" | "breach";
  title: string;
  body: string;
  effective_at: Date | null;
  incident_id: string | null;
  policy_notice_id: string | null;
}

const kinds: Record<PendingNotice["type"], EmailKind> = {
  breach: "breach-notice",
  "policy-change": "policy-change",
};

function emailBody(notice: PendingNotice): string {
  if (notice.type === "breach") return notice.body;
  const effective = notice.effective_at?.toISOString().slice(0, 10) ?? "";
  return `${notice.body}\n\nThe updated privacy policy takes effect on ${effective}.`;
}

/**
 * Emails one notice to each of its tenant's users holding a role the policy names for its type
 * (`notices.breach.to`, `notices.policyChange.to`), read when the job runs. One recipient per
 * transaction, recorded with the send: a job retried after a vendor failure or a crash skips those
 * already emailed, and the send's idempotency key (the notice's reference and the recipient) makes a
 * send repeated after a crash deliver once. Once every recipient is emailed, the notice (and a breach's
 * incident record) says when.
 */
export const sendNoticeEmails: GroupJobHandler = async ({ job, now, database, platform }) => {
  const { noticeId } = job.payload as NoticeEmailsPayload;
  const tenant = job.tenantId
    ? await database.transaction((tx) => findTenant(tx, job.tenantId as string))
    : undefined;
  if (!tenant || tenant.status === "purged") return;
  const inTenant = <T>(fn: (tx: Queryable) => Promise<T>) =>
    database.transaction(fn, { searchPath: [tenant.schemaName, "catalog"] });
  const [notice] = await inTenant((tx) =>
    tx.query<PendingNotice>("SELECT * FROM notices WHERE id = $1", [noticeId]),
  );
  if (!notice) return;
  const roles = platform.policy.notices[notice.type === "breach" ? "breach" : "policyChange"].to;
  const ref = (notice.type === "breach" ? notice.incident_id : notice.policy_notice_id) ?? notice.id;
  for (let done = false; !done; ) {
    done = await inTenant(async (tx) => {
      const [recipient] = await tx.query<{ id: string; email: string }>(
        `SELECT u.id, u.email FROM users u
         WHERE u.role = ANY($2::text[])
           AND NOT EXISTS (SELECT 1 FROM notice_recipients r WHERE r.notice_id = $1 AND r.user_id = u.id)
         ORDER BY u.created_at, u.id LIMIT 1`,
        [notice.id, roles],
      );
      if (!recipient) return true;
      await sendEmail(
        { platform, tenantId: tenant.id, tx },
        {
          to: recipient.email,
          subject: notice.title,
          body: emailBody(notice),
          kind: kinds[notice.type],
          ref,
        },
      );
      await tx.query("INSERT INTO notice_recipients (notice_id, user_id, emailed_at) VALUES ($1, $2, $3)", [
        notice.id,
        recipient.id,
        now,
      ]);
      return false;
    });
  }
  await inTenant(async (tx) => {
    await tx.query("UPDATE notices SET emailed_at = $2 WHERE id = $1 AND emailed_at IS NULL", [
      notice.id,
      now,
    ]);
    if (notice.incident_id) {
      await tx.query(
        `UPDATE catalog.incident_tenants SET notified_at = $3
         WHERE incident_id = $1 AND tenant_id = $2 AND notified_at IS NULL`,
        [notice.incident_id, tenant.id, now],
      );
    }
  });
};
