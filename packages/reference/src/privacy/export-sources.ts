import type { Queryable } from "../database/database.js";
import { invoiceView, paymentMethodView } from "../operations/billing.js";
import type { Platform } from "../operations/operation-group.js";
import { photoView } from "../operations/profile-photos.js";
import { passkeyView } from "../operations/sessions.js";
import { auditEntryFromRow } from "../platform/audit-trail.js";
import { timestamp } from "../platform/clock.js";
import { sessionView } from "../platform/sessions.js";
import { userView } from "../platform/users.js";
import { walkRows } from "./export-walk.js";

/** The scope as the walks filter by it: a subject carries its email, which links synced records. */
export type ResolvedScope =
  | { type: "tenant" }
  | { type: "user"; id: string; email: string | null }
  | { type: "contact"; id: string; email: string | null };

/** One record of the document (the contract's `ExportRecord`). */
export interface ExportRecord {
  id: string;
  category: string;
  recordType: string;
  source: { type: "platform" | "subprocessor" | "integration"; name: string; externalId: string | null };
  createdAt: string;
  data: Record<string, unknown>;
}

export interface SourceContext {
  tx: Queryable;
  platform: Platform;
  tenantId: string;
  scope: ResolvedScope;
  /** The job's time: views that depend on it (a scheduled message now due) read it. */
  now: Date;
}

/** Every record of one kind the scope covers, read by a keyset walk (the data map of the groups' inventories). */
export interface ExportSource {
  category: string;
  records(context: SourceContext): AsyncGenerator<ExportRecord>;
}

export const here = { type: "platform", name: "crm-factory", externalId: null } as const;
export const at = (name: string, externalId: string | null) =>
  ({ type: "subprocessor", name, externalId }) as const;
const byTime = (column: string) =>
  [[column, "timestamptz"] as [string, string], ["id", "uuid"] as [string, string]] as const;

/** A user's own rows (`user_id`); nothing for a contact; all for the tenant. */
function userFilter(scope: ResolvedScope, column = "user_id") {
  if (scope.type === "tenant") return { where: undefined, params: [] };
  if (scope.type === "user") return { where: `${column} = $1`, params: [scope.id] };
  return undefined;
}

type UserRow = Parameters<typeof userView>[0];
type PhotoRow = Parameters<typeof photoView>[1];

const users: ExportSource = {
  category: "account",
  async *records({ tx, platform, tenantId, scope }) {
    const filter = userFilter(scope, "u.id");
    if (!filter) return;
    // The photo row comes back as JSON: its timestamps are strings.
    type PhotoJson = Omit<PhotoRow, "uploaded_at"> & { uploaded_at: string; created_at: string };
    const rows = walkRows<UserRow & { photo: PhotoJson | null }>(tx, {
      columns: "u.*, to_jsonb(p) AS photo",
      from: "users u LEFT JOIN profile_photos p ON p.user_id = u.id",
      ...filter,
      key: [
        ["u.created_at", "timestamptz"],
        ["u.id", "uuid"],
      ],
    });
    for await (const row of rows) {
      const photo = row.photo
        ? photoView(platform, { ...row.photo, uploaded_at: new Date(row.photo.uploaded_at) })
        : null;
      yield {
        id: row.id,
        category: "account",
        recordType: "user",
        source: here,
        createdAt: timestamp(row.created_at),
        data: userView(row, tenantId, photo),
      };
      if (row.photo && photo) {
        // The photo's bytes are held by file storage; its metadata is what the document carries.
        yield {
          id: row.photo.object_id,
          category: "account",
          recordType: "profile-photo",
          source: at(photo.location.subprocessorId, row.photo.object_id),
          createdAt: timestamp(new Date(row.photo.created_at)),
          data: { userId: row.id, ...photo },
        };
      }
    }
  },
};

const sessions: ExportSource = {
  category: "authentication",
  async *records({ tx, tenantId, scope }) {
    const filter = userFilter(scope);
    if (!filter) return;
    const rows = walkRows<Parameters<typeof sessionView>[0]>(tx, {
      columns: "*",
      from: "sessions",
      ...filter,
      key: byTime("created_at"),
    });
    for await (const row of rows) {
      yield {
        id: row.id,
        category: "authentication",
        recordType: "session",
        source: here,
        createdAt: timestamp(row.created_at),
        data: sessionView(row, tenantId, undefined),
      };
    }
  },
};

