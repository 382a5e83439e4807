import type { PrivacyClient, ResponseBody } from "@crmfactory/sdk";
import type { PropertyContext } from "../harness/property.js";
import { type ClockedTenant, uniqueSuffix } from "./clocked-tenant.js";
import { type SignedInUser, signInNewUser } from "./sso-users.js";

/**
 * A contact seeded in every place the CRM keeps a contact's data: the contact (custom field), a note,
 * an SMS and an email (messaging and email providers), a call with its recording (messaging
 * provider), a telemetry event naming it; its email contact at the email provider comes with it.
 */
export interface SeededContact {
  readonly contactId: string;
  readonly email: string;
  readonly phone: string;
  readonly name: string;
  /** Ids the vendors gave (Twilio message and recording SIDs), as the API answered them. */
  readonly vendorIds: { readonly twilio: readonly string[] };
  readonly messageIds: readonly string[];
  readonly callIds: readonly string[];
  readonly noteId: string;
  /** Every value of the subject the suite wrote: none may remain once it is erased. */
  readonly values: readonly string[];
}

/** A US number no other run of this process has (digits from the nonce). */
function uniquePhone(): string {
  const digits = Number.parseInt(uniqueSuffix().slice(0, 7), 16) % 10_000_000;
  return `+1415${String(digits).padStart(7, "0")}`;
}

export async function seedContact(
  context: PropertyContext,
  tenant: ClockedTenant,
  client: PrivacyClient = tenant.owner,
): Promise<SeededContact> {
  const { faker } = context;
  const nonce = uniqueSuffix();
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const name = `${firstName} ${lastName} ${nonce}`;
  const email = faker.internet
    .email({ firstName, lastName, provider: "contacts.conformance.example", allowSpecialCharacters: false })
    .replace("@", `.${nonce}@`);
  const phone = uniquePhone();
  const tier = `tier-${faker.word.noun()}-${nonce}`;
  const contact = await client.contacts.create({
    name,
    email,
    phone,
    customFields: { tier },
    consent: { marketingEmail: true, marketingSms: true },
  });
  const noteName = `${faker.company.catchPhrase()} ${nonce}`;
  const note = await client.crmObjects.create({ type: "note", name: noteName, contactIds: [contact.id] });
  const smsBody = `${faker.lorem.sentence()} ${nonce}`;
  const sms = await client.messages.send({ contactId: contact.id, channel: "sms", body: smsBody });
  const mailBody = `${faker.lorem.sentence()} ${nonce}`;
  const mail = await client.messages.send({
    contactId: contact.id,
    channel: "email",
    subject: `${faker.lorem.words(3)} ${nonce}`,
    body: mailBody,
  });
  const transcript = `${faker.lorem.sentence()} ${nonce}`;
  const call = await client.calls.create({
    contactId: contact.id,
    kind: "voicemail",
    direction: "inbound",
    durationSeconds: faker.number.int({ min: 5, max: 600 }),
    transcript,
  });
  await client.telemetry.recordEvent({ type: "feature-use", name: "contact-opened", contactId: contact.id });
  const twilio = [sms.provider.externalId, call.recording.externalId].filter(
    (id): id is string => typeof id === "string",
  );
  return {
    contactId: contact.id,
    email,
    phone,
    name,
    vendorIds: { twilio },
    messageIds: [sms.id, mail.id],
    callIds: [call.id],
    noteId: note.id,
    values: [email, name, tier, noteName, smsBody, mailBody, transcript],
  };
}

export type Invoice = ResponseBody<"createInvoice">;

/**
 * The tenant's first owner as a subject: the payments customer carries their email, their profile
 * photo is at file storage, and `invoices` invoices are issued (each under the billing hold). A second
 * owner is signed in first, since the last owner cannot be erased, and acts for the tenant afterwards.
 */
export interface SeededOwner {
  readonly userId: string;
  readonly email: string;
  readonly photoObjectId: string;
  readonly invoices: readonly Invoice[];
  readonly paymentsCustomerId: string | null;
  /** The owner who stays, to file the deletion and read the receipt. */
  readonly successor: SignedInUser;
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 7, 7, 7]);

export async function seedOwner(
  context: PropertyContext,
  tenant: ClockedTenant,
  options: { invoices: number },
): Promise<SeededOwner> {
  const { owner } = tenant;
  const me = await owner.sessions.current();
  const userId = me.user.id;
  const billing = await owner.billing.changePlan({ plan: "growth" });
  const photo = await owner.users.uploadProfilePhoto(userId, { data: png, contentType: "image/png" });
  const invoices: Invoice[] = [];
  for (let index = 0; index < options.invoices; index += 1) {
    invoices.push(
      await owner.invoices.create({
        description: `${context.faker.commerce.productName()} plan`,
        amount: { amount: context.faker.number.int({ min: 100, max: 99_000 }), currency: "usd" },
      }),
    );
  }
  // Every later check at file storage looks the photo up by this id: without one it would match anything.
  if (!photo.profilePhoto?.objectId) throw new Error("the profile photo upload answered no object id");
  const successor = await signInNewUser(context, tenant, "owner");
  return {
    userId,
    email: tenant.ownerEmail,
    photoObjectId: photo.profilePhoto.objectId,
    invoices,
    paymentsCustomerId: billing.customer?.externalId ?? null,
    successor,
  };
}
