import { addDuration } from "@crmfactory/taxonomy";
import type { Eraser, Exporter } from "../../privacy/privacy-parts.js";
import { syncEmailContact } from "../email-contacts.js";
import type { OperationContext } from "../operation-group.js";
import { refuseLastOwnerErasure } from "./last-owner.js";
import { deadlineStart } from "./rights-deadlines.js";
import { emitRightsChange, type RightsOrigin, tellRequester } from "./rights-notices.js";
import { applyContactRectification, applyUserRectification } from "./rights-rectification.js";
import { type RightsRequestRow, subjectOf, updateRightsRequest } from "./rights-store.js";
import { restrictUserProcessing, withdrawUserConsent } from "./user-processing.js";

/** The kinds answered with an export of the subject's data (§9: access, portability; CCPA: know). */
export const exportKinds: readonly string[] = ["access", "portability", "know"];
/** The kinds answered by erasure (§9 and §11: erasure; CCPA: delete). */
export const erasureKinds: readonly string[] = ["erasure", "delete"];
export const restrictionKinds: readonly string[] = ["restriction", "objection"];
export const allProcessing: readonly string[] = ["ai-scoring", "ai-analysis", "marketing"];
export const allChannels: readonly string[] = ["email", "sms"];

const consentColumn: Record<string, string> = { email: "marketing_email", sms: "marketing_sms" };

/**
 * Starts answering a request that has just become `in_progress` (verified, or filed by the tenant):
 * exports and erasures through their parts (they settle the request by a job when done); restriction,
 * objection, withdrawal of consent and rectification (of a contact or a user), and opt-out of sale, at
 * once where the data plane holds the flags. Anything else stays `in_progress` for a person to answer, before the
 * deadline. Never completes a request whose work has not been done.
 */
export async function fulfil(
  origin: RightsOrigin & { context: OperationContext },
  row: RightsRequestRow,
): Promise<RightsRequestRow> {
  const { platform, tenant, tx, now } = origin;
  const subject = subjectOf(row);
  const part = { tx, platform, tenant, now };
  if (exportKinds.includes(row.kind)) {
    const exporter = platform.parts.exporter as Exporter | undefined;
    if (!exporter) return row;
    const { exportId } = await exporter.start(part, {
      scope: subject,
      requestedBy: row.filed_by,
      rightsRequestId: row.id,
    });
    return updateRightsRequest(tx, row.id, { export_id: exportId, updated_at: now });
  }
  if (erasureKinds.includes(row.kind)) {
    const eraser = platform.parts.eraser as Eraser | undefined;
    if (!eraser) return row;
    // Filed without a session, a request naming the last owner was not checked at filing: refused
    // here as there, before anything is deleted (the verification rolls back; the code still works
    // once ownership is transferred or the account closed, within the window).
    if (row.subject_type === "user") await refuseLastOwnerErasure(origin, row.subject_id);
    const start = deadlineStart(platform.policy, row) ?? now;
    const { receiptId } = await eraser.start(part, {
      source: { type: "rights-request", id: row.id },
      subject,
      dueAt: addDuration(start, platform.policy.rights.erasureWithin),
      requestedBy: row.filed_by,
    });
    return updateRightsRequest(tx, row.id, { receipt_id: receiptId, updated_at: now });
  }
  if (row.kind === "opt-out-of-sale") {
    // §3 and the CCPA paragraph of §9: nothing is sold, so the answer is that statement, recorded.
    return complete(origin, row, {
      type: "opt-out-of-sale",
      answer: "we-do-not-sell",
      statement: `${platform.policy.organisation} does not sell personal information.`,
      recordedAt: now.toISOString(),
    });
  }
  if (row.kind === "rectification") {
    const changedFields =
      subject.type === "contact"
        ? await applyContactRectification(origin.context, subject.contactId, row.details.changes)
        : await applyUserRectification(origin.context, subject.userId, row.details.changes);
    return complete(origin, row, { type: "rectification", changedFields });
  }
  // A user's restriction, objection and withdrawal are flags on the account record (user-processing.ts).
  if (subject.type === "user") return fulfilForUser(origin, row, subject.userId);
  if (restrictionKinds.includes(row.kind)) {
    const processing = row.details.processing;
    await tx.query(
      `UPDATE contacts SET processing_restrictions = ARRAY(
         SELECT DISTINCT unnest(processing_restrictions || $2::text[]) ORDER BY 1), updated_at = $3
       WHERE id = $1`,
      [subject.contactId, processing, now],
    );
    return complete(origin, row, {
      type: "processing-restricted",
      processing,
      effectiveAt: now.toISOString(),
    });
  }
  if (row.kind === "withdraw-consent") {
    return complete(
      origin,
      row,
      await withdrawConsent(origin.context, subject.contactId, row.details.channels),
    );
  }
  return row;
}

