import type { Queryable } from "../database/database.js";
import type { Platform } from "../operations/operation-group.js";
import { paymentsClient } from "../operations/payments-client.js";
import type { SubjectRef } from "../platform/inventory.js";
import { problem } from "../platform/problem.js";
import { identifierHash, integrationRecordKey, type SuppressedKind } from "./suppression.js";

/** One object at a subprocessor the erasure deletes, each its own step of the job's ledger. */
export type VendorObject =
  | { kind: "twilio-message"; id: string; service: string; category: string; recordType: string }
  | { kind: "twilio-recording"; id: string; service: string; category: string; recordType: string }
  | {
      kind: "resend-contact";
      id: string;
      audienceId: string;
      service: string;
      category: string;
      recordType: string;
    }
  | {
      kind: "blob-file";
      id: string;
      subprocessorId: string;
      service: string;
      category: string;
      recordType: string;
    }
  | { kind: "stripe-customer"; id: string; service: string; category: string; recordType: string };

/** Copies at a vendor whose API offers no deletion (sent emails, call logs, finalised invoices). */
export interface UndeletableCopy {
  subprocessorId: string;
  service: string;
  category: string;
  recordType: string;
  count: number;
  reason: string;
}

/**
 * What the erasure job will do, worked out once (the ledger's first step) and read back on resume: the
 * vendor objects, what stays at vendors, and the identifiers' keyed hashes. It holds vendor ids and
 * hashes only, never a value of the subject, since the ledger outlives the erasure.
 */
export interface ErasurePlan {
  vendorObjects: VendorObject[];
  undeletable: UndeletableCopy[];
  hashes: { kind: SuppressedKind; hash: string }[];
  /** The payments customer holds the subject's email but a billing hold keeps it. */
  heldCustomer: { id: string } | null;
}

const channelService: Record<string, string> = { sms: "sms", whatsapp: "whatsapp", email: "email" };

/** The subprocessor whose service stores files (profile photos), from the enforced policy's list. */
export function fileStorageOf(platform: Platform): string | undefined {
  return Object.entries(platform.policy.subprocessors).find(([, s]) =>
    s.services.includes("blob-storage"),
  )?.[0];
}

/** Invoices of the tenant still under the billing hold at `now`, and the latest end of the hold. */
export async function billingHold(tx: Queryable, tenantId: string, now: Date) {
  const [row] = await tx.query<{ count: number; until: Date | null }>(
    `SELECT count(*)::int AS count, max(retained_until) AS until
     FROM catalog.invoices WHERE tenant_id = $1 AND retained_until > $2`,
    [tenantId, now],
  );
  return row && row.count > 0 && row.until ? { count: row.count, until: row.until } : null;
}

async function contactPlan(tx: Queryable, platform: Platform, contactId: string, plan: ErasurePlan) {
  const [contact] = await tx.query<{
    email: string | null;
    phone: string | null;
    email_contact_id: string | null;
  }>("SELECT email, phone, email_contact_id FROM contacts WHERE id = $1", [contactId]);
  if (!contact) return;
  const sealer = platform.sealer;
  if (contact.email)
    plan.hashes.push({ kind: "email", hash: identifierHash(sealer, "email", contact.email) });
  if (contact.phone)
    plan.hashes.push({ kind: "phone", hash: identifierHash(sealer, "phone", contact.phone) });
  if (contact.email_contact_id) {
    const [audience] = await tx.query<{ external_id: string }>("SELECT external_id FROM email_audiences");
    if (audience) {
      plan.vendorObjects.push({
        kind: "resend-contact",
        id: contact.email_contact_id,
        audienceId: audience.external_id,
        service: "email",
        category: "crm",
        recordType: "email-contact",
      });
    }
  }
  const sent = await tx.query<{ channel: string; provider_id: string; provider_external_id: string | null }>(
    `SELECT channel, provider_id, provider_external_id FROM messages WHERE contact_id = $1
     UNION ALL
     SELECT m.channel, r.provider_id, r.provider_external_id FROM marketing_recipients r
       JOIN marketing_messages m ON m.id = r.marketing_message_id
     WHERE r.contact_id = $1 AND r.provider_external_id IS NOT NULL`,
    [contactId],
  );
  let emails = 0;
  for (const message of sent) {
    if (!message.provider_external_id) continue;
    if (message.provider_id === "twilio") {
      plan.vendorObjects.push({
        kind: "twilio-message",
        id: message.provider_external_id,
        service: channelService[message.channel] ?? "sms",
        category: "communications",
        recordType: "message",
      });
    } else emails++;
  }
  if (emails > 0) {
    plan.undeletable.push({
      subprocessorId: "resend",
      service: "email",
      category: "communications",
      recordType: "sent-email",
      count: emails,
      reason: "Sent emails cannot be deleted through the email provider's API.",
    });
  }
  const calls = await tx.query<{ recording_sid: string | null }>(
    "SELECT recording_sid FROM calls WHERE contact_id = $1",
    [contactId],
  );
  for (const call of calls) {
    if (!call.recording_sid) continue;
    plan.vendorObjects.push({
      kind: "twilio-recording",
      id: call.recording_sid,
      service: "voice",
      category: "communications",
      recordType: "recording",
    });
  }
  if (calls.length > 0) {
    plan.undeletable.push({
      subprocessorId: "twilio",
      service: "voice",
      category: "communications",
      recordType: "call-log",
      count: calls.length,
      reason:
        "The messaging provider's API, as its vendor profile lists it, offers no deletion of call logs.",
    });
  }
  await planIntegrationRecords(
    tx,
    platform,
    "r.contact_id = $1 OR ($2::text IS NOT NULL AND r.subject_email = lower($2))",
    [contactId, contact.email],
    plan,
  );
}

