import * as fc from "fast-check";
import { defineProperty } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { exportedRecords, exportTenantNow } from "../../world/account-closure.js";
import {
  type MessageChannel,
  recordCall,
  type SeededCall,
  type SeededMessage,
  sendMessage,
} from "../../world/communications.js";
import { type SeededContact, seedContact } from "../../world/crm-records.js";
import {
  type LifecycleReal,
  type LifecycleSubject,
  lifecyclePlan,
  lifecycleScenarios,
  runLifecycle,
  type SeedAction,
} from "./closure-lifecycle.js";
import {
  expectFields,
  expectInventoryExactly,
  expectInventoryHoldsNone,
  expectNoDeletableCopies,
  expectNotServed,
  expectProbeFindsNone,
  readKept,
} from "./lifecycle-evidence.js";

const ID = "RET-COMMS";

export interface CommsSeeded {
  contacts: SeededContact[];
  messages: SeededMessage[];
  calls: SeededCall[];
}

const messageFields = (m: SeededMessage) => ({
  id: m.id,
  contactId: m.contactId,
  channel: m.channel,
  subject: m.subject,
  body: m.body,
});
const callFields = (c: SeededCall) => ({
  id: c.id,
  contactId: c.contactId,
  kind: c.kind,
  durationSeconds: c.durationSeconds,
  transcript: c.transcript,
});

const channelScenario: Record<MessageChannel, string> = {
  sms: "sms at the messaging provider",
  whatsapp: "whatsapp at the messaging provider",
  email: "email at the email provider",
};

/** A contact with messages on some channels and calls or voicemails (each recorded at Twilio). */
function conversation(
  channels: readonly MessageChannel[],
  calls: readonly SeededCall["kind"][],
): SeedAction<CommsSeeded> {
  return {
    label: `contact+${[...channels, ...calls].join(",") || "nothing"}`,
    async run({ context, tenant }: LifecycleReal, seeded: CommsSeeded) {
      const contact = await seedContact(tenant.owner, context.faker);
      seeded.contacts.push(contact);
      for (const channel of channels) {
        seeded.messages.push(await sendMessage(tenant.owner, context.faker, contact, channel));
        context.scenario(channelScenario[channel]);
      }
      for (const kind of calls) {
        seeded.calls.push(await recordCall(tenant.owner, context.faker, contact, kind));
        context.scenario("call with recording");
      }
    },
  };
}

const twilioIds = (seeded: CommsSeeded) =>
  seeded.messages.filter((m) => m.channel !== "email").map((m) => m.externalId ?? "");
const emailIds = (seeded: CommsSeeded) =>
  seeded.messages.filter((m) => m.channel === "email").map((m) => m.externalId ?? "");

