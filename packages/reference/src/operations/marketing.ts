import { randomUUID } from "node:crypto";
import type { Queryable } from "../database/database.js";
import { nullableTimestamp, timestamp } from "../platform/clock.js";
import type { InventorySource } from "../platform/inventory.js";
import { problem } from "../platform/problem.js";
import { findTenant } from "../platform/tenant-records.js";
import { sendEmail, sendText } from "./messaging-vendors.js";
import type { GroupJobHandler, OperationGroup } from "./operation-group.js";
import { createdPosition, keysetRows, page } from "./pagination.js";
import { requireTenant } from "./tenant-context.js";

const deliverMarketingJob = "marketing-deliver";

interface MarketingRow {
  id: string;
  channel: "email" | "sms";
  subject: string | null;
  body: string;
  status: "scheduled" | "queued" | "sent" | "cancelled";
  scheduled_for: Date | null;
  created_at: Date;
  sent_at: Date | null;
}

interface RecipientRow {
  marketing_message_id: string;
  contact_id: string;
  status: "pending" | "sent" | "suppressed";
  suppressed_reason: string | null;
  sent_at: Date | null;
  provider_id: string | null;
  provider_external_id: string | null;
  consent_when_queued: boolean;
}

/** `scheduled` turns `queued` once its time has come on the tenant's clock, until the job has run. */
export function marketingView(row: MarketingRow, recipients: RecipientRow[], tenantId: string, now: Date) {
  const due = row.status === "scheduled" && (row.scheduled_for === null || row.scheduled_for <= now);
  return {
    id: row.id,
    tenantId,
    channel: row.channel,
    subject: row.subject,
    body: row.body,
    status: due ? "queued" : row.status,
    scheduledFor: nullableTimestamp(row.scheduled_for),
    createdAt: timestamp(row.created_at),
    sentAt: nullableTimestamp(row.sent_at),
    recipients: recipients.map((r) => ({
      contactId: r.contact_id,
      status: r.status,
      suppressedReason: r.suppressed_reason,
      sentAt: nullableTimestamp(r.sent_at),
      provider: r.provider_id ? { subprocessorId: r.provider_id, externalId: r.provider_external_id } : null,
    })),
  };
}

async function recipientsOf(tx: Queryable, ids: readonly string[]) {
  const rows = await tx.query<RecipientRow>(
    `SELECT * FROM marketing_recipients WHERE marketing_message_id = ANY($1::uuid[]) ORDER BY position`,
    [ids],
  );
  const byMessage = new Map<string, RecipientRow[]>();
  for (const row of rows)
    byMessage.set(row.marketing_message_id, [...(byMessage.get(row.marketing_message_id) ?? []), row]);
  return byMessage;
}

const consentColumn = { email: "marketing_email", sms: "marketing_sms" } as const;

/**
 * Delivery at the message's time: each recipient's consent and restrictions are read now, not when it
 * was queued, so a withdrawal or an objection made in between stops the message for that recipient.
 */
