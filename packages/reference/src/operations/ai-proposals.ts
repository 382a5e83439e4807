import { randomUUID } from "node:crypto";
import type { AuditActor } from "../platform/audit-trail.js";
import { nullableTimestamp, timestamp } from "../platform/clock.js";
import { problem } from "../platform/problem.js";
import { type AiFeature, featureEnabled, processingOf } from "./ai-settings.js";
import { sendEmail, sendText } from "./messaging-vendors.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";
import { keysetPage } from "./pagination.js";
import { requireTenant } from "./tenant-context.js";

interface DraftedMessage {
  channel: "sms" | "whatsapp" | "email";
  subject: string | null;
  body: string;
}

export interface ProposalRow {
  id: string;
  contact_id: string;
  type: "send-message" | "disqualify-lead";
  feature: string;
  status: "pending" | "approved" | "rejected";
  message: DraftedMessage | null;
  disqualification: { reason: string; scoreId: string | null } | null;
  decided_at: Date | null;
  decided_by: AuditActor | null;
  rejection_reason: string | null;
  resulting_message_id: string | null;
  created_at: Date;
}

export function proposalView(row: ProposalRow) {
  return {
    id: row.id,
    type: row.type,
    feature: row.feature,
    contactId: row.contact_id,
    status: row.status,
    createdAt: timestamp(row.created_at),
    decidedAt: nullableTimestamp(row.decided_at),
    decidedBy: row.decided_by,
    rejectionReason: row.rejection_reason,
    message: row.message,
    disqualification: row.disqualification,
    resultingMessageId: row.resulting_message_id,
  };
}

/** The proposal, locked; only a `pending` one can be decided (`conflict` once decided). */
async function pendingProposal(context: OperationContext): Promise<ProposalRow> {
  const [row] = await context.tx.query<ProposalRow>("SELECT * FROM ai_proposals WHERE id = $1 FOR UPDATE", [
    context.params.proposalId,
  ]);
  if (!row) throw problem("not-found", "This tenant has no AI proposal with this id.");
  if (row.status !== "pending") throw problem("conflict", `The proposal was already ${row.status}.`);
  return row;
}

function deciderOf(context: OperationContext): AuditActor {
  if (context.caller.kind !== "tenant") throw problem("forbidden", "A proposal is decided by a user.");
  return { type: "user", id: context.caller.user.id };
}

/**
 * A contact who restricted or objected to the proposal's processing after it was made (an objection to
 * automated disqualification, to AI-drafted replies) is not subject to its outcome: approval is
 * refused; rejecting it stays possible.
 */
async function refuseIfRestrictedSince(context: OperationContext, row: ProposalRow) {
  const processing = processingOf[row.feature as AiFeature];
  const [contact] = await context.tx.query<{ processing_restrictions: string[] }>(
    "SELECT processing_restrictions FROM contacts WHERE id = $1 FOR UPDATE",
    [row.contact_id],
  );
  if (contact?.processing_restrictions.includes(processing)) {
    throw problem("conflict", `The contact has since restricted ${processing}: reject the proposal instead.`);
  }
}

/** Edits are for a drafted message: a subject only for an email; none for a disqualification. */
function refuseEditsThatDoNotApply(row: ProposalRow, edits: { subject?: string; body?: string }) {
  const errors: { path: string; message: string }[] = [];
  if (row.type !== "send-message") {
    for (const field of ["subject", "body"] as const) {
      if (edits[field] !== undefined)
        errors.push({ path: `/body/${field}`, message: "edits a drafted message; this proposal has none" });
    }
  } else if (edits.subject !== undefined && row.message?.channel !== "email") {
    errors.push({ path: "/body/subject", message: "only an email has a subject" });
  }
  if (errors.length > 0)
    throw problem("validation-failed", "The edits do not apply to this proposal.", { errors });
}