export const commsSubject: LifecycleSubject<CommsSeeded> = {
  guarantee: ID,
  windows: [{ rule: "communications", edgePrefix: "" }],
  empty: () => ({ contacts: [], messages: [], calls: [] }),
  seedActions: () =>
    fc
      .tuple(
        fc.subarray<MessageChannel>(["sms", "whatsapp", "email"]),
        fc.array(fc.constantFrom<SeededCall["kind"]>("call", "voicemail"), { maxLength: 1 }),
      )
      .map(([channels, calls]) => conversation(channels, calls)),

  async checkKept({ tenant }, { seeded }) {
    for (const message of seeded.messages)
      expectFields(
        ID,
        `message ${message.id}`,
        await readKept(() => tenant.owner.messages.get(message.id)),
        messageFields(message),
      );
    for (const call of seeded.calls)
      expectFields(
        ID,
        `call ${call.id}`,
        await readKept(() => tenant.owner.calls.get(call.id)),
        callFields(call),
      );
  },

  async checkAvailable({ context, tenant }, { seeded }) {
    // Local: the export holds every message and call, by value; the inventory lists exactly them.
    const document = await exportTenantNow(context, tenant);
    const exported = new Map(exportedRecords(document, "communications").map((r) => [r.id as string, r]));
    for (const message of seeded.messages)
      expectFields(
        ID,
        `exported message ${message.id}`,
        exported.get(message.id)?.data as never,
        messageFields(message),
      );
    for (const call of seeded.calls)
      expectFields(ID, `exported call ${call.id}`, exported.get(call.id)?.data as never, callFields(call));
    await expectInventoryExactly(ID, context, tenant, [
      { recordType: "message", location: "platform", ids: seeded.messages.map((m) => m.id) },
      { recordType: "call", location: "platform", ids: seeded.calls.map((c) => c.id) },
      { recordType: "message", location: "twilio", ids: twilioIds(seeded) },
      { recordType: "recording", location: "twilio", ids: seeded.calls.map((c) => c.recordingId ?? "") },
      { recordType: "email", location: "resend", ids: emailIds(seeded) },
    ]);
    // Messaging and email: the vendors still hold their copies (the fakes' own state).
    const held = new Set(
      seeded.contacts.flatMap((contact) =>
        context.fakes.twilio
          .heldFor({ phone: contact.phone })
          .flatMap((h) => [...h.messages, ...h.recordings].map((o) => (o as { sid: string }).sid)),
      ),
    );
    for (const sid of [...twilioIds(seeded), ...seeded.calls.map((c) => c.recordingId ?? "")])
      expectGuarantee(held.has(sid), `${ID}: Twilio no longer holds ${sid} before the window ended`);
    for (const contact of seeded.contacts)
      expectGuarantee(
        context.fakes.resend.contactsFor({ email: contact.email }).length > 0,
        `${ID}: the email provider's contact copy of ${contact.id} is gone before the window ended`,
      );
  },

  async checkGone({ context, tenant }, { seeded }) {
    // Local: no message or call here, through the API, or in any table.
    await expectInventoryHoldsNone(ID, context, tenant, [
      { recordType: "message" },
      { recordType: "call" },
      { recordType: "recording" },
    ]);
    for (const message of seeded.messages)
      await expectNotServed(ID, `message ${message.id}`, () => tenant.owner.messages.get(message.id));
    await expectProbeFindsNone(
      ID,
      context,
      [
        ...seeded.messages.flatMap((m) => [m.body, m.subject ?? ""]),
        ...seeded.calls.map((c) => c.transcript),
      ],
      { what: "message bodies, subjects and call transcripts" },
    );
    // Messaging: no message or recording left at Twilio (call logs stay: its API deletes none).
    for (const contact of seeded.contacts) {
      const held = context.fakes.twilio.heldFor({ phone: contact.phone });
      const left = held.flatMap((h) =>
        [...h.messages, ...h.recordings].map((o) => (o as { sid: string }).sid),
      );
      expectGuarantee(
        left.length === 0,
        `${ID}: Twilio still holds messages or recordings of ${contact.id}`,
        {
          left,
        },
      );
    }
    expectNoDeletableCopies(
      ID,
      context,
      "twilio",
      seeded.contacts.map((c) => c.phone),
    );
    // Email: the contact copies are deleted; sent emails stay only because the API deletes none.
    for (const contact of seeded.contacts)
      expectGuarantee(
        context.fakes.resend.contactsFor({ email: contact.email }).length === 0,
        `${ID}: the email provider still holds the contact copy of ${contact.id}`,
      );
    expectNoDeletableCopies(
      ID,
      context,
      "resend",
      seeded.contacts.map((c) => c.email),
    );
  },
};

/** Every run holds every kind of communication at least once. */
const everyKind = conversation(["sms", "whatsapp", "email"], ["call"]);

export const retCommsProperty = defineProperty({
  guarantee: ID,
  name: "same-windows-as-crm-including-vendor-copies",
  description:
    "Communication data (messages, calls and voicemails here; messages and recordings at the messaging provider; contact copies at the email provider) keeps the CRM windows (table and section 11): whole and exportable by value up to the last millisecond of the export window, whole again after a resumption inside it, and gone here and at each provider whose API can delete it by the deletion period after the window plus the sweep tolerance. Sent emails stay at the email provider only as the copies its API cannot delete.",
  scenarios: [...lifecycleScenarios, ...Object.values(channelScenario), "call with recording"],
  edges: ["available-until-minus-1ms", "late-at"],
  plan: () => lifecyclePlan(commsSubject),
  check: (plan, context) => runLifecycle(commsSubject, plan, context, everyKind),
});