const deliverMarketing: GroupJobHandler = async ({ job, now, database, platform }) => {
  const tenant = job.tenantId
    ? await database.transaction((tx) => findTenant(tx, job.tenantId as string))
    : undefined;
  if (!tenant) return;
  const inTenant = <T>(fn: (tx: Queryable) => Promise<T>) =>
    database.transaction(fn, { searchPath: [tenant.schemaName, "catalog"] });
  const [message] = await inTenant((tx) =>
    tx.query<MarketingRow>("SELECT * FROM marketing_messages WHERE id = $1", [
      job.payload.marketingMessageId,
    ]),
  );
  if (!message || message.status === "sent" || message.status === "cancelled") return;
  const column = consentColumn[message.channel];
  // One recipient per transaction: after a vendor failure the job is retried with the recipients already
  // sent recorded as sent, so nobody gets the message twice.
  for (let done = false; !done; ) {
    done = await inTenant(async (tx) => {
      const [recipient] = await tx.query<
        RecipientRow & {
          email: string | null;
          phone: string | null;
          consent: boolean | null;
          restrictions: string[] | null;
        }
      >(
        `SELECT r.*, c.email, c.phone, c.${column} AS consent, c.processing_restrictions AS restrictions
         FROM marketing_recipients r LEFT JOIN contacts c ON c.id = r.contact_id
         WHERE r.marketing_message_id = $1 AND r.status = 'pending' ORDER BY r.position LIMIT 1 FOR UPDATE OF r`,
        [message.id],
      );
      if (!recipient) return true;
      let suppressed: string | null = null;
      if (recipient.consent === null) suppressed = "contact-deleted";
      else if (recipient.restrictions?.includes("marketing")) suppressed = "processing-restricted";
      else if (!recipient.consent)
        suppressed = recipient.consent_when_queued ? "consent-withdrawn" : "no-consent";
      const address = message.channel === "email" ? recipient.email : recipient.phone;
      if (!suppressed && !address) suppressed = "no-consent";
      if (suppressed) {
        await tx.query(
          `UPDATE marketing_recipients SET status = 'suppressed', suppressed_reason = $3
           WHERE marketing_message_id = $1 AND contact_id = $2`,
          [message.id, recipient.contact_id, suppressed],
        );
        return false;
      }
      const origin = { platform, tenantId: tenant.id, tx };
      const sent =
        message.channel === "email"
          ? {
              id: "resend",
              ...(await sendEmail(origin, {
                to: address as string,
                subject: message.subject ?? "",
                body: message.body,
                kind: "marketing",
                ref: message.id,
              })),
            }
          : {
              id: "twilio",
              ...(await sendText(origin, { channel: "sms", to: address as string, body: message.body })),
            };
      await tx.query(
        `UPDATE marketing_recipients SET status = 'sent', sent_at = $3, provider_id = $4, provider_external_id = $5
         WHERE marketing_message_id = $1 AND contact_id = $2`,
        [message.id, recipient.contact_id, now, sent.id, sent.externalId],
      );
      return false;
    });
  }
  await inTenant((tx) =>
    tx.query("UPDATE marketing_messages SET status = 'sent', sent_at = $2 WHERE id = $1", [message.id, now]),
  );
};

/** Marketing messages, and each recipient's delivery record (linked to its contact). */
const marketingInventory: InventorySource = async ({ tx }) => {
  const rows = await tx.query<{ marketing_message_id: string; contact_id: string; created_at: Date }>(
    "SELECT marketing_message_id, contact_id, created_at FROM marketing_recipients ORDER BY created_at, position",
  );
  return [
    {
      rule: "communications",
      location: { type: "platform" },
      recordType: "marketing-recipient",
      records: rows.map((row) => ({
        id: `${row.marketing_message_id}:${row.contact_id}`,
        subject: { type: "contact" as const, contactId: row.contact_id },
      })),
    },
  ];
};

