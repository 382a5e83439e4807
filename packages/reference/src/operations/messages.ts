import { randomUUID } from "node:crypto";
import type { Queryable } from "../database/database.js";
import { nullableTimestamp, timestamp } from "../platform/clock.js";
import type { Holding, InventorySource } from "../platform/inventory.js";
import { problem } from "../platform/problem.js";
import { followDelivery } from "./message-status.js";
import { placeRecordedCall, sendEmail, sendText } from "./messaging-vendors.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";
import { createdPosition, keysetRows, page } from "./pagination.js";
import { requireTenant } from "./tenant-context.js";

interface MessageRow {
  id: string;
  contact_id: string;
  channel: "sms" | "whatsapp" | "email";
  direction: "outbound" | "inbound";
  subject: string | null;
  body: string;
  status: string;
  provider_id: string;
  provider_external_id: string;
  ai_proposal_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

interface CallRow {
  id: string;
  contact_id: string;
  kind: "call" | "voicemail";
  direction: "outbound" | "inbound";
  duration_seconds: number;
  transcript: string | null;
  call_sid: string;
  recording_sid: string | null;
  occurred_at: Date;
  created_at: Date;
}

export function messageView(row: MessageRow, tenantId: string) {
  return {
    id: row.id,
    tenantId,
    contactId: row.contact_id,
    channel: row.channel,
    direction: row.direction,
    subject: row.subject,
    body: row.body,
    status: row.status,
    provider: { subprocessorId: row.provider_id, externalId: row.provider_external_id },
    aiProposalId: row.ai_proposal_id,
    createdAt: timestamp(row.created_at),
    sentAt: nullableTimestamp(row.sent_at),
  };
}

export function callView(row: CallRow, tenantId: string) {
  return {
    id: row.id,
    tenantId,
    contactId: row.contact_id,
    kind: row.kind,
    direction: row.direction,
    durationSeconds: row.duration_seconds,
    transcript: row.transcript,
    // The recording once Twilio holds it; until then the call that will hold it.
    recording: { subprocessorId: "twilio", externalId: row.recording_sid ?? row.call_sid },
    occurredAt: timestamp(row.occurred_at),
    createdAt: timestamp(row.created_at),
  };
}

/** The contact the body names, in this tenant; another tenant's or an unknown id is `not-found`. */
export async function findContact(tx: Queryable, id: string) {
  const [contact] = await tx.query<{ id: string; email: string | null; phone: string | null }>(
    "SELECT id, email, phone FROM contacts WHERE id = $1",
    [id],
  );
  if (!contact) throw problem("not-found", "This tenant has no contact with this id.");
  return contact;
}

function missingAddress(field: "email address" | "phone number"): never {
  throw problem("validation-failed", `The contact has no ${field} to send to.`, {
    errors: [{ path: "/body/contactId", message: `names a contact without a ${field}` }],
  });
}

const origin = (context: OperationContext) => ({
  platform: context.platform,
  tenantId: requireTenant(context).id,
  tx: context.tx,
});

function listQuery<Row extends { created_at: Date; id: string }>(
  context: OperationContext,
  table: string,
  filter: { column: string; value: string | undefined },
) {
  const params = context.query<{ cursor?: string; limit: number; contactId?: string }>();
  return keysetRows<Row>(
    context.tx,
    {
      select: `SELECT * FROM ${table}`,
      where: `($1::uuid IS NULL OR contact_id = $1) AND ($2::text IS NULL OR ${filter.column} = $2)`,
      values: [params.contactId ?? null, filter.value ?? null],
    },
    params,
  ).then((rows) => ({ rows, limit: params.limit }));
}

/** Messages and calls here, and the copies Twilio and Resend hold of them, each linked to its contact. */
const messagesInventory: InventorySource = async ({ tx }) => {
  const sent = await tx.query<MessageRow>("SELECT * FROM messages ORDER BY created_at, id");
  const calls = await tx.query<CallRow>("SELECT * FROM calls ORDER BY created_at, id");
  // Communications follow the tenant's closure clock: no event of their own starts it.
  const held = (id: string, contactId: string, _at: Date) => ({
    id,
    subject: { type: "contact" as const, contactId },
  });
  const platform = { type: "platform" } as const;
  const vendor = (subprocessorId: string, service: string) =>
    ({ type: "subprocessor", subprocessorId, service }) as const;
  const holdings: Holding[] = [
    {
      rule: "communications",
      location: platform,
      recordType: "message",
      records: sent.map((m) => held(m.id, m.contact_id, m.created_at)),
    },
    {
      rule: "communications",
      location: platform,
      recordType: "call",
      records: calls.map((c) => held(c.id, c.contact_id, c.created_at)),
    },
  ];
  for (const [channel, subprocessorId] of [
    ["sms", "twilio"],
    ["whatsapp", "twilio"],
    ["email", "resend"],
  ] as const) {
    holdings.push({
      rule: "communications",
      location: vendor(subprocessorId, channel),
      recordType: channel === "email" ? "email" : "message",
      records: sent
        .filter((m) => m.channel === channel)
        .map((m) => held(m.provider_external_id, m.contact_id, m.created_at)),
    });
  }
  holdings.push({
    rule: "communications",
    location: vendor("twilio", "voice"),
    recordType: "recording",
    records: calls.map((c) => held(c.recording_sid ?? c.call_sid, c.contact_id, c.created_at)),
  });
  return holdings;
};

/** Messages and calls with contacts, through the messaging (Twilio) and email (Resend) subprocessors. */
export const messages: OperationGroup = {
  name: "messages",
  inventory: messagesInventory,
  operations: {
    async sendMessage(context) {
      const tenant = requireTenant(context);
      const input = await context.body<
        | { contactId: string; channel: "email"; subject: string; body: string }
        | { contactId: string; channel: "sms" | "whatsapp"; body: string }
      >();
      const contact = await findContact(context.tx, input.contactId);
      const id = randomUUID();
      let provider: { id: string; externalId: string; status: string };
      if (input.channel === "email") {
        if (!contact.email) missingAddress("email address");
        const sent = await sendEmail(origin(context), {
          to: contact.email,
          subject: input.subject,
          body: input.body,
          kind: "message",
          ref: id,
        });
        provider = { id: "resend", externalId: sent.externalId, status: "sent" };
      } else {
        if (!contact.phone) missingAddress("phone number");
        const sent = await sendText(origin(context), {
          channel: input.channel,
          to: contact.phone,
          body: input.body,
        });
        provider = { id: "twilio", externalId: sent.externalId, status: sent.status };
      }
      const [row] = await context.tx.query<MessageRow>(
        `INSERT INTO messages (id, contact_id, channel, direction, subject, body, status, provider_id,
           provider_external_id, created_at, sent_at)
         VALUES ($1, $2, $3, 'outbound', $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          id,
          contact.id,
          input.channel,
          input.channel === "email" ? input.subject : null,
          input.body,
          provider.status,
          provider.id,
          provider.externalId,
          context.now,
          provider.status === "queued" ? null : context.now,
        ],
      );
      return {
        status: 201,
        headers: { location: `messages/${id}` },
        body: messageView(row as MessageRow, tenant.id),
      };
    },

    async listMessages(context) {
      const tenant = requireTenant(context);
      const { channel } = context.query<{ channel?: string }>();
      const { rows, limit } = await listQuery<MessageRow>(context, "messages", {
        column: "channel",
        value: channel,
      });
      return {
        status: 200,
        body: page(rows, limit, (row) => messageView(row, tenant.id), createdPosition),
      };
    },

    async getMessage(context) {
      const tenant = requireTenant(context);
      const [row] = await context.tx.query<MessageRow>("SELECT * FROM messages WHERE id = $1", [
        context.params.messageId,
      ]);
      if (!row) throw problem("not-found", "This tenant has no message with this id.");
      const followed = await followDelivery(origin(context), row, context.now);
      return { status: 200, body: messageView(followed, tenant.id) };
    },

    async createCall(context) {
      const tenant = requireTenant(context);
      const input = await context.body<{
        contactId: string;
        kind: "call" | "voicemail";
        direction?: "outbound" | "inbound";
        durationSeconds: number;
        transcript?: string;
      }>();
      const contact = await findContact(context.tx, input.contactId);
      if (!contact.phone) missingAddress("phone number");
      const placed = await placeRecordedCall(origin(context), { to: contact.phone });
      const [row] = await context.tx.query<CallRow>(
        `INSERT INTO calls (id, contact_id, kind, direction, duration_seconds, transcript, call_sid, recording_sid,
           occurred_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *`,
        [
          randomUUID(),
          contact.id,
          input.kind,
          input.direction ?? "outbound",
          input.durationSeconds,
          input.transcript ?? null,
          placed.callSid,
          placed.recordingSid,
          context.now,
        ],
      );
      const call = row as CallRow;
      return { status: 201, headers: { location: `calls/${call.id}` }, body: callView(call, tenant.id) };
    },

    async listCalls(context) {
      const tenant = requireTenant(context);
      const { kind } = context.query<{ kind?: string }>();
      const { rows, limit } = await listQuery<CallRow>(context, "calls", { column: "kind", value: kind });
      return {
        status: 200,
        body: page(rows, limit, (row) => callView(row, tenant.id), createdPosition),
      };
    },

    async getCall(context) {
      const tenant = requireTenant(context);
      const [row] = await context.tx.query<CallRow>("SELECT * FROM calls WHERE id = $1", [
        context.params.callId,
      ]);
      if (!row) throw problem("not-found", "This tenant has no call with this id.");
      return { status: 200, body: callView(row, tenant.id) };
    },
  },
  tenantMigrations: [
    {
      id: "messages/001-messages-calls",
      // Communication data belongs to its contact (the subject link, `contact_id`); the vendor ids say
      // where the copies are held, for erasure at the vendor. Deleting a contact takes its messages.
      sql: (s) => `
        CREATE TABLE ${s}.messages (
          id uuid PRIMARY KEY,
          contact_id uuid NOT NULL REFERENCES ${s}.contacts (id) ON DELETE CASCADE,
          channel text NOT NULL,
          direction text NOT NULL,
          subject text,
          body text NOT NULL,
          status text NOT NULL,
          provider_id text NOT NULL,
          provider_external_id text NOT NULL,
          ai_proposal_id uuid,
          created_at timestamptz NOT NULL,
          sent_at timestamptz
        );
        CREATE INDEX messages_created ON ${s}.messages (created_at, id);
        CREATE INDEX messages_contact ON ${s}.messages (contact_id, created_at, id);
        CREATE TABLE ${s}.calls (
          id uuid PRIMARY KEY,
          contact_id uuid NOT NULL REFERENCES ${s}.contacts (id) ON DELETE CASCADE,
          kind text NOT NULL,
          direction text NOT NULL,
          duration_seconds integer NOT NULL,
          transcript text,
          call_sid text NOT NULL,
          recording_sid text,
          occurred_at timestamptz NOT NULL,
          created_at timestamptz NOT NULL
        );
        CREATE INDEX calls_created ON ${s}.calls (created_at, id);
        CREATE INDEX calls_contact ON ${s}.calls (contact_id, created_at, id);
      `,
    },
  ],
};