/** A user's restriction, objection or withdrawal of consent, recorded on the account at once. */
async function fulfilForUser(
  origin: RightsOrigin & { context: OperationContext },
  row: RightsRequestRow,
  userId: string,
): Promise<RightsRequestRow> {
  const effectiveAt = origin.now.toISOString();
  if (restrictionKinds.includes(row.kind)) {
    const processing = row.details.processing;
    if (!(await restrictUserProcessing(origin.context, userId, processing))) return row;
    return complete(origin, row, { type: "processing-restricted", processing, effectiveAt });
  }
  if (row.kind === "withdraw-consent") {
    const channels = row.details.channels;
    if (!(await withdrawUserConsent(origin.context, userId, channels))) return row;
    // No marketing is ever queued to users, so none had to be suppressed.
    return complete(origin, row, { type: "consent-withdrawn", channels, effectiveAt, suppressedMessages: 0 });
  }
  return row;
}

/** Consent off for the channels (here and at the email subprocessor), and the queued messages counted. */
async function withdrawConsent(context: OperationContext, contactId: string, channels: readonly string[]) {
  const { tx, now } = context;
  const [stored] = await tx.query<{
    email: string | null;
    marketing_email: boolean;
    marketing_sms: boolean;
    email_contact_id: string | null;
  }>(
    "SELECT email, marketing_email, marketing_sms, email_contact_id FROM contacts WHERE id = $1 FOR UPDATE",
    [contactId],
  );
  if (!stored)
    return { type: "consent-withdrawn", channels, effectiveAt: now.toISOString(), suppressedMessages: 0 };
  const sets = channels.map((channel) => `${consentColumn[channel]} = false`);
  await tx.query(
    `UPDATE contacts SET ${sets.join(", ")}, consent_updated_at = $2, updated_at = $2 WHERE id = $1`,
    [contactId, now],
  );
  if (channels.includes("email") && stored.marketing_email) {
    // The email subprocessor's copy is unsubscribed too, so no campaign sent from there reaches them.
    const emailContactId = await syncEmailContact(
      context,
      { email: stored.email, marketingEmail: true, emailContactId: stored.email_contact_id },
      { email: stored.email, marketingEmail: false },
    );
    if (emailContactId !== stored.email_contact_id) {
      await tx.query("UPDATE contacts SET email_contact_id = $2 WHERE id = $1", [contactId, emailContactId]);
    }
  }
  // Every marketing message not yet sent to the contact on these channels is cancelled for them now
  // (queued or scheduled alike), before any delivery run reaches the provider (RIGHTS-CONSENT); delivery
  // also reads consent when it sends, so a run already under way stops at this recipient too.
  const cancelled = await tx.query(
    `UPDATE marketing_recipients r SET status = 'suppressed',
       suppressed_reason = CASE WHEN r.consent_when_queued THEN 'consent-withdrawn' ELSE 'no-consent' END
     FROM marketing_messages m
     WHERE m.id = r.marketing_message_id AND r.contact_id = $1 AND r.status = 'pending' AND m.channel = ANY($2::text[])
     RETURNING r.marketing_message_id`,
    [contactId, channels],
  );
  return {
    type: "consent-withdrawn",
    channels,
    effectiveAt: now.toISOString(),
    suppressedMessages: cancelled.length,
  };
}

/**
 * Completes a request with its answer: status, `result`, `completedAt`, the callback, and for a user's
 * own request the email saying it was answered.
 */
export async function complete(
  origin: RightsOrigin,
  row: RightsRequestRow,
  result: Record<string, unknown>,
): Promise<RightsRequestRow> {
  const completed = await updateRightsRequest(origin.tx, row.id, {
    status: "completed",
    result,
    completed_at: origin.now,
    updated_at: origin.now,
  });
  await emitRightsChange(origin, completed, row.status, "completed");
  if (row.role === "controller") {
    await tellRequester(origin, completed, {
      kind: "request-completed",
      subject: "Your privacy request was answered",
      body: `Your ${row.kind} request (${row.id}) was answered. Sign in, or use the link of your request, to see the answer.`,
    });
  }
  return completed;
}
