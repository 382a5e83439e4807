import type { PrivacyClient } from "@crmfactory/sdk";
import type { Faker } from "@faker-js/faker";
import { uniqueSuffix } from "./clocked-tenant.js";
import type { SeededContact } from "./crm-records.js";

export type MessageChannel = "sms" | "whatsapp" | "email";

/** A message as the model sent it, with the vendor's id of its copy. */
export interface SeededMessage {
  readonly id: string;
  readonly contactId: string;
  readonly channel: MessageChannel;
  readonly subject: string | null;
  readonly body: string;
  /** Twilio's message SID, or Resend's email id (null when the provider gave none). */
  readonly externalId: string | null;
}

/** A call or voicemail as the model made it, with its recording at the messaging subprocessor. */
export interface SeededCall {
  readonly id: string;
  readonly contactId: string;
  readonly kind: "call" | "voicemail";
  readonly durationSeconds: number;
  readonly transcript: string;
  readonly phone: string;
  /** The recording's id at Twilio as the call answered it (the call's SID until Twilio holds it). */
  readonly recordingId: string | null;
}

/** Sends a message on `channel`; the body carries a marker unique to the run, to scan for later. */
export async function sendMessage(
  client: PrivacyClient,
  faker: Faker,
  contact: SeededContact,
  channel: MessageChannel,
): Promise<SeededMessage> {
  const body = `${faker.lorem.sentence()} [${uniqueSuffix()}]`;
  const sent =
    channel === "email"
      ? await client.messages.send({
          contactId: contact.id,
          channel,
          subject: `${faker.lorem.words(3)} ${uniqueSuffix()}`,
          body,
        })
      : await client.messages.send({ contactId: contact.id, channel, body });
  return {
    id: sent.id,
    contactId: contact.id,
    channel,
    subject: sent.subject,
    body,
    externalId: sent.provider.externalId,
  };
}

/** Records a call (or a voicemail) with the contact: the reference places it recorded at Twilio. */
export async function recordCall(
  client: PrivacyClient,
  faker: Faker,
  contact: SeededContact,
  kind: SeededCall["kind"],
): Promise<SeededCall> {
  const transcript = `${faker.lorem.sentence()} [${uniqueSuffix()}]`;
  const durationSeconds = faker.number.int({ min: 5, max: 900 });
  const created = await client.calls.create({
    contactId: contact.id,
    kind,
    direction: "outbound",
    durationSeconds,
    transcript,
  });
  return {
    id: created.id,
    contactId: contact.id,
    kind,
    durationSeconds,
    transcript,
    phone: contact.phone,
    recordingId: created.recording.externalId,
  };
}
