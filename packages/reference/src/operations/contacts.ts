import { randomUUID } from "node:crypto";
import type { Queryable } from "../database/database.js";
import type { Migration } from "../database/migrate.js";
import { nullableTimestamp, timestamp } from "../platform/clock.js";
import { problem } from "../platform/problem.js";
import { type CustomFields, mergeCustomFields, withoutNulls } from "./custom-fields.js";
import { syncEmailContact } from "./email-contacts.js";
import type { OperationGroup } from "./operation-group.js";
import { keysetPage } from "./pagination.js";

export interface ContactRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  custom_fields: CustomFields;
  marketing_email: boolean;
  marketing_sms: boolean;
  consent_updated_at: Date | null;
  processing_restrictions: string[];
  disqualified_at: Date | null;
  source_type: "platform" | "integration";
  source_integration_id: string | null;
  email_contact_id: string | null;
  created_at: Date;
  updated_at: Date;
}

interface ConsentInput {
  marketingEmail?: boolean;
  marketingSms?: boolean;
}

interface ContactCreate {
  name: string;
  email?: string;
  phone?: string;
  company?: string;
  customFields?: CustomFields;
  consent?: ConsentInput;
}

type ContactUpdate = Partial<{
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  customFields: CustomFields;
  consent: ConsentInput;
}>;

export function contactView(row: ContactRow, tenantId: string) {
  return {
    id: row.id,
    tenantId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    company: row.company,
    customFields: row.custom_fields,
    consent: {
      marketingEmail: row.marketing_email,
      marketingSms: row.marketing_sms,
      updatedAt: nullableTimestamp(row.consent_updated_at),
    },
    processingRestrictions: row.processing_restrictions,
    disqualified: row.disqualified_at !== null,
    disqualifiedAt: nullableTimestamp(row.disqualified_at),
    source: { type: row.source_type, integrationId: row.source_integration_id },
    createdAt: timestamp(row.created_at),
    updatedAt: timestamp(row.updated_at),
  };
}

/** The contact, locked for the rest of the request, or `not-found` (another tenant's ids name nothing here). */
export async function findContact(tx: Queryable, id: string): Promise<ContactRow> {
  const [row] = await tx.query<ContactRow>("SELECT * FROM contacts WHERE id = $1 FOR UPDATE", [id]);
  if (!row) throw problem("not-found", "No contact of this tenant has this id.");
  return row;
}

function tenantIdOf(tenant: { id: string } | undefined): string {
  if (!tenant) throw new Error("a CRM operation ran without a tenant");
  return tenant.id;
}

/**
 * Contacts are subjects: every other table that holds data about one links it by `contact_id` and has its
 * own `created_at`, so erasure and retention sweeps find it.
 */
export const contactsMigration: Migration = {
  id: "crm/001-contacts",
  sql: (s) => `
        CREATE TABLE ${s}.contacts (
          id uuid PRIMARY KEY,
          name text NOT NULL,
          email text,
          phone text,
          company text,
          custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
          marketing_email boolean NOT NULL DEFAULT false,
          marketing_sms boolean NOT NULL DEFAULT false,
          consent_updated_at timestamptz,
          processing_restrictions text[] NOT NULL DEFAULT '{}',
          disqualified_at timestamptz,
          source_type text NOT NULL CHECK (source_type IN ('platform', 'integration')),
          source_integration_id uuid,
          created_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL
        );
        CREATE INDEX contacts_created ON ${s}.contacts (created_at, id);
        CREATE INDEX contacts_email ON ${s}.contacts (lower(email));
      `,
};

