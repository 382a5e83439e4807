import { availableUntil } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import type { Platform } from "../operations/operation-group.js";
import type { SubjectRef } from "../platform/inventory.js";
import type { TenantRecord } from "../platform/tenant-records.js";
import type { RetainedLine } from "./erasure-receipts.js";
import type { ErasedItems } from "./privacy-parts.js";
import { billingHold } from "./subject-plan.js";

const platform = { type: "platform" } as const;

async function count(tx: Queryable, sql: string, params: unknown[]): Promise<number> {
  return (await tx.query(sql, params)).length;
}

function line(category: string, recordType: string, n: number): ErasedItems {
  return { category, location: platform, recordType, count: n };
}

/**
 * Removes a contact and everything linked to it here (§9 erasure): CRM objects linked to it alone (links
 * to shared ones), custom fields (in its row), messages, calls, marketing recipients, telemetry linked
 * to it, integration records about it. Answers what went, per type.
 */
async function eraseContact(tx: Queryable, contactId: string): Promise<ErasedItems[]> {
  const [contact] = await tx.query<{ email: string | null }>("SELECT email FROM contacts WHERE id = $1", [
    contactId,
  ]);
  if (!contact) return [];
  const objects = await count(
    tx,
    `DELETE FROM crm_objects o
     WHERE EXISTS (SELECT 1 FROM crm_object_contacts l WHERE l.crm_object_id = o.id AND l.contact_id = $1)
       AND NOT EXISTS (SELECT 1 FROM crm_object_contacts l WHERE l.crm_object_id = o.id AND l.contact_id <> $1)
     RETURNING o.id`,
    [contactId],
  );
  const links = await count(tx, "DELETE FROM crm_object_contacts WHERE contact_id = $1 RETURNING 1", [
    contactId,
  ]);
  const messages = await count(tx, "DELETE FROM messages WHERE contact_id = $1 RETURNING id", [contactId]);
  const calls = await count(tx, "DELETE FROM calls WHERE contact_id = $1 RETURNING id", [contactId]);
  const recipients = await count(tx, "DELETE FROM marketing_recipients WHERE contact_id = $1 RETURNING 1", [
    contactId,
  ]);
  const events = await count(tx, "DELETE FROM telemetry_events WHERE contact_id = $1 RETURNING id", [
    contactId,
  ]);
  const records = await count(
    tx,
    `DELETE FROM integration_records WHERE contact_id = $1 OR ($2::text IS NOT NULL AND subject_email = lower($2))
     RETURNING id`,
    [contactId, contact.email],
  );
  await tx.query("DELETE FROM contacts WHERE id = $1", [contactId]);
  return [
    line("crm", "contact", 1),
    line("crm", "crm-object", objects),
    line("crm", "crm-object-contact-link", links),
    line("communications", "message", messages),
    line("communications", "call", calls),
    line("communications", "marketing-recipient", recipients),
    line("telemetry", "telemetry-event", events),
    line("integration", "integration-record", records),
  ];
}

/**
 * Removes a user here: profile photo link, sessions, passkeys, telemetry, integration records synced
 * about them (matched by email, as the access export matches them), the user row (§9).
 */
async function eraseUser(tx: Queryable, userId: string): Promise<ErasedItems[]> {
  const [user] = await tx.query<{ email: string }>("SELECT email FROM users WHERE id = $1", [userId]);
  if (!user) return [];
  const photos = await count(tx, "DELETE FROM profile_photos WHERE user_id = $1 RETURNING 1", [userId]);
  const sessions = await count(tx, "DELETE FROM sessions WHERE user_id = $1 RETURNING id", [userId]);
  const passkeys = await count(tx, "DELETE FROM passkeys WHERE user_id = $1 RETURNING id", [userId]);
  const events = await count(tx, "DELETE FROM telemetry_events WHERE user_id = $1 RETURNING id", [userId]);
  const records = await count(
    tx,
    "DELETE FROM integration_records WHERE subject_email = lower($1) RETURNING id",
    [user.email],
  );
  await tx.query("DELETE FROM users WHERE id = $1", [userId]);
  return [
    line("account", "user", 1),
    line("account", "profile-photo", photos),
    line("authentication", "session", sessions),
    line("authentication", "passkey", passkeys),
    line("telemetry", "telemetry-event", events),
    line("integration", "integration-record", records),
  ];
}

export function eraseSubjectHere(tx: Queryable, subject: SubjectRef): Promise<ErasedItems[]> {
  return subject.type === "contact" ? eraseContact(tx, subject.contactId) : eraseUser(tx, subject.userId);
}

/** Single records of a deletion (`crm-object`, `message`, `call`), here; their vendor copies are planned. */
export async function eraseRecordHere(tx: Queryable, record: { type: string; id: string }) {
  const table = { "crm-object": "crm_objects", message: "messages", call: "calls" }[record.type];
  const category = record.type === "crm-object" ? "crm" : "communications";
  if (!table) return [];
  return [
    line(
      category,
      record.type,
      await count(tx, `DELETE FROM ${table} WHERE id = $1 RETURNING id`, [record.id]),
    ),
  ];
}

