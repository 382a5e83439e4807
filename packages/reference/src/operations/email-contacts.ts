import type { Migration } from "../database/migrate.js";
import { problem } from "../platform/problem.js";
import type { OperationContext } from "./operation-group.js";

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

async function resend(context: OperationContext, method: string, path: string, body?: unknown) {
  const { platform } = context;
  const account = emailAccount(context);
  if (!account) throw problem("unavailable", "No email subprocessor account is configured.");
  const base = platform.vendorBaseUrls.resend;
  if (!base) throw problem("unavailable", "The subprocessor resend has no base URL.");
  let response: Response;
  try {
    response = await platform.fetch(
      new Request(`${base.replace(/\/$/, "")}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${account.apiKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  } catch {
    response = new Response(null, { status: 599 });
  }
  if (!response.ok) {
    await response.body?.cancel();
    platform.logger.warn(
      { subprocessor: "resend", status: response.status },
      "email subprocessor call failed",
    );
    throw problem("unavailable", "The email subprocessor did not complete the call; nothing was changed.");
  }
  return (await response.json()) as { id?: string };
}

/** The tenant's audience at the email subprocessor, made on first need. */
async function tenantAudience(context: OperationContext): Promise<string> {
  const { tx, now, tenant } = context;
  const [stored] = await tx.query<{ external_id: string }>(
    "SELECT external_id FROM email_audiences FOR UPDATE",
  );
  if (stored) return stored.external_id;
  // An audience made by a request that then rolled back is found again by its name, never made twice.
  const name = `crmfactory-${tenant?.id}`;
  const listed = (await resend(context, "GET", "/audiences")) as { data?: { id: string; name: string }[] };
  const id =
    listed.data?.find((audience) => audience.name === name)?.id ??
    (await resend(context, "POST", "/audiences", { name })).id;
  if (!id) throw problem("unavailable", "The email subprocessor answered no audience id.");
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
  const contacts = `/audiences/${encodeURIComponent(audience)}/contacts`;
  if (sameEmail && after) {
    if (before?.marketingEmail !== after.marketingEmail) {
      await resend(context, "PATCH", `${contacts}/${encodeURIComponent(held)}`, {
        unsubscribed: !after.marketingEmail,
      });
    }
    return held;
  }
  if (held !== null) await resend(context, "DELETE", `${contacts}/${encodeURIComponent(held)}`);
  if (!after?.email) return null;
  const created = await resend(context, "POST", contacts, {
    email: after.email,
    unsubscribed: !after.marketingEmail,
  });
  if (!created.id) throw problem("unavailable", "The email subprocessor answered no contact id.");
  return created.id;
}
