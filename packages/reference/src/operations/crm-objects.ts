import { randomUUID } from "node:crypto";
import type { Queryable } from "../database/database.js";
import type { Migration } from "../database/migrate.js";
import { timestamp } from "../platform/clock.js";
import { problem } from "../platform/problem.js";
import { type CustomFields, mergeCustomFields, withoutNulls } from "./custom-fields.js";
import type { OperationGroup } from "./operation-group.js";
import { keysetPage } from "./pagination.js";

type CrmObjectType = "account" | "deal" | "activity" | "note";
type PropertyValue = string | number | boolean | null;

interface CrmObjectRow {
  id: string;
  type: CrmObjectType;
  name: string | null;
  properties: Record<string, PropertyValue>;
  custom_fields: CustomFields;
  source_type: "platform" | "integration";
  source_integration_id: string | null;
  created_at: Date;
  updated_at: Date;
  contact_ids: string[];
}

interface CrmObjectCreate {
  type: CrmObjectType;
  name?: string;
  contactIds?: string[];
  properties?: Record<string, PropertyValue>;
  customFields?: CustomFields;
}

type CrmObjectUpdate = Partial<{
  name: string | null;
  contactIds: string[];
  properties: Record<string, PropertyValue>;
  customFields: CustomFields;
}>;

/**
 * CRM objects and their links to contacts. A link row is the object's tie to a subject (`contact_id`,
 * `created_at`): erasing a contact removes its links, and the objects linked to nobody else.
 */
export const crmObjectsMigration: Migration = {
  id: "crm/002-crm-objects",
  sql: (s) => `
    CREATE TABLE ${s}.crm_objects (
      id uuid PRIMARY KEY,
      type text NOT NULL CHECK (type IN ('account', 'deal', 'activity', 'note')),
      name text,
      properties jsonb NOT NULL DEFAULT '{}'::jsonb,
      custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
      source_type text NOT NULL CHECK (source_type IN ('platform', 'integration')),
      source_integration_id uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX crm_objects_created ON ${s}.crm_objects (created_at, id);
    CREATE TABLE ${s}.crm_object_contacts (
      crm_object_id uuid NOT NULL REFERENCES ${s}.crm_objects (id) ON DELETE CASCADE,
      contact_id uuid NOT NULL REFERENCES ${s}.contacts (id) ON DELETE CASCADE,
      ordinal integer NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (crm_object_id, contact_id)
    );
    CREATE INDEX crm_object_contacts_contact ON ${s}.crm_object_contacts (contact_id);
  `,
};

const selectObjects = `
  SELECT o.*, COALESCE(
    (SELECT array_agg(l.contact_id ORDER BY l.ordinal) FROM crm_object_contacts l WHERE l.crm_object_id = o.id),
    '{}'::uuid[]) AS contact_ids
  FROM crm_objects o`;

export function crmObjectView(row: CrmObjectRow, tenantId: string) {
  return {
    id: row.id,
    tenantId,
    type: row.type,
    name: row.name,
    contactIds: row.contact_ids,
    properties: row.properties,
    customFields: row.custom_fields,
    source: { type: row.source_type, integrationId: row.source_integration_id },
    createdAt: timestamp(row.created_at),
    updatedAt: timestamp(row.updated_at),
  };
}

async function findCrmObject(tx: Queryable, id: string): Promise<CrmObjectRow> {
  await tx.query("SELECT id FROM crm_objects WHERE id = $1 FOR UPDATE", [id]);
  const [row] = await tx.query<CrmObjectRow>(`${selectObjects} WHERE o.id = $1`, [id]);
  if (!row) throw problem("not-found", "No CRM object of this tenant has this id.");
  return row;
}

/**
 * Links the object to exactly `contactIds`, in order. A contact id that names no contact of this tenant
 * (another tenant's included) is `validation-failed`, pointing at the entry.
 */
