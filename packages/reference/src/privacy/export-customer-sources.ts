import { contactView } from "../operations/contacts.js";
import { crmObjectView } from "../operations/crm-objects.js";
import { integrationView, recordView } from "../operations/integrations.js";
import { marketingView } from "../operations/marketing.js";
import { callView, messageView } from "../operations/messages.js";
import { eventView } from "../operations/telemetry.js";
import { timestamp } from "../platform/clock.js";
import { at, type ExportRecord, type ExportSource, here, type ResolvedScope } from "./export-sources.js";
import { walkRows } from "./export-walk.js";

const byCreated = [
  ["created_at", "timestamptz"],
  ["id", "uuid"],
] as const satisfies readonly [[string, string], [string, string]];

/** A contact's own rows (`contact_id`); nothing for a user; all for the tenant. */
function contactFilter(scope: ResolvedScope, column = "contact_id") {
  if (scope.type === "tenant") return { where: undefined, params: [] };
  if (scope.type === "contact") return { where: `${column} = $1`, params: [scope.id] };
  return undefined;
}

/** Rows tied to the contact through a link table (`links.contact_id`); every row for the tenant. */
function linkedTo(scope: ResolvedScope, links: string, column: string, id: string) {
  if (scope.type !== "contact") return { where: undefined, params: [] };
  return {
    where: `EXISTS (SELECT 1 FROM ${links} s WHERE s.${column} = ${id} AND s.contact_id = $1)`,
    params: [scope.id],
  };
}

const contacts: ExportSource = {
  category: "crm",
  async *records({ tx, tenantId, scope }) {
    const filter = contactFilter(scope, "id");
    if (!filter) return;
    const rows = walkRows<Parameters<typeof contactView>[0]>(tx, {
      columns: "*",
      from: "contacts",
      ...filter,
      key: byCreated,
    });
    for await (const row of rows) {
      yield {
        id: row.id,
        category: "crm",
        recordType: "contact",
        source: row.source_type === "integration" ? { ...here, type: "integration" } : here,
        createdAt: timestamp(row.created_at),
        data: contactView(row, tenantId),
      };
      if (row.email_contact_id) {
        // The copy the email subprocessor keeps for delivery: the address and the marketing opt-in.
        yield {
          id: row.email_contact_id,
          category: "crm",
          recordType: "email-contact",
          source: at("resend", row.email_contact_id),
          createdAt: timestamp(row.created_at),
          data: { contactId: row.id, email: row.email, unsubscribed: !row.marketing_email },
        };
      }
    }
  },
};

/**
 * Accounts, deals, activities and notes linked to the contact. An object shared with other contacts is
 * the subject's too, but the other contacts' ids are theirs: a subject's document lists only its own.
 */
const crmObjects: ExportSource = {
  category: "crm",
  async *records({ tx, tenantId, scope }) {
    if (scope.type === "user") return;
    const rows = walkRows<Parameters<typeof crmObjectView>[0]>(tx, {
      columns: `o.*, COALESCE((SELECT array_agg(l.contact_id ORDER BY l.ordinal) FROM crm_object_contacts l
        WHERE l.crm_object_id = o.id), '{}'::uuid[]) AS contact_ids`,
      from: "crm_objects o",
      ...linkedTo(scope, "crm_object_contacts", "crm_object_id", "o.id"),
      key: [
        ["o.created_at", "timestamptz"],
        ["o.id", "uuid"],
      ],
    });
    for await (const row of rows) {
      const contactIds =
        scope.type === "contact" ? row.contact_ids.filter((id) => id === scope.id) : row.contact_ids;
      yield {
        id: row.id,
        category: "crm",
        recordType: row.type,
        source: row.source_type === "integration" ? { ...here, type: "integration" } : here,
        createdAt: timestamp(row.created_at),
        data: crmObjectView({ ...row, contact_ids: contactIds }, tenantId),
      };
    }
  },
};

/** Messages, and the copy the messaging or email subprocessor holds of each. */
const messages: ExportSource = {
  category: "communications",
  async *records({ tx, tenantId, scope }) {
    const filter = contactFilter(scope);
    if (!filter) return;
    const rows = walkRows<Parameters<typeof messageView>[0]>(tx, {
      columns: "*",
      from: "messages",
      ...filter,
      key: byCreated,
    });
    for await (const row of rows) {
      const data = messageView(row, tenantId);
      yield {
        id: row.id,
        category: "communications",
        recordType: "message",
        source: here,
        createdAt: data.createdAt,
        data,
      };
      yield {
        id: row.provider_external_id,
        category: "communications",
        recordType: row.channel === "email" ? "email" : "message",
        source: at(row.provider_id, row.provider_external_id),
        createdAt: data.createdAt,
        data: { messageId: row.id, channel: row.channel, subject: row.subject, body: row.body },
      };
    }
  },
};