/** Sends the approved draft as an ordinary message of the contact, tied to the proposal (`aiProposalId`). */
async function sendApproved(context: OperationContext, row: ProposalRow, draft: DraftedMessage) {
  const tenant = requireTenant(context);
  const [contact] = await context.tx.query<{ email: string | null; phone: string | null }>(
    "SELECT email, phone FROM contacts WHERE id = $1",
    [row.contact_id],
  );
  const address = draft.channel === "email" ? contact?.email : contact?.phone;
  if (!address) throw problem("conflict", "The contact no longer has an address on the draft's channel.");
  const origin = { platform: context.platform, tenantId: tenant.id, tx: context.tx };
  const id = randomUUID();
  const sent =
    draft.channel === "email"
      ? {
          provider: "resend",
          status: "sent",
          ...(await sendEmail(origin, {
            to: address,
            subject: draft.subject ?? "",
            body: draft.body,
            kind: "message",
            ref: id,
          })),
        }
      : {
          provider: "twilio",
          ...(await sendText(origin, { channel: draft.channel, to: address, body: draft.body })),
        };
  await context.tx.query(
    `INSERT INTO messages (id, contact_id, channel, direction, subject, body, status, provider_id,
       provider_external_id, ai_proposal_id, created_at, sent_at)
     VALUES ($1, $2, $3, 'outbound', $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      id,
      row.contact_id,
      draft.channel,
      draft.channel === "email" ? draft.subject : null,
      draft.body,
      sent.status,
      sent.provider,
      sent.externalId,
      row.id,
      context.now,
      sent.status === "queued" ? null : context.now,
    ],
  );
  return id;
}

/**
 * Proposals (§6's human review checkpoints): an AI-drafted message is sent, and an AI lead
 * disqualification marks the contact, only here, when someone holding `ai:approve` approves it
 * (SEC-AI-HUMAN-REVIEW). A rejection sends nothing and changes no contact.
 */
export const aiProposalOperations: OperationGroup["operations"] = {
  async listAiProposals(context) {
    const params = context.query<{ cursor?: string; limit: number; status?: string; contactId?: string }>();
    return {
      status: 200,
      body: await keysetPage<ProposalRow, ReturnType<typeof proposalView>>(
        context.tx,
        {
          select: "SELECT * FROM ai_proposals",
          where: "($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR contact_id = $2)",
          values: [params.status ?? null, params.contactId ?? null],
        },
        params,
        proposalView,
      ),
    };
  },

  async getAiProposal(context) {
    const [row] = await context.tx.query<ProposalRow>("SELECT * FROM ai_proposals WHERE id = $1", [
      context.params.proposalId,
    ]);
    if (!row) throw problem("not-found", "This tenant has no AI proposal with this id.");
    return { status: 200, body: proposalView(row) };
  },

  async approveAiProposal(context) {
    const edits = (await context.body<{ subject?: string; body?: string } | undefined>()) ?? {};
    const row = await pendingProposal(context);
    refuseEditsThatDoNotApply(row, edits);
    await refuseIfRestrictedSince(context, row);
    // A feature switched off since it drafted the proposal stays off: what it drafted is not sent.
    if (!(await featureEnabled(context.tx, row.feature as AiFeature))) {
      throw problem(
        "conflict",
        "The AI feature that made this proposal is switched off: switch it on to approve it, or reject it.",
      );
    }
    const decider = deciderOf(context);
    let message = row.message;
    let resultingMessageId: string | null = null;
    if (row.type === "send-message" && row.message) {
      message = {
        ...row.message,
        ...(edits.subject !== undefined ? { subject: edits.subject } : {}),
        ...(edits.body !== undefined ? { body: edits.body } : {}),
      };
      resultingMessageId = await sendApproved(context, row, message);
    } else if (row.type === "disqualify-lead") {
      await context.tx.query(
        "UPDATE contacts SET disqualified_at = $2, updated_at = $2 WHERE id = $1 AND disqualified_at IS NULL",
        [row.contact_id, context.now],
      );
    }
    const [approved] = await context.tx.query<ProposalRow>(
      `UPDATE ai_proposals SET status = 'approved', decided_at = $2, decided_by = $3::jsonb, message = $4::jsonb,
         resulting_message_id = $5 WHERE id = $1 RETURNING *`,
      [
        row.id,
        context.now,
        JSON.stringify(decider),
        message ? JSON.stringify(message) : null,
        resultingMessageId,
      ],
    );
    await context.audit({ type: "ai-proposal", id: row.id });
    return { status: 200, body: proposalView(approved as ProposalRow) };
  },

  async rejectAiProposal(context) {
    const input = (await context.body<{ reason?: string } | undefined>()) ?? {};
    const row = await pendingProposal(context);
    const [rejected] = await context.tx.query<ProposalRow>(
      `UPDATE ai_proposals SET status = 'rejected', decided_at = $2, decided_by = $3::jsonb, rejection_reason = $4
       WHERE id = $1 RETURNING *`,
      [row.id, context.now, JSON.stringify(deciderOf(context)), input.reason ?? null],
    );
    await context.audit({ type: "ai-proposal", id: row.id });
    return { status: 200, body: proposalView(rejected as ProposalRow) };
  },
};