/** Marketing email and SMS, sent only to recipients who consent when it is delivered. */
export const marketing: OperationGroup = {
  name: "marketing",
  inventory: marketingInventory,
  operations: {
    async createMarketingMessage(context) {
      const tenant = requireTenant(context);
      const input = await context.body<{
        channel: "email" | "sms";
        contactIds: string[];
        subject?: string;
        body: string;
        scheduledFor?: string;
      }>();
      const column = consentColumn[input.channel];
      const contacts = await context.tx.query<{ id: string; consent: boolean }>(
        `SELECT id, ${column} AS consent FROM contacts WHERE id = ANY($1::uuid[])`,
        [input.contactIds],
      );
      if (contacts.length !== input.contactIds.length) {
        throw problem("not-found", "A contact named in contactIds is not one of this tenant's.");
      }
      const consent = new Map(contacts.map((c) => [c.id, c.consent]));
      const scheduledFor = input.scheduledFor ? new Date(input.scheduledFor) : null;
      const dueAt = scheduledFor && scheduledFor > context.now ? scheduledFor : context.now;
      const id = randomUUID();
      const [row] = await context.tx.query<MarketingRow>(
        `INSERT INTO marketing_messages (id, channel, subject, body, status, scheduled_for, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [
          id,
          input.channel,
          input.channel === "email" ? (input.subject ?? null) : null,
          input.body,
          scheduledFor && scheduledFor > context.now ? "scheduled" : "queued",
          scheduledFor,
          context.now,
        ],
      );
      for (const [position, contactId] of input.contactIds.entries()) {
        await context.tx.query(
          `INSERT INTO marketing_recipients (marketing_message_id, contact_id, position, status, consent_when_queued, created_at)
           VALUES ($1, $2, $3, 'pending', $4, $5)`,
          [id, contactId, position, consent.get(contactId) ?? false, context.now],
        );
      }
      await context.platform.jobs.schedule(context.tx, {
        kind: deliverMarketingJob,
        tenantId: tenant.id,
        dueAt,
        payload: { marketingMessageId: id },
      });
      const recipients = (await recipientsOf(context.tx, [id])).get(id) ?? [];
      return {
        status: 201,
        headers: { location: `marketing-messages/${id}` },
        body: marketingView(row as MarketingRow, recipients, tenant.id, context.now),
      };
    },

    async listMarketingMessages(context) {
      const tenant = requireTenant(context);
      const params = context.query<{ cursor?: string; limit: number }>();
      const { limit } = params;
      const rows = await keysetRows<MarketingRow>(
        context.tx,
        { select: "SELECT * FROM marketing_messages" },
        params,
      );
      const recipients = await recipientsOf(
        context.tx,
        rows.map((r) => r.id),
      );
      return {
        status: 200,
        body: page(
          rows,
          limit,
          (row) => marketingView(row, recipients.get(row.id) ?? [], tenant.id, context.now),
          createdPosition,
        ),
      };
    },

    async getMarketingMessage(context) {
      const tenant = requireTenant(context);
      const [row] = await context.tx.query<MarketingRow>("SELECT * FROM marketing_messages WHERE id = $1", [
        context.params.marketingMessageId,
      ]);
      if (!row) throw problem("not-found", "This tenant has no marketing message with this id.");
      const recipients = (await recipientsOf(context.tx, [row.id])).get(row.id) ?? [];
      return { status: 200, body: marketingView(row, recipients, tenant.id, context.now) };
    },
  },
  tenantMigrations: [
    {
      id: "marketing/001-messages-recipients",
      // A recipient row belongs to its contact (subject link `contact_id`); it stays after the contact is
      // deleted only as the suppression record `contact-deleted`, without any of the contact's data.
      sql: (s) => `
        CREATE TABLE ${s}.marketing_messages (
          id uuid PRIMARY KEY,
          channel text NOT NULL,
          subject text,
          body text NOT NULL,
          status text NOT NULL,
          scheduled_for timestamptz,
          created_at timestamptz NOT NULL,
          sent_at timestamptz
        );
        CREATE INDEX marketing_messages_created ON ${s}.marketing_messages (created_at, id);
        CREATE TABLE ${s}.marketing_recipients (
          marketing_message_id uuid NOT NULL REFERENCES ${s}.marketing_messages (id) ON DELETE CASCADE,
          contact_id uuid NOT NULL,
          position integer NOT NULL,
          status text NOT NULL,
          suppressed_reason text,
          consent_when_queued boolean NOT NULL,
          sent_at timestamptz,
          provider_id text,
          provider_external_id text,
          created_at timestamptz NOT NULL,
          PRIMARY KEY (marketing_message_id, contact_id)
        );
        CREATE INDEX marketing_recipients_contact ON ${s}.marketing_recipients (contact_id);
      `,
    },
  ],
  jobs: { [deliverMarketingJob]: deliverMarketing },
};
