import type { Migration } from "../database/migrate.js";
import { problem } from "../platform/problem.js";
import type { OperationContext } from "./operation-group.js";
import { resendClient, resendData } from "./resend-client.js";

/**
 * A CRM contact's copy at the email subprocessor (Resend), kept for delivery: one audience per tenant,
 * holding each contact's email and whether it takes marketing email (`unsubscribed`), nothing more.
 * The account is the `messaging` part's `resend` entry (`{ apiKey }`), as the messages group reads it;
 * without one, contacts are kept here only.
 */
export const emailContactsMigration: Migration = {
  id: "crm/003-email-contacts",
  sql: (s) => `
    ALTER TABLE ${s}.contacts ADD COLUMN email_contact_id text;
    CREATE TABLE ${s}.email_audiences (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      external_id text NOT NULL,
      created_at timestamptz NOT NULL
    );
  `,
};

export interface EmailContactState {
  email: string | null;
  marketingEmail: boolean;
  emailContactId: string | null;
}

function emailAccount(context: OperationContext): { apiKey: string } | undefined {
  return (context.platform.parts.messaging as { resend?: { apiKey: string } } | undefined)?.resend;
}

/** The SDK for the tenant's email account, through the allow-listed fetch. */
function resend(context: OperationContext) {
  const account = emailAccount(context);
  if (!account) throw problem("unavailable", "No email subprocessor account is configured.");
  const origin = context.tenant ? { tenantId: context.tenant.id, tx: context.tx } : undefined;
  return resendClient(context.platform, account.apiKey, origin);
}

/**
 * The SDK for a compensation, run after the request's transaction has ended: without the tenant's
 * transaction (Resend is a published subprocessor, allowed without a tenant's destinations).
 */
function detached(context: OperationContext) {
  const account = emailAccount(context);
  if (!account) throw problem("unavailable", "No email subprocessor account is configured.");
  return resendClient(context.platform, account.apiKey);
}

/** The audience named `name`, paging through the account's audiences (Resend answers 20 at a time). */
async function findAudience(context: OperationContext, name: string): Promise<string | undefined> {
  const client = resend(context);
  let after: string | undefined;
  for (;;) {
    const listed = resendData(
      context.platform,
      await client.audiences.list({ limit: 100, ...(after ? { after } : {}) }),
      "the audience lookup",
    );
    const found = listed.data.find((audience) => audience.name === name);
    if (found) return found.id;
    const last = listed.data.at(-1);
    if (!listed.has_more || !last) return undefined;
    after = last.id;
  }
}

/** The tenant's audience at the email subprocessor, made on first need. */
async function tenantAudience(context: OperationContext): Promise<string> {
  const { tx, now, tenant } = context;
  const [stored] = await tx.query<{ external_id: string }>(
    "SELECT external_id FROM email_audiences FOR UPDATE",
  );
  if (stored) return stored.external_id;
  // An audience holds no one's data (its name is the tenant's id), so one made by a request that then
  // rolled back is not compensated: the next request finds it by its name, never making it twice.
  const name = `crmfactory-${tenant?.id}`;
  const id =
    (await findAudience(context, name)) ??
    resendData(context.platform, await resend(context).audiences.create({ name }), "the audience").id;
  await tx.query("INSERT INTO email_audiences (external_id, created_at) VALUES ($1, $2)", [id, now]);
  return id;
}

/**
 * Brings the contact's copy at the email subprocessor from `before` to `after` (`null`: no contact) and
 * answers its id there. A changed email is a new copy: the old one is deleted, not rewritten.
 */
export async function syncEmailContact(
  context: OperationContext,
  before: EmailContactState | null,
  after: Omit<EmailContactState, "emailContactId"> | null,
): Promise<string | null> {
  const held = before?.emailContactId ?? null;
  // A deployment without an email account delivers no email, so it keeps no copy for delivery either;
  // a copy made while one was configured still has to go, so then the change waits for the account.
  if (!emailAccount(context)) {
    if (held === null) return null;
    throw problem("unavailable", "No email subprocessor account is configured.");
  }
  const sameEmail =
    held !== null && after?.email != null && before?.email?.toLowerCase() === after.email.toLowerCase();
  if (held === null && !after?.email) return null;
  const audience = await tenantAudience(context);
  const { contacts } = resend(context);
  const { platform } = context;
  if (sameEmail && after) {
    if (before?.marketingEmail !== after.marketingEmail) {
      resendData(
        platform,
        await contacts.update({ audienceId: audience, id: held, unsubscribed: !after.marketingEmail }),
        "the contact's update",
      );
    }
    return held;
  }
  if (held !== null) {
    resendData(platform, await contacts.remove({ audienceId: audience, id: held }), "the contact's removal");
  }
  if (!after?.email) return null;
  const created = resendData(
    platform,
    await contacts.create({ audienceId: audience, email: after.email, unsubscribed: !after.marketingEmail }),
    "the contact",
  );
  // Should the request roll back, no copy may stay at the vendor that no contact here refers to.
  context.compensate(async () =>
    resendData(
      platform,
      await detached(context).contacts.remove({ audienceId: audience, id: created.id }),
      "the contact's removal",
    ),
  );
  return created.id;
}