/**
 * Stored idempotent responses whose body names the subject (its ids or identifiers): a replayed key
 * would otherwise hand the erased data back. Bodies are sealed, so each is opened and checked here.
 */
export async function eraseStoredResponses(
  tx: Queryable,
  platform: Platform,
  tenantId: string,
  needles: readonly string[],
): Promise<number> {
  const wanted = needles.filter((n) => n.length >= 3).map((n) => n.toLowerCase());
  if (wanted.length === 0) return 0;
  const rows = await tx.query<{ scope: string; key: string; body: string | null }>(
    "SELECT scope, key, body FROM catalog.idempotent_responses WHERE tenant_id = $1",
    [tenantId],
  );
  let removed = 0;
  for (const row of rows) {
    const body = row.body === null ? undefined : platform.sealer.open(row.body)?.toLowerCase();
    if (body === undefined || !wanted.some((n) => body.includes(n))) continue;
    await tx.query("DELETE FROM catalog.idempotent_responses WHERE scope = $1 AND key = $2", [
      row.scope,
      row.key,
    ]);
    removed++;
  }
  return removed;
}

/** What a subject's values are, to find copies of them (stored responses): ids, email, phone, name. */
export async function subjectNeedles(tx: Queryable, subject: SubjectRef): Promise<string[]> {
  if (subject.type === "contact") {
    const [row] = await tx.query<{ name: string; email: string | null; phone: string | null }>(
      "SELECT name, email, phone FROM contacts WHERE id = $1",
      [subject.contactId],
    );
    return [subject.contactId, row?.email ?? "", row?.phone ?? "", row?.name ?? ""];
  }
  // The name too: a response can echo the subject by name alone (a note about them).
  const [row] = await tx.query<{ name: string; email: string }>(
    "SELECT name, email FROM users WHERE id = $1",
    [subject.userId],
  );
  return [subject.userId, row?.email ?? "", row?.name ?? ""];
}

function ruleWith(platform: Platform, matches: (rule: Platform["policy"]["retention"][string]) => boolean) {
  return Object.entries(platform.policy.retention).find(([, rule]) => matches(rule));
}

/**
 * Legal holds the erasure keeps (§11): the audit trail entries about the subject, and, when the payments
 * customer carries the subject, the billing records under the billing rule's hold. Each with its rule,
 * legal basis and retention end computed from the policy.
 */
export async function retainedLines(
  tx: Queryable,
  input: {
    platform: Platform;
    tenant: TenantRecord;
    now: Date;
    subjectIds: readonly string[];
    heldCustomer: boolean;
  },
): Promise<RetainedLine[]> {
  const { platform: p, tenant, now } = input;
  const lines: RetainedLine[] = [];
  const audit = ruleWith(
    p,
    (rule) => rule.hold !== undefined && rule.records.toLowerCase().includes("audit"),
  );
  if (audit?.[1].hold && input.subjectIds.length > 0) {
    const [row] = await tx.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM audit_entries
       WHERE actor->>'id' = ANY($1::text[]) OR target->>'id' = ANY($1::text[])`,
      [input.subjectIds],
    );
    if (row && row.count > 0) {
      // The trail's clock starts at closure; while the account is open, the earliest it could end.
      const anchor = tenant.closedAt ?? tenant.subscriptionEndedAt ?? now;
      lines.push({
        category: audit[1].category,
        location: platform,
        recordType: "audit-entry",
        count: row.count,
        legalBasis: audit[1].hold.legalBasis,
        retentionRule: audit[0],
        reason: audit[1].hold.reason,
        retainedUntil: availableUntil(audit[1], anchor).toISOString(),
        deletableThroughVendorApi: true,
      });
    }
  }
  const billing = ruleWith(p, (rule) => rule.anchors.includes("invoiceIssued"));
  const hold = input.heldCustomer ? await billingHold(tx, tenant.id, now) : null;
  if (billing?.[1].hold && hold) {
    const base = {
      category: billing[1].category,
      legalBasis: billing[1].hold.legalBasis,
      retentionRule: billing[0],
      reason: billing[1].hold.reason,
      retainedUntil: hold.until.toISOString(),
    };
    const payments = { type: "subprocessor", subprocessorId: "stripe", service: "payments" } as const;
    lines.push(
      {
        ...base,
        location: platform,
        recordType: "invoice",
        count: hold.count,
        deletableThroughVendorApi: true,
      },
      {
        ...base,
        location: payments,
        recordType: "invoice",
        count: hold.count,
        deletableThroughVendorApi: false,
      },
      { ...base, location: payments, recordType: "customer", count: 1, deletableThroughVendorApi: true },
    );
  }
  return lines;
}