const passkeys: ExportSource = {
  category: "authentication",
  async *records({ tx, scope }) {
    const filter = userFilter(scope);
    if (!filter) return;
    const rows = walkRows<Parameters<typeof passkeyView>[0]>(tx, {
      columns: "*",
      from: "passkeys",
      ...filter,
      key: byTime("created_at"),
    });
    for await (const row of rows) {
      yield {
        id: row.id,
        category: "authentication",
        recordType: "passkey",
        source: here,
        createdAt: timestamp(row.created_at),
        data: passkeyView(row),
      };
    }
  },
};

/** The tenant's SSO setup: the tenant's, no one subject's. */
const ssoConfiguration: ExportSource = {
  category: "authentication",
  async *records({ tx, scope }) {
    if (scope.type !== "tenant") return;
    const rows = await tx.query<{ issuer: string; audience: string; jwks: unknown; updated_at: Date }>(
      "SELECT issuer, audience, jwks, updated_at FROM sso_configuration",
    );
    for (const row of rows) {
      yield {
        id: "sso",
        category: "authentication",
        recordType: "sso-configuration",
        source: here,
        createdAt: timestamp(row.updated_at),
        data: {
          issuer: row.issuer,
          audience: row.audience,
          jwks: row.jwks,
          updatedAt: timestamp(row.updated_at),
        },
      };
    }
  },
};

/**
 * The audit trail (sign-ins and administrator actions): the tenant's, and for a user the entries they
 * acted in. It records staff activity, so no contact's document holds it (as the data map says).
 */
const auditEntries: ExportSource = {
  category: "authentication",
  async *records({ tx, scope }) {
    // Entries are kept whole (their hashes chain): a user gets those they acted in.
    const filter = userFilter(scope, "actor->>'id'");
    if (!filter) return;
    const rows = walkRows<Parameters<typeof auditEntryFromRow>[0]>(tx, {
      columns: "*",
      from: "audit_entries",
      ...filter,
      key: [
        ["sequence", "integer"],
        ["sequence", "integer"],
      ],
    });
    for await (const row of rows) {
      const entry = auditEntryFromRow(row);
      yield {
        id: String(entry.sequence),
        category: "authentication",
        recordType: "audit-entry",
        source: here,
        createdAt: entry.at,
        data: entry as unknown as Record<string, unknown>,
      };
    }
  },
};

type InvoiceRow = Parameters<typeof invoiceView>[0];

/**
 * Invoices here and at the payments subprocessor, and the card on file there: the tenant's billing,
 * linked to no user or contact (the inventory's data map), so only a tenant export holds them.
 */
const billing: ExportSource = {
  category: "billing",
  async *records({ tx, tenantId, scope }) {
    if (scope.type !== "tenant") return;
    const invoices = walkRows<InvoiceRow>(tx, {
      columns: "*",
      from: "catalog.invoices",
      where: "tenant_id = $1",
      params: [tenantId],
      key: [
        ["issued_at", "timestamptz"],
        ["id", "uuid"],
      ],
    });
    for await (const row of invoices) {
      const data = invoiceView(row);
      yield {
        id: row.id,
        category: "billing",
        recordType: "invoice",
        source: here,
        createdAt: data.issuedAt,
        data,
      };
      yield {
        id: row.external_id,
        category: "billing",
        recordType: "invoice",
        source: at("stripe", row.external_id),
        createdAt: data.issuedAt,
        data: { invoiceId: row.id, number: row.number, amount: data.amount, issuedAt: data.issuedAt },
      };
    }
    const customers = await tx.query<Parameters<typeof paymentMethodView>[0] & { created_at: Date }>(
      `SELECT external_id, card_brand, card_last4, card_exp_month, card_exp_year, created_at
       FROM catalog.billing_customers WHERE tenant_id = $1`,
      [tenantId],
    );
    for (const row of customers) {
      if (!row) continue;
      yield {
        id: row.external_id,
        category: "billing",
        recordType: "payment-method",
        source: at("stripe", row.external_id),
        createdAt: timestamp(row.created_at),
        data: { customerId: row.external_id, paymentMethod: paymentMethodView(row) },
      };
    }
  },
};

export const accountSources: readonly ExportSource[] = [
  users,
  sessions,
  passkeys,
  ssoConfiguration,
  auditEntries,
  billing,
];
