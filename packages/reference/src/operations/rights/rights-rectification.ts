import type { Queryable } from "../../database/database.js";
import { problem } from "../../platform/problem.js";
import { type CustomFields, mergeCustomFields } from "../custom-fields.js";
import { syncEmailContact } from "../email-contacts.js";
import type { OperationContext } from "../operation-group.js";
import { atPayments, paymentsClient } from "../payments-client.js";
import type { RightsDetails } from "./rights-store.js";

type Change = RightsDetails["changes"][number];

const userFields = ["name", "email", "jobTitle"];
const contactFields = ["name", "email", "phone", "company"];
const platform = { type: "platform" } as const;
const emailCopy = { type: "subprocessor", subprocessorId: "resend", service: "email" } as const;
const paymentsCopy = { type: "subprocessor", subprocessorId: "stripe", service: "payments" } as const;

/**
 * The payments customer holds the email of the owner it was made for (billing's `ensureCustomer`): when
 * that address is corrected, the customer at the payments subprocessor is corrected too (RIGHTS-RECTIFY).
 * A tenant with no customer yet holds nothing there; one whose customer carries another address (an
 * earlier correction, another owner's) keeps it. Answers whether the customer held the old value.
 */
async function rectifyPaymentsEmail(context: OperationContext, before: string, after: string) {
  const tenantId = context.tenant?.id;
  if (!tenantId) return false;
  const [row] = await context.tx.query<{ external_id: string }>(
    "SELECT external_id FROM catalog.billing_customers WHERE tenant_id = $1",
    [tenantId],
  );
  if (!row) return false;
  const stripe = paymentsClient(context.platform);
  const customer = await atPayments(context.platform, () => stripe.customers.retrieve(row.external_id));
  if (customer.deleted || customer.email?.toLowerCase() !== before.toLowerCase()) return false;
  await atPayments(context.platform, () =>
    stripe.customers.update(
      row.external_id,
      { email: after },
      { idempotencyKey: `crmfactory-rectify-${row.external_id}-${context.requestId}` },
    ),
  );
  // Should the request roll back, the customer goes back to the address the account still holds.
  context.compensate(() => stripe.customers.update(row.external_id, { email: before }));
  return true;
}

/**
 * Refuses, at filing, corrections the subject cannot take (the contract's `RectificationChange`): a user
 * has `name`, `email`, `jobTitle`; a contact `name`, `email`, `phone`, `company` and custom fields. A
 * required field (`name`, a user's `email`) takes a non-empty string.
 */
export function checkChanges(subjectType: "user" | "contact", changes: readonly Change[]): void {
  const errors = changes.flatMap((change, index) => {
    const path = `/body/changes/${index}`;
    const allowed =
      subjectType === "user"
        ? userFields.includes(change.field)
        : contactFields.includes(change.field) || change.field.startsWith("customFields.");
    if (!allowed) return [{ path: `${path}/field`, message: `is not a field of a ${subjectType}` }];
    const required = change.field === "name" || (subjectType === "user" && change.field === "email");
    const textual = !change.field.startsWith("customFields.");
    if (
      (required && (typeof change.value !== "string" || change.value.trim() === "")) ||
      (textual && change.value !== null && typeof change.value !== "string") ||
      (change.field === "email" &&
        typeof change.value === "string" &&
        !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(change.value))
    ) {
      return [{ path: `${path}/value`, message: "is not a valid value for this field" }];
    }
    return [];
  });
  if (errors.length > 0)
    throw problem("validation-failed", "A correction names a field the subject does not have.", { errors });
}

/** Corrects the contact here and its copy at the email subprocessor (RIGHTS-RECTIFY); answers what changed where. */
export async function applyContactRectification(
  context: OperationContext,
  contactId: string,
  changes: readonly Change[],
) {
  const { tx, now, platform: p } = context;
  const [stored] = await tx.query<{
    name: string;
    email: string | null;
    phone: string | null;
    company: string | null;
    custom_fields: CustomFields;
    marketing_email: boolean;
    email_contact_id: string | null;
  }>("SELECT * FROM contacts WHERE id = $1 FOR UPDATE", [contactId]);
  if (!stored) throw problem("not-found", "The contact this request is about no longer exists.");
  const next = { name: stored.name, email: stored.email, phone: stored.phone, company: stored.company };
  const custom: CustomFields = {};
  for (const change of changes) {
    if (change.field.startsWith("customFields."))
      custom[change.field.slice("customFields.".length)] = change.value;
    else next[change.field as keyof typeof next] = change.value as string;
  }
  const customFields = mergeCustomFields(p.validator, stored.custom_fields, custom);
  await tx.query(
    `UPDATE contacts SET name = $2, email = $3, phone = $4, company = $5, custom_fields = $6::jsonb, updated_at = $7
     WHERE id = $1`,
    [contactId, next.name, next.email, next.phone, next.company, JSON.stringify(customFields), now],
  );
  const emailChanged = (stored.email ?? "").toLowerCase() !== (next.email ?? "").toLowerCase();
  let copyHeld = stored.email_contact_id !== null;
  if (emailChanged) {
    const emailContactId = await syncEmailContact(
      context,
      {
        email: stored.email,
        marketingEmail: stored.marketing_email,
        emailContactId: stored.email_contact_id,
      },
      { email: next.email, marketingEmail: stored.marketing_email },
    );
    await tx.query("UPDATE contacts SET email_contact_id = $2 WHERE id = $1", [contactId, emailContactId]);
    copyHeld = copyHeld || emailContactId !== null;
  }
  return changes.map((change) => ({
    field: change.field,
    category: "crm",
    locations: change.field === "email" && copyHeld ? [platform, emailCopy] : [platform],
  }));
}

/** Corrects the user's account record, and the payments customer's copy of its email; answers what changed where. */
export async function applyUserRectification(
  context: OperationContext,
  userId: string,
  changes: readonly Change[],
) {
  const tx: Queryable = context.tx;
  const [user] = await tx.query<{ name: string; email: string; job_title: string | null }>(
    "SELECT name, email, job_title FROM users WHERE id = $1 FOR UPDATE",
    [userId],
  );
  if (!user) throw problem("not-found", "The user this request is about no longer exists.");
  const next = { name: user.name, email: user.email, jobTitle: user.job_title };
  for (const change of changes) next[change.field as keyof typeof next] = change.value as string;
  if (next.email.toLowerCase() !== user.email.toLowerCase()) {
    const [taken] = await tx.query("SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2", [
      next.email,
      userId,
    ]);
    if (taken) throw problem("conflict", "Another user of this tenant already has this email.");
  }
  await tx.query("UPDATE users SET name = $2, email = $3, job_title = $4, updated_at = $5 WHERE id = $1", [
    userId,
    next.name,
    next.email,
    next.jobTitle,
    context.now,
  ]);
  const paymentsHeld =
    next.email.toLowerCase() !== user.email.toLowerCase() &&
    (await rectifyPaymentsEmail(context, user.email, next.email));
  return changes.map((change) => ({
    field: change.field,
    category: "account",
    locations: change.field === "email" && paymentsHeld ? [platform, paymentsCopy] : [platform],
  }));
}
