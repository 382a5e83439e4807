import type { Policy } from "@crmfactory/taxonomy";
import type { Holding, InventorySource } from "../platform/inventory.js";

type RetentionRule = Policy["retention"][string];

/** The name of the enforced policy's retention rule that `matches`, so another policy's names work too. */
function ruleName(policy: Policy, what: string, matches: (rule: RetentionRule) => boolean): string {
  const found = Object.entries(policy.retention).find(([, rule]) => matches(rule));
  if (!found) throw new Error(`the enforced policy has no retention rule for ${what}`);
  return found[0];
}

const byCategory = (category: string) => (rule: RetentionRule) => rule.category === category;
const byAnchor = (anchor: string) => (rule: RetentionRule) =>
  rule.anchors.some((a) => (typeof a === "string" ? a : a.event) === anchor);

const platform = { type: "platform" } as const;
const subprocessor = (subprocessorId: string, service: string) =>
  ({ type: "subprocessor", subprocessorId, service }) as const;

/** Contacts, CRM objects and their links here, and the contacts' copies at the email subprocessor. */
export const crmInventory: InventorySource = async ({ tx, policy }) => {
  const rule = ruleName(policy, "CRM data", byCategory("crm"));
  const contacts = await tx.query<{ id: string; email_contact_id: string | null }>(
    "SELECT id, email_contact_id FROM contacts ORDER BY created_at, id",
  );
  const objects = await tx.query<{ id: string; contact_ids: string[] }>(
    `SELECT o.id, COALESCE((SELECT array_agg(l.contact_id) FROM crm_object_contacts l WHERE l.crm_object_id = o.id),
       '{}'::uuid[]) AS contact_ids FROM crm_objects o ORDER BY o.created_at, o.id`,
  );
  const audiences = await tx.query<{ external_id: string }>("SELECT external_id FROM email_audiences");
  const contact = (contactId: string) => ({ type: "contact", contactId }) as const;
  const email = subprocessor("resend", "email");
  return [
    {
      rule,
      location: platform,
      recordType: "contact",
      records: contacts.map((c) => ({ id: c.id, subject: contact(c.id) })),
    },
    {
      rule,
      location: platform,
      recordType: "crm-object",
      records: objects.map((o) => ({
        id: o.id,
        ...(o.contact_ids.length === 1 ? { subject: contact(o.contact_ids[0] as string) } : {}),
      })),
    },
    {
      rule,
      location: platform,
      recordType: "crm-object-contact-link",
      records: objects.flatMap((o) =>
        o.contact_ids.map((c) => ({ id: `${o.id}:${c}`, subject: contact(c) })),
      ),
    },
    {
      rule,
      location: email,
      recordType: "email-contact",
      records: contacts.flatMap((c) =>
        c.email_contact_id ? [{ id: c.email_contact_id, subject: contact(c.id) }] : [],
      ),
    },
    {
      rule,
      location: email,
      recordType: "email-audience",
      records: audiences.map((a) => ({ id: a.external_id })),
    },
  ] satisfies Holding[];
};

/** Raw events, each on its own collection clock, and aggregates on their period's end. */
export const telemetryInventory: InventorySource = async ({ tx, policy }) => {
  const events = await tx.query<{
    id: string;
    user_id: string | null;
    contact_id: string | null;
    collected_at: Date;
  }>("SELECT id, user_id, contact_id, collected_at FROM telemetry_events ORDER BY collected_at, id");
  const aggregates = await tx.query<{ id: string; period_end: Date }>(
    "SELECT id, period_end FROM telemetry_aggregates ORDER BY period_start, id",
  );
  return [
    {
      rule: ruleName(policy, "raw telemetry", byAnchor("collected")),
      location: platform,
      recordType: "telemetry-event",
      records: events.map((e) => ({
        id: e.id,
        events: { collected: e.collected_at },
        ...(e.user_id
          ? { subject: { type: "user", userId: e.user_id } as const }
          : e.contact_id
            ? { subject: { type: "contact", contactId: e.contact_id } as const }
            : {}),
      })),
    },
    {
      rule: ruleName(policy, "telemetry aggregates", byAnchor("periodEnded")),
      location: platform,
      recordType: "telemetry-aggregate",
      records: aggregates.map((a) => ({ id: a.id, events: { periodEnded: a.period_end } })),
    },
  ];
};

/** Invoices here and at the payments subprocessor, each on its invoice date, and the payments customer. */
export const billingInventory: InventorySource = async ({ tx, tenant, policy }) => {
  const rule = ruleName(policy, "billing", byAnchor("invoiceIssued"));
  const invoices = await tx.query<{ id: string; external_id: string; issued_at: Date }>(
    "SELECT id, external_id, issued_at FROM catalog.invoices WHERE tenant_id = $1 ORDER BY issued_at, id",
    [tenant.id],
  );
  const customers = await tx.query<{ external_id: string; payment_method_id: string | null }>(
    "SELECT external_id, payment_method_id FROM catalog.billing_customers WHERE tenant_id = $1",
    [tenant.id],
  );
  // The card on file: the payments subprocessor holds it (its number never reaches us), attached to
  // the tenant's customer and kept while the customer is.
  const cards = customers.flatMap((c) => (c.payment_method_id ? [{ id: c.payment_method_id }] : []));
  const payments = subprocessor("stripe", "payments");
  return [
    {
      rule,
      location: platform,
      recordType: "invoice",
      records: invoices.map((i) => ({ id: i.id, events: { invoiceIssued: i.issued_at } })),
    },
    {
      rule,
      location: payments,
      recordType: "invoice",
      records: invoices.map((i) => ({ id: i.external_id, events: { invoiceIssued: i.issued_at } })),
    },
    {
      rule,
      location: payments,
      recordType: "customer",
      records: customers.map((c) => ({ id: c.external_id })),
    },
    { rule, location: payments, recordType: "payment-method", records: cards },
  ];
};

/** Profile photos at file storage, part of the user's account information. */
export const profilePhotoInventory: InventorySource = async ({ tx, policy }) => {
  const photos = await tx.query<{ user_id: string; object_id: string }>(
    "SELECT user_id, object_id FROM profile_photos ORDER BY created_at, user_id",
  );
  const storage = Object.entries(policy.subprocessors).find(([, s]) => s.services.includes("blob-storage"));
  if (!storage) return [];
  return [
    {
      rule: ruleName(policy, "account data", byCategory("account")),
      location: subprocessor(storage[0], "blob-storage"),
      recordType: "profile-photo",
      records: photos.map((p) => ({
        id: p.object_id,
        subject: { type: "user", userId: p.user_id } as const,
      })),
    },
  ];
};
