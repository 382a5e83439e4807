export interface ResendTag {
  readonly name: string;
  readonly value: string;
}

// https://resend.com/docs/api-reference/emails/retrieve-email
export interface StoredEmail {
  object: "email";
  id: string;
  from: string;
  to: string[];
  cc: string[] | null;
  bcc: string[] | null;
  reply_to: string[] | null;
  subject: string;
  html: string | null;
  text: string | null;
  tags: ResendTag[];
  headers: Record<string, string> | null;
  created_at: string;
  scheduled_at: string | null;
  last_event: "delivered" | "scheduled";
}

// https://resend.com/docs/api-reference/contacts/get-contact
export interface StoredContact {
  object: "contact";
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  created_at: string;
  unsubscribed: boolean;
  properties: Record<string, unknown>;
}

export interface StoredAudience {
  id: string;
  name: string;
  created_at: string;
  contacts: Map<string, StoredContact>;
}

export interface ResendAccount {
  emails: Map<string, StoredEmail>;
  audiences: Map<string, StoredAudience>;
  idempotency: Map<string, { fingerprint: string; status: number; body: string }>;
}

export const newResendAccount = (): ResendAccount => ({
  emails: new Map(),
  audiences: new Map(),
  idempotency: new Map(),
});

/** Resend's timestamps: `2026-04-01 09:30:00.123+00`. */
export const resendTime = (date: Date): string => date.toISOString().replace("T", " ").replace("Z", "+00");

/** The tags of the contract's email profile (`x-email-profile` of @crmfactory/api), parsed for tests. */
export interface CrmFactoryTags {
  readonly kind: string | undefined;
  readonly ref: string | undefined;
  readonly tenant: string | undefined;
  readonly code: string | undefined;
}

export function crmfactoryTags(tags: readonly ResendTag[]): CrmFactoryTags {
  const value = (name: string) => tags.find((tag) => tag.name === name)?.value;
  return {
    kind: value("crmfactory_kind"),
    ref: value("crmfactory_ref"),
    tenant: value("crmfactory_tenant"),
    code: value("crmfactory_code"),
  };
}

/** `Ada <ada@example.com>` → `ada@example.com` */
export function addressOf(recipient: string): string {
  const match = /<([^>]+)>\s*$/.exec(recipient);
  return (match?.[1] ?? recipient).trim().toLowerCase();
}
