import { randomBytes } from "node:crypto";
import { NotFoundError, ValidationError } from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { tenantSql } from "../test-support/data-plane.js";
import { capturedLogger, manualClock } from "../test-support/manual-clock.js";

describe.each(drivers)("messages and calls on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-02T14:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `messages-${driver}`, clock: clock.now });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const from = "+14155550100";
  const { logger, lines } = capturedLogger();
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "twilio-auth-token");
    reference = await bootReference(driver, {
      clock,
      logger,
      fetch: (request) => fakes.fetch(request),
      parts: {
        messaging: {
          twilio: { accountSid, authToken: "twilio-auth-token", from },
          resend: { apiKey: "re_test_messages_key", from: "crm@acme.example" },
        },
      },
    });
  });

  const newContact = async (client: Awaited<ReturnType<typeof signUp>>["client"], phone: string | null) => {
    const suffix = randomBytes(3).toString("hex");
    return client.contacts.create({
      name: `Grace ${suffix}`,
      email: `grace.${suffix}@example.com`,
      ...(phone ? { phone } : {}),
    });
  };

  it("sends an SMS and a WhatsApp message through Twilio and an email through Resend, tagged", async () => {
    const { client, tenant } = await signUp(reference);
    const contact = await newContact(client, "+14155550123");
    const sms = await client.messages.send({
      contactId: contact.id,
      channel: "sms",
      body: "Your quote is ready.",
    });
    expect(sms).toMatchObject({
      tenantId: tenant.id,
      contactId: contact.id,
      channel: "sms",
      direction: "outbound",
      subject: null,
      provider: { subprocessorId: "twilio" },
      aiProposalId: null,
      createdAt: clock.now().toISOString(),
    });
    const whatsapp = await client.messages.send({ contactId: contact.id, channel: "whatsapp", body: "Hi!" });
    const held = fakes.twilio.heldFor({ phone: "+14155550123", accountSid });
    const sids = held.flatMap((h) => h.messages.map((m) => (m as { sid: string }).sid));
    expect(sids).toEqual(expect.arrayContaining([sms.provider.externalId, whatsapp.provider.externalId]));

    const email = await client.messages.send({
      contactId: contact.id,
      channel: "email",
      subject: "Your quote",
      body: "Hello Grace, your quote is attached.",
    });
    expect(email).toMatchObject({
      channel: "email",
      subject: "Your quote",
      status: "sent",
      provider: { subprocessorId: "resend" },
    });
    const [sent] = fakes.resend.emailsTo(contact.email ?? "", { kind: "message" });
    expect(sent?.crmfactory).toMatchObject({ kind: "message", ref: email.id, tenant: tenant.id });

    // Read again, the message shows what Resend reports of it since: delivered.
    expect(await client.messages.get(email.id)).toEqual({ ...email, status: "delivered" });
    const listed = await client.messages.list({ contactId: contact.id, channel: "sms" });
    expect(listed.data.map((m) => m.id)).toEqual([sms.id]);
    expect((await client.messages.list()).data.map((m) => m.id).sort()).toEqual(
      [sms.id, whatsapp.id, email.id].sort(),
    );
  });

  it("sends email with Resend's SDK through the allow-listed fetch, with an idempotency key", async () => {
    const { client, tenant } = await signUp(reference);
    const contact = await newContact(client, null);
    const since = clock.now();
    const email = await client.messages.send({
      contactId: contact.id,
      channel: "email",
      subject: "Through the SDK",
      body: "Hello",
    });
    const sends = fakes
      .requests({ vendor: "resend", endpoint: "emails.send", since })
      .filter((request) => request.body.includes(email.id));
    expect(sends).toHaveLength(1);
    const [send] = sends;
    // resend-node's own user agent: the request was built by the SDK, then sent through `fetch`.
    expect(send?.headers["user-agent"]).toMatch(/^resend-node:6\./);
    const key = send?.headers["idempotency-key"] ?? "";
    expect(key).toContain(`crmfactory/${tenant.id}/message/${email.id}/`);
    expect(key).not.toContain(contact.email ?? "no email");
    // The contact's copy in the tenant's audience went through the SDK as well.
    const created = fakes.requests({ vendor: "resend", endpoint: "contacts.create" });
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((request) => request.headers["user-agent"]?.startsWith("resend-node:"))).toBe(true);
  });

  it("records a call with its recording held at Twilio", async () => {
    const { client, tenant } = await signUp(reference);
    const contact = await newContact(client, "+14155550124");
    const call = await client.calls.create({
      contactId: contact.id,
      kind: "voicemail",
      direction: "inbound",
      durationSeconds: 42,
      transcript: "Please call back on Friday.",
    });
    expect(call).toMatchObject({
      tenantId: tenant.id,
      contactId: contact.id,
      kind: "voicemail",
      direction: "inbound",
      durationSeconds: 42,
      transcript: "Please call back on Friday.",
      recording: { subprocessorId: "twilio" },
      occurredAt: clock.now().toISOString(),
    });
    const held = fakes.twilio.heldFor({ phone: "+14155550124", accountSid });
    const twilioIds = held.flatMap((h) => [
      ...h.calls.map((c) => (c as { sid: string }).sid),
      ...h.recordings.map((r) => (r as { sid: string }).sid),
    ]);
    expect(call.recording.externalId).toMatch(/^RE/);
    expect(twilioIds).toContain(call.recording.externalId);
    expect(await client.calls.get(call.id)).toEqual(call);
    expect((await client.calls.list({ kind: "call" })).data).toEqual([]);
    expect((await client.calls.list({ kind: "voicemail" })).data.map((c) => c.id)).toEqual([call.id]);
  });

  it("lists messages, calls and the vendors' copies in the test-mode inventory, linked to the contact", async () => {
    const operator = reference.operator();
    const testClock = await operator.testClocks.create({ frozenTime: "2026-04-02T14:00:00.000Z" });
    const { client, tenant } = await signUp(reference, { testClockId: testClock.id });
    const contact = await newContact(client, "+14155550126");
    const sms = await client.messages.send({ contactId: contact.id, channel: "sms", body: "Hi" });
    const email = await client.messages.send({
      contactId: contact.id,
      channel: "email",
      subject: "S",
      body: "B",
    });
    const call = await client.calls.create({
      contactId: contact.id,
      kind: "call",
      direction: "outbound",
      durationSeconds: 9,
    });
    const inventory = await operator.testClocks.getTenantInventory(testClock.id, tenant.id);
    const where = (recordType: string, location: string) =>
      inventory.holdings.find(
        (h) =>
          h.recordType === recordType &&
          (h.location.type === "platform" ? "platform" : h.location.subprocessorId) === location,
      );
    expect(where("message", "platform")).toMatchObject({ rule: "communications", count: 2 });
    expect(where("message", "platform")?.recordIds.sort()).toEqual([sms.id, email.id].sort());
    expect(where("call", "platform")?.recordIds).toEqual([call.id]);
    expect(where("message", "twilio")?.recordIds).toEqual([sms.provider.externalId]);
    expect(where("email", "resend")?.recordIds).toEqual([email.provider.externalId]);
    expect(where("recording", "twilio")?.recordIds).toEqual([call.recording.externalId]);
    const subject = inventory.subjects.find(
      (s) => s.subject.type === "contact" && s.subject.contactId === contact.id,
    );
    expect(subject?.holdings.map((h) => h.recordType).sort()).toEqual(
      expect.arrayContaining(["call", "email", "message", "recording"]),
    );
  });

  it("answers another tenant's contact and ids not-found, refuses bad input, and writes nothing", async () => {
    const first = await signUp(reference);
    const second = await signUp(reference);
    const contact = await newContact(first.client, "+14155550125");
    const message = await first.client.messages.send({
      contactId: contact.id,
      channel: "sms",
      body: "Hello",
    });
    const call = await first.client.calls.create({
      contactId: contact.id,
      kind: "call",
      direction: "outbound",
      durationSeconds: 5,
    });
    const before = fakes.requests({ vendor: "twilio" }).length;
    await expect(
      second.client.messages.send({ contactId: contact.id, channel: "sms", body: "Hello" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      second.client.calls.create({
        contactId: contact.id,
        kind: "call",
        direction: "outbound",
        durationSeconds: 5,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(second.client.messages.get(message.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(second.client.calls.get(call.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      first.client.messages.send({
        contactId: contact.id,
        channel: "sms",
        subject: "x",
        body: "Hi",
      } as never),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      first.client.calls.create({
        contactId: contact.id,
        kind: "call",
        direction: "outbound",
        durationSeconds: 0,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    const silent = await newContact(first.client, null);
    await expect(
      first.client.messages.send({ contactId: silent.id, channel: "sms", body: "Hello" }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(fakes.requests({ vendor: "twilio" }).length).toBe(before);
    expect(
      await tenantSql(reference, second.tenant.id, "SELECT id FROM messages UNION ALL SELECT id FROM calls"),
    ).toEqual([]);
    expect(await tenantSql(reference, first.tenant.id, "SELECT id FROM messages")).toEqual([
      { id: message.id },
    ]);
  });

  it("logs none of the contacts' addresses, the message bodies or the vendor credentials", async () => {
    const { client } = await signUp(reference);
    const contact = await newContact(client, "+14155550127");
    await client.messages.send({ contactId: contact.id, channel: "sms", body: "Secret body 8213" });
    await client.messages.send({
      contactId: contact.id,
      channel: "email",
      subject: "Private subject",
      body: "B",
    });
    await client.calls.create({
      contactId: contact.id,
      kind: "call",
      direction: "outbound",
      durationSeconds: 3,
      transcript: "Private transcript",
    });
    const log = lines.join("");
    expect(log).toContain('"operationId":"sendMessage"');
    for (const value of [
      contact.email ?? "",
      "+14155550127",
      "4155550127",
      "Secret body 8213",
      "Private subject",
      "Private transcript",
      "twilio-auth-token",
      "re_test_messages_key",
    ]) {
      expect(log).not.toContain(value);
    }
  });
});