/** Calls and voicemails, and their recordings at the messaging subprocessor. */
const calls: ExportSource = {
  category: "communications",
  async *records({ tx, tenantId, scope }) {
    const filter = contactFilter(scope);
    if (!filter) return;
    const rows = walkRows<Parameters<typeof callView>[0]>(tx, {
      columns: "*",
      from: "calls",
      ...filter,
      key: byCreated,
    });
    for await (const row of rows) {
      const data = callView(row, tenantId);
      yield {
        id: row.id,
        category: "communications",
        recordType: "call",
        source: here,
        createdAt: data.createdAt,
        data,
      };
      const held = row.recording_sid ?? row.call_sid;
      yield {
        id: held,
        category: "communications",
        recordType: "recording",
        source: at("twilio", held),
        createdAt: data.createdAt,
        data: { callId: row.id, kind: row.kind, durationSeconds: row.duration_seconds },
      };
    }
  },
};

type MarketingRow = Parameters<typeof marketingView>[0];
type RecipientRow = Parameters<typeof marketingView>[1][number];

/** Marketing messages with their recipients: for a contact, only the contact's own delivery. */
const marketing: ExportSource = {
  category: "communications",
  async *records({ tx, tenantId, scope, now }) {
    if (scope.type === "user") return;
    const rows = walkRows<MarketingRow>(tx, {
      columns: "m.*",
      from: "marketing_messages m",
      ...linkedTo(scope, "marketing_recipients", "marketing_message_id", "m.id"),
      key: [
        ["m.created_at", "timestamptz"],
        ["m.id", "uuid"],
      ],
    });
    for await (const row of rows) {
      const recipients = await tx.query<RecipientRow>(
        `SELECT * FROM marketing_recipients WHERE marketing_message_id = $1 AND ($2::uuid IS NULL OR contact_id = $2)
         ORDER BY position`,
        [row.id, scope.type === "contact" ? scope.id : null],
      );
      yield {
        id: row.id,
        category: "communications",
        recordType: "marketing-message",
        source: here,
        createdAt: timestamp(row.created_at),
        data: marketingView(row, recipients, tenantId, now),
      };
    }
  },
};

type IntegrationRecordRow = Parameters<typeof recordView>[0];

/** Records synced from a connected source, linked by contact or by the subject's email; and the connections. */
const integrationRecords: ExportSource = {
  category: "integration",
  async *records({ tx, tenantId, scope }) {
    if (scope.type === "tenant") {
      const integrations = walkRows<Parameters<typeof integrationView>[0]>(tx, {
        columns:
          "i.*, (SELECT count(*)::int FROM integration_records r WHERE r.integration_id = i.id) AS record_count",
        from: "integrations i",
        key: [
          ["i.created_at", "timestamptz"],
          ["i.id", "uuid"],
        ],
      });
      for await (const row of integrations) {
        const data = integrationView(row, tenantId);
        yield {
          id: row.id,
          category: "integration",
          recordType: "integration",
          source: here,
          createdAt: timestamp(row.created_at),
          data,
        };
      }
    }
    const where =
      scope.type === "tenant"
        ? undefined
        : scope.type === "contact"
          ? "r.contact_id = $1 OR ($2::text IS NOT NULL AND r.subject_email = lower($2))"
          : "$1::uuid IS NOT NULL AND $2::text IS NOT NULL AND r.subject_email = lower($2)";
    const rows = walkRows<IntegrationRecordRow>(tx, {
      columns: "r.*, i.provider",
      from: "integration_records r JOIN integrations i ON i.id = r.integration_id",
      where,
      params: scope.type === "tenant" ? [] : [scope.id, scope.email],
      key: [
        ["r.created_at", "timestamptz"],
        ["r.id", "uuid"],
      ],
    });
    for await (const row of rows) {
      yield {
        id: row.id,
        category: "integration",
        recordType: "integration-record",
        source: { type: "integration", name: row.provider, externalId: row.external_id },
        createdAt: timestamp(row.created_at),
        data: recordView(row),
      };
    }
  },
};

/** Raw events linked to the subject; aggregates are linked to no one and stay out. */
const telemetryEvents: ExportSource = {
  category: "telemetry",
  async *records({ tx, tenantId, scope }) {
    const filter =
      scope.type === "tenant"
        ? { where: undefined, params: [] }
        : { where: `${scope.type === "user" ? "user_id" : "contact_id"} = $1`, params: [scope.id] };
    const rows = walkRows<Parameters<typeof eventView>[0]>(tx, {
      columns: "*",
      from: "telemetry_events",
      ...filter,
      key: [
        ["collected_at", "timestamptz"],
        ["id", "uuid"],
      ],
    });
    for await (const row of rows) {
      // An event can name a user and a contact: each one's document leaves out the other's id.
      const data = {
        ...eventView(row, tenantId),
        ...(scope.type === "user" ? { contactId: null } : scope.type === "contact" ? { userId: null } : {}),
      };
      yield {
        id: row.id,
        category: "telemetry",
        recordType: "telemetry-event",
        source: here,
        createdAt: data.collectedAt,
        data,
      };
    }
  },
};

export const customerSources: readonly ExportSource[] = [
  contacts,
  crmObjects,
  messages,
  calls,
  marketing,
  integrationRecords,
  telemetryEvents,
];

export type { ExportRecord };