/** Contacts: the people in the tenant's CRM. */
export const contactOperations: OperationGroup["operations"] = {
  async listContacts({ tx, query, tenant }) {
    const params = query<{ cursor?: string; limit: number; email?: string }>();
    const tenantId = tenantIdOf(tenant);
    const body = await keysetPage<ContactRow, ReturnType<typeof contactView>>(
      tx,
      {
        select: "SELECT * FROM contacts",
        where: "$1::text IS NULL OR lower(email) = lower($1::text)",
        values: [params.email ?? null],
      },
      params,
      (row) => contactView(row, tenantId),
    );
    return { status: 200, body };
  },

  async createContact(context) {
    const { tx, now, tenant } = context;
    const input = await context.body<ContactCreate>();
    const consentGiven = input.consent !== undefined;
    const [row] = await tx.query<ContactRow>(
      `INSERT INTO contacts (id, name, email, phone, company, custom_fields, marketing_email, marketing_sms,
           consent_updated_at, source_type, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, 'platform', $10, $10) RETURNING *`,
      [
        randomUUID(),
        input.name,
        input.email ?? null,
        input.phone ?? null,
        input.company ?? null,
        JSON.stringify(withoutNulls(input.customFields)),
        input.consent?.marketingEmail ?? false,
        input.consent?.marketingSms ?? false,
        consentGiven ? now : null,
        now,
      ],
    );
    if (!row) throw new Error("contact insert answered no row");
    const emailContactId = await syncEmailContact(context, null, {
      email: row.email,
      marketingEmail: row.marketing_email,
    });
    if (emailContactId) {
      await tx.query("UPDATE contacts SET email_contact_id = $2 WHERE id = $1", [row.id, emailContactId]);
    }
    return {
      status: 201,
      headers: { location: `${new URL(context.request.url).pathname}/${row.id}` },
      body: contactView(row, tenantIdOf(tenant)),
    };
  },

  async getContact({ tx, params, tenant }) {
    const row = await findContact(tx, params.contactId ?? "");
    return { status: 200, body: contactView(row, tenantIdOf(tenant)) };
  },

  async updateContact(context) {
    const { tx, params, now, tenant, platform } = context;
    const stored = await findContact(tx, params.contactId ?? "");
    const change = await context.body<ContactUpdate>();
    const customFields = mergeCustomFields(platform.validator, stored.custom_fields, change.customFields);
    const marketingEmail = change.consent?.marketingEmail ?? stored.marketing_email;
    const marketingSms = change.consent?.marketingSms ?? stored.marketing_sms;
    const consentChanged = marketingEmail !== stored.marketing_email || marketingSms !== stored.marketing_sms;
    const [row] = await tx.query<ContactRow>(
      `UPDATE contacts SET name = $2, email = $3, phone = $4, company = $5, custom_fields = $6::jsonb,
           marketing_email = $7, marketing_sms = $8, consent_updated_at = $9, updated_at = $10
         WHERE id = $1 RETURNING *`,
      [
        stored.id,
        change.name ?? stored.name,
        change.email !== undefined ? change.email : stored.email,
        change.phone !== undefined ? change.phone : stored.phone,
        change.company !== undefined ? change.company : stored.company,
        JSON.stringify(customFields),
        marketingEmail,
        marketingSms,
        consentChanged ? now : stored.consent_updated_at,
        now,
      ],
    );
    if (!row) throw new Error("contact update answered no row");
    const emailContactId = await syncEmailContact(
      context,
      {
        email: stored.email,
        marketingEmail: stored.marketing_email,
        emailContactId: stored.email_contact_id,
      },
      { email: row.email, marketingEmail: row.marketing_email },
    );
    if (emailContactId !== stored.email_contact_id) {
      await tx.query("UPDATE contacts SET email_contact_id = $2 WHERE id = $1", [row.id, emailContactId]);
    }
    return { status: 200, body: contactView(row, tenantIdOf(tenant)) };
  },

  async deleteContact(context) {
    const { tx, params } = context;
    const stored = await findContact(tx, params.contactId ?? "");
    await syncEmailContact(
      context,
      {
        email: stored.email,
        marketingEmail: stored.marketing_email,
        emailContactId: stored.email_contact_id,
      },
      null,
    );
    // Records linked only to this contact go with it; those shared with other contacts lose the link
    // (`crm_object_contacts` cascades). Other groups' tables link contacts the same way.
    await tx.query(
      `DELETE FROM crm_objects o
         WHERE EXISTS (SELECT 1 FROM crm_object_contacts l WHERE l.crm_object_id = o.id AND l.contact_id = $1)
           AND NOT EXISTS (SELECT 1 FROM crm_object_contacts l WHERE l.crm_object_id = o.id AND l.contact_id <> $1)`,
      [stored.id],
    );
    await tx.query("DELETE FROM contacts WHERE id = $1", [stored.id]);
    return { status: 204 };
  },
};
