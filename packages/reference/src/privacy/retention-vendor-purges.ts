import type { Platform } from "../operations/operation-group.js";
import type { SweepContext } from "./retention-targets.js";
import {
  deleteCallRecording,
  deleteEmailAudience,
  deleteEmailContact,
  deleteMessagingMessage,
  deletePaymentsCustomer,
  deleteStoredFile,
  type VendorOrigin,
} from "./vendor-copies.js";

/**
 * The copies subprocessors hold of what a purge removes here (§11: purged here and at the vendors whose
 * APIs allow deletion), deleted before the rows that name them, each as one ledger step of the sweep job
 * so a job resumed after a crash or a vendor failure never repeats a finished deletion. A vendor failure
 * fails the job, rows untouched: the next run retries.
 */
async function eachCopy<Row>(
  context: SweepContext,
  sql: string,
  step: (row: Row) => string,
  remove: (origin: VendorOrigin, row: Row) => Promise<unknown>,
): Promise<void> {
  const { inTenant, platform, tenant } = context;
  const rows = await inTenant((tx) => tx.query<Row>(sql));
  for (const row of rows) {
    await context.step(`purge:${step(row)}`, () =>
      inTenant((tx) => remove({ platform, tenantId: tenant.id, tx }, row)),
    );
  }
}

function blobStorage(platform: Platform): string | undefined {
  return Object.entries(platform.policy.subprocessors).find(([, s]) =>
    s.services.includes("blob-storage"),
  )?.[0];
}

/** Profile photos at file storage (the account rule). */
export async function purgeProfilePhotoCopies(context: SweepContext): Promise<void> {
  const storage = blobStorage(context.platform);
  if (!storage) return;
  await eachCopy<{ object_id: string; url: string }>(
    context,
    "SELECT object_id, url FROM profile_photos ORDER BY user_id",
    (row) => `profile-photo:${row.object_id}`,
    (origin, row) => deleteStoredFile(origin, storage, row.url),
  );
}

/** The contacts in the tenant's audience at the email subprocessor, then the audience (the CRM rule). */
export async function purgeEmailContactCopies(context: SweepContext): Promise<void> {
  const [audience] = await context.inTenant((tx) =>
    tx.query<{ external_id: string }>("SELECT external_id FROM email_audiences"),
  );
  if (!audience) return;
  await eachCopy<{ email_contact_id: string }>(
    context,
    "SELECT email_contact_id FROM contacts WHERE email_contact_id IS NOT NULL ORDER BY id",
    (row) => `email-contact:${row.email_contact_id}`,
    (origin, row) => deleteEmailContact(origin, audience.external_id, row.email_contact_id),
  );
  await context.step(`purge:email-audience:${audience.external_id}`, () =>
    context.inTenant((tx) =>
      deleteEmailAudience(
        { platform: context.platform, tenantId: context.tenant.id, tx },
        audience.external_id,
      ),
    ),
  );
}

/**
 * Messages and recordings at the messaging subprocessor (the communications rule). Sent emails stay at
 * the email subprocessor: its API offers no deletion of a sent email.
 */
export async function purgeMessagingCopies(context: SweepContext): Promise<void> {
  await eachCopy<{ sid: string }>(
    context,
    `SELECT provider_external_id AS sid FROM messages WHERE provider_id = 'twilio'
     UNION SELECT provider_external_id FROM marketing_recipients
       WHERE provider_id = 'twilio' AND provider_external_id IS NOT NULL
     ORDER BY sid`,
    (row) => `message:${row.sid}`,
    (origin, row) => deleteMessagingMessage(origin, row.sid),
  );
  await eachCopy<{ sid: string }>(
    context,
    "SELECT recording_sid AS sid FROM calls WHERE recording_sid IS NOT NULL ORDER BY recording_sid",
    (row) => `recording:${row.sid}`,
    (origin, row) => deleteCallRecording(origin, row.sid),
  );
}

/**
 * The payments customer, once the account is purged and its last invoice's hold has ended (§11: billing
 * records are kept for their legal period, and the customer with them).
 */
export async function releasePaymentsCustomer(context: SweepContext): Promise<void> {
  const { inTenant, tenant } = context;
  const [state] = await inTenant((tx) =>
    tx.query<{ status: string; customer: string | null; invoices: number }>(
      `SELECT t.status, c.external_id AS customer,
         (SELECT count(*)::int FROM catalog.invoices i WHERE i.tenant_id = t.id) AS invoices
       FROM catalog.tenants t LEFT JOIN catalog.billing_customers c ON c.tenant_id = t.id WHERE t.id = $1`,
      [tenant.id],
    ),
  );
  if (!state?.customer || state.status !== "purged" || state.invoices > 0) return;
  const customer = state.customer;
  await context.step(`purge:payments-customer:${customer}`, () =>
    inTenant((tx) =>
      deletePaymentsCustomer({ platform: context.platform, tenantId: tenant.id, tx }, customer),
    ),
  );
  await inTenant((tx) => tx.query("DELETE FROM catalog.billing_customers WHERE tenant_id = $1", [tenant.id]));
}