async function linkContacts(tx: Queryable, objectId: string, contactIds: readonly string[], now: Date) {
  const found = await tx.query<{ id: string }>(
    "SELECT id FROM contacts WHERE id = ANY($1::uuid[]) FOR SHARE",
    [contactIds],
  );
  const known = new Set(found.map((row) => row.id));
  const unknown = contactIds.flatMap((id, index) => (known.has(id) ? [] : [index]));
  if (unknown.length > 0) {
    throw problem("validation-failed", "A contact id names no contact of this tenant.", {
      errors: unknown.map((index) => ({ path: `/body/contactIds/${index}`, message: "names no contact" })),
    });
  }
  // A link kept across a change keeps its `created_at`: the tie to the subject dates from when it was made.
  await tx.query(
    "DELETE FROM crm_object_contacts WHERE crm_object_id = $1 AND NOT (contact_id = ANY($2::uuid[]))",
    [objectId, contactIds],
  );
  await tx.query(
    `INSERT INTO crm_object_contacts (crm_object_id, contact_id, ordinal, created_at)
     SELECT $1, t.contact_id, t.ordinal::integer, $3 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(contact_id, ordinal)
     ON CONFLICT (crm_object_id, contact_id) DO UPDATE SET ordinal = EXCLUDED.ordinal`,
    [objectId, contactIds, now],
  );
}

function tenantIdOf(tenant: { id: string } | undefined): string {
  if (!tenant) throw new Error("a CRM operation ran without a tenant");
  return tenant.id;
}

/** Accounts, deals, activities and notes of the tenant's CRM, linked to contacts. */
export const crmObjectOperations: OperationGroup["operations"] = {
  async listCrmObjects({ tx, query, tenant }) {
    const params = query<{ cursor?: string; limit: number; type?: CrmObjectType; contactId?: string }>();
    const tenantId = tenantIdOf(tenant);
    const body = await keysetPage<CrmObjectRow, ReturnType<typeof crmObjectView>>(
      tx,
      {
        select: selectObjects,
        where: `($1::text IS NULL OR o.type = $1::text)
         AND ($2::uuid IS NULL OR EXISTS (
           SELECT 1 FROM crm_object_contacts l WHERE l.crm_object_id = o.id AND l.contact_id = $2::uuid))`,
        values: [params.type ?? null, params.contactId ?? null],
        key: ["o.created_at", "o.id"],
      },
      params,
      (row) => crmObjectView(row, tenantId),
    );
    return { status: 200, body };
  },

  async createCrmObject(context) {
    const { tx, now, tenant } = context;
    const input = await context.body<CrmObjectCreate>();
    const id = randomUUID();
    await tx.query(
      `INSERT INTO crm_objects (id, type, name, properties, custom_fields, source_type, created_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, 'platform', $6, $6)`,
      [
        id,
        input.type,
        input.name ?? null,
        JSON.stringify(input.properties ?? {}),
        JSON.stringify(withoutNulls(input.customFields)),
        now,
      ],
    );
    await linkContacts(tx, id, input.contactIds ?? [], now);
    const row = await findCrmObject(tx, id);
    return {
      status: 201,
      headers: { location: `${new URL(context.request.url).pathname}/${id}` },
      body: crmObjectView(row, tenantIdOf(tenant)),
    };
  },

  async getCrmObject({ tx, params, tenant }) {
    const row = await findCrmObject(tx, params.crmObjectId ?? "");
    return { status: 200, body: crmObjectView(row, tenantIdOf(tenant)) };
  },

  async updateCrmObject(context) {
    const { tx, params, now, tenant, platform } = context;
    const stored = await findCrmObject(tx, params.crmObjectId ?? "");
    const change = await context.body<CrmObjectUpdate>();
    const customFields = mergeCustomFields(platform.validator, stored.custom_fields, change.customFields);
    await tx.query(
      `UPDATE crm_objects SET name = $2, properties = $3::jsonb, custom_fields = $4::jsonb, updated_at = $5
       WHERE id = $1`,
      [
        stored.id,
        change.name !== undefined ? change.name : stored.name,
        JSON.stringify(change.properties ?? stored.properties),
        JSON.stringify(customFields),
        now,
      ],
    );
    if (change.contactIds !== undefined) await linkContacts(tx, stored.id, change.contactIds, now);
    const row = await findCrmObject(tx, stored.id);
    return { status: 200, body: crmObjectView(row, tenantIdOf(tenant)) };
  },

  async deleteCrmObject({ tx, params }) {
    const stored = await findCrmObject(tx, params.crmObjectId ?? "");
    await tx.query("DELETE FROM crm_objects WHERE id = $1", [stored.id]);
    return { status: 204 };
  },
};
