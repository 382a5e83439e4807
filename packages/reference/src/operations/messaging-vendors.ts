import { createHash } from "node:crypto";
import type { Queryable } from "../database/database.js";
import { tenantRequest } from "../platform/outbound-allow-list.js";
import { problem } from "../platform/problem.js";
import type { Platform } from "./operation-group.js";
import { resendClient, resendData } from "./resend-client.js";

/**
 * The reference's accounts at the messaging and email subprocessors: the `messaging` part,
 * `{ twilio: { accountSid, authToken, from }, resend: { apiKey, from } }`. Without it the operation is
 * `unavailable` and nothing is written.
 */
export interface MessagingAccounts {
  twilio?: { accountSid: string; authToken: string; from: string };
  resend?: { apiKey: string; from: string };
}

function accounts(platform: Platform): MessagingAccounts {
  return (platform.parts.messaging ?? {}) as MessagingAccounts;
}

function baseUrl(platform: Platform, id: string): string {
  const base = platform.vendorBaseUrls[id];
  if (!base) throw problem("unavailable", `The subprocessor ${id} has no base URL.`);
  return base.replace(/\/$/, "");
}

/** A vendor that cannot be reached (network error, refused by the allow-list) is `unavailable`. */
async function reach(vendor: string, send: () => Promise<Response>): Promise<Response> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof TypeError) {
      throw problem("unavailable", `The subprocessor ${vendor} could not be reached; nothing was sent.`);
    }
    throw error;
  }
}

async function vendorJson(response: Response, vendor: string): Promise<Record<string, unknown>> {
  if (!response.ok) {
    await response.body?.cancel();
    throw problem("unavailable", `The subprocessor ${vendor} answered ${response.status}; nothing was sent.`);
  }
  return (await response.json()) as Record<string, unknown>;
}

interface Origin {
  platform: Platform;
  tenantId: string;
  tx: Queryable;
}

function twilio(origin: Origin) {
  const account = accounts(origin.platform).twilio;
  if (!account) throw problem("unavailable", "No messaging subprocessor account is configured.");
  const root = `${baseUrl(origin.platform, "twilio")}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}`;
  const authorization = `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`;
  const call = async (path: string, form?: Record<string, string>) =>
    vendorJson(
      await reach("twilio", () =>
        origin.platform.fetch(
          tenantRequest({ tenantId: origin.tenantId, tx: origin.tx }, `${root}${path}`, {
            method: form ? "POST" : "GET",
            headers: {
              authorization,
              ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
            },
            ...(form ? { body: new URLSearchParams(form).toString() } : {}),
          }),
        ),
      ),
      "twilio",
    );
  return { account, call };
}

const twilioStatuses: Record<string, "queued" | "sent" | "delivered" | "failed"> = {
  accepted: "queued",
  scheduled: "queued",
  queued: "queued",
  sending: "queued",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  received: "delivered",
  failed: "failed",
  undelivered: "failed",
  canceled: "failed",
};

/** An SMS or WhatsApp message through Twilio's Messages resource. */
export async function sendText(
  origin: Origin,
  input: { channel: "sms" | "whatsapp"; to: string; body: string },
) {
  const { account, call } = twilio(origin);
  const prefix = input.channel === "whatsapp" ? "whatsapp:" : "";
  const message = await call("/Messages.json", {
    To: `${prefix}${input.to}`,
    From: `${prefix}${account.from}`,
    Body: input.body,
  });
  return { externalId: String(message.sid), status: twilioStatuses[String(message.status)] ?? "queued" };
}

/** A message's status at Twilio now (its Message resource), in the contract's vocabulary. */
export async function textStatus(origin: Origin, sid: string) {
  const { call } = twilio(origin);
  const message = await call(`/Messages/${encodeURIComponent(sid)}.json`);
  return twilioStatuses[String(message.status)] ?? "queued";
}

// Resend's `last_event` of an email: https://resend.com/docs/api-reference/emails/retrieve-email
const resendEvents: Record<string, "queued" | "sent" | "delivered" | "failed"> = {
  scheduled: "queued",
  queued: "queued",
  sent: "sent",
  delivery_delayed: "sent",
  delivered: "delivered",
  opened: "delivered",
  clicked: "delivered",
  complained: "delivered",
  bounced: "failed",
  failed: "failed",
  canceled: "failed",
  suppressed: "failed",
};

/** An email's status at Resend now (its last event), in the contract's vocabulary; `null` if unknown. */
export async function emailStatus(origin: Origin, id: string) {
  const account = accounts(origin.platform).resend;
  if (!account) throw problem("unavailable", "No email subprocessor account is configured.");
  const client = resendClient(origin.platform, account.apiKey, { tenantId: origin.tenantId, tx: origin.tx });
  const email = resendData(origin.platform, await client.emails.get(id), "the email's status");
  return resendEvents[String(email.last_event)] ?? null;
}

/** A recorded call through Twilio's Calls resource; the recording's sid once Twilio holds it. */
export async function placeRecordedCall(origin: Origin, input: { to: string }) {
  const { account, call } = twilio(origin);
  const placed = await call("/Calls.json", {
    To: input.to,
    From: account.from,
    // The TwiML the call runs: the reference only records what the user says.
    Twiml: "<Response><Record/></Response>",
    Record: "true",
  });
  const callSid = String(placed.sid);
  const listed = await call(`/Calls/${encodeURIComponent(callSid)}/Recordings.json`);
  const [recording] = (listed.recordings as { sid: string }[] | undefined) ?? [];
  return { callSid, recordingSid: recording?.sid ?? null };
}

/** `crmfactory_kind` values of the contract's email profile (`x-email-profile`) the reference sends. */
export type EmailKind =
  | "message"
  | "marketing"
  | "verification-code"
  | "request-unverified"
  | "extension-notice"
  | "request-completed"
  | "request-denied"
  | "breach-notice"
  | "policy-change";

/**
 * An email through Resend's SDK, tagged as the contract's email profile says; `code` (the
 * `crmfactory_code` tag) only on `verification-code` emails. The idempotency key (tenant, kind, ref, a
 * digest of the recipient, never the address itself, and of the code) makes a retried send, such as a
 * marketing job step run again after a crash, deliver once, while a resent code is a new email.
 */
export async function sendEmail(
  origin: Origin,
  input: { to: string; subject: string; body: string; kind: EmailKind; ref: string; code?: string },
) {
  const account = accounts(origin.platform).resend;
  if (!account) throw problem("unavailable", "No email subprocessor account is configured.");
  const client = resendClient(origin.platform, account.apiKey, { tenantId: origin.tenantId, tx: origin.tx });
  const digest = (value: string) => createHash("sha256").update(value).digest("hex").slice(0, 16);
  const recipient = digest(input.to.toLowerCase()) + (input.code ? `/${digest(input.code)}` : "");
  const sent = resendData(
    origin.platform,
    await client.emails.send(
      {
        from: account.from,
        to: [input.to],
        subject: input.subject,
        text: input.body,
        tags: [
          { name: "crmfactory_kind", value: input.kind },
          { name: "crmfactory_ref", value: input.ref },
          { name: "crmfactory_tenant", value: origin.tenantId },
          ...(input.kind === "verification-code" && input.code
            ? [{ name: "crmfactory_code", value: input.code }]
            : []),
        ],
      },
      { idempotencyKey: `crmfactory/${origin.tenantId}/${input.kind}/${input.ref}/${recipient}` },
    ),
    "the email",
  );
  return { externalId: sent.id };
}