/**
 * The ids at their source of the integration records the erasure deletes, kept only as keyed hashes, so
 * a later sync never brings them back (§9, DEL-NO-RESURRECTION).
 */
async function planIntegrationRecords(
  tx: Queryable,
  platform: Platform,
  where: string,
  params: unknown[],
  plan: ErasurePlan,
) {
  const records = await tx.query<{ provider: string; object_type: string; external_id: string }>(
    `SELECT i.provider, r.object_type, r.external_id FROM integration_records r
       JOIN integrations i ON i.id = r.integration_id
     WHERE ${where}`,
    params,
  );
  for (const record of records) {
    plan.hashes.push({
      kind: "integration-record-id",
      hash: identifierHash(
        platform.sealer,
        "integration-record-id",
        integrationRecordKey(record.provider, record.object_type, record.external_id),
      ),
    });
  }
}

async function userPlan(
  tx: Queryable,
  platform: Platform,
  tenantId: string,
  userId: string,
  now: Date,
  plan: ErasurePlan,
) {
  const [user] = await tx.query<{ email: string }>("SELECT email FROM users WHERE id = $1", [userId]);
  if (!user) return;
  plan.hashes.push({ kind: "email", hash: identifierHash(platform.sealer, "email", user.email) });
  // Records synced about the user are matched by email, as the access export matches them.
  await planIntegrationRecords(tx, platform, "r.subject_email = lower($1)", [user.email], plan);
  const [photo] = await tx.query<{ url: string }>("SELECT url FROM profile_photos WHERE user_id = $1", [
    userId,
  ]);
  const storage = fileStorageOf(platform);
  if (photo && storage) {
    plan.vendorObjects.push({
      kind: "blob-file",
      id: photo.url,
      subprocessorId: storage,
      service: "blob-storage",
      category: "account",
      recordType: "profile-photo",
    });
  }
  // The tenant's payments customer carries the email of the owner it was made for (§11 billing).
  const [customer] = await tx.query<{ external_id: string }>(
    "SELECT external_id FROM catalog.billing_customers WHERE tenant_id = $1",
    [tenantId],
  );
  if (!customer) return;
  let email: string | null | undefined;
  try {
    const held = await paymentsClient(platform).customers.retrieve(customer.external_id);
    email = "deleted" in held && held.deleted ? null : (held as { email?: string | null }).email;
  } catch {
    platform.logger.warn({ subprocessor: "stripe" }, "payments customer could not be read for erasure");
    throw problem("unavailable", "The payments subprocessor could not be read; the erasure will be retried.");
  }
  if (!email || email.toLowerCase() !== user.email.toLowerCase()) return;
  if (await billingHold(tx, tenantId, now)) {
    plan.heldCustomer = { id: customer.external_id };
    return;
  }
  plan.vendorObjects.push({
    kind: "stripe-customer",
    id: customer.external_id,
    service: "payments",
    category: "billing",
    recordType: "customer",
  });
}

/** The plan for every subject of the erasure (records of other types have no vendor copy but messages). */
export async function planErasure(
  tx: Queryable,
  input: {
    platform: Platform;
    tenantId: string;
    now: Date;
    subjects: readonly SubjectRef[];
    records: readonly { type: string; id: string }[];
  },
): Promise<ErasurePlan> {
  const plan: ErasurePlan = { vendorObjects: [], undeletable: [], hashes: [], heldCustomer: null };
  for (const subject of input.subjects) {
    if (subject.type === "contact") await contactPlan(tx, input.platform, subject.contactId, plan);
    else await userPlan(tx, input.platform, input.tenantId, subject.userId, input.now, plan);
  }
  // Records of a contact erased whole are already in its plan.
  const erased = input.subjects.flatMap((s) => (s.type === "contact" ? [s.contactId] : []));
  for (const record of input.records) {
    if (record.type === "message" || record.type === "call") {
      const table = record.type === "message" ? "messages" : "calls";
      const [owned] = await tx.query(
        `SELECT 1 FROM ${table} WHERE id = $1 AND contact_id = ANY($2::uuid[])`,
        [record.id, erased],
      );
      if (owned) continue;
    }
    if (record.type === "message") {
      const [message] = await tx.query<{
        channel: string;
        provider_id: string;
        provider_external_id: string;
      }>("SELECT channel, provider_id, provider_external_id FROM messages WHERE id = $1", [record.id]);
      if (message?.provider_id === "twilio") {
        plan.vendorObjects.push({
          kind: "twilio-message",
          id: message.provider_external_id,
          service: channelService[message.channel] ?? "sms",
          category: "communications",
          recordType: "message",
        });
      } else if (message) {
        plan.undeletable.push({
          subprocessorId: "resend",
          service: "email",
          category: "communications",
          recordType: "sent-email",
          count: 1,
          reason: "Sent emails cannot be deleted through the email provider's API.",
        });
      }
    }
    if (record.type === "call") {
      const [call] = await tx.query<{ recording_sid: string | null }>(
        "SELECT recording_sid FROM calls WHERE id = $1",
        [record.id],
      );
      if (call?.recording_sid) {
        plan.vendorObjects.push({
          kind: "twilio-recording",
          id: call.recording_sid,
          service: "voice",
          category: "communications",
          recordType: "recording",
        });
      }
    }
  }
  // A deletion naming a contact and one of its messages plans that message once.
  const seen = new Set<string>();
  plan.vendorObjects = plan.vendorObjects.filter((object) => {
    const key = `${object.kind}:${object.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return plan;
}
