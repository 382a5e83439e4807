import { randomBytes } from "node:crypto";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { tenantSql } from "../test-support/data-plane.js";
import { manualClock } from "../test-support/manual-clock.js";

describe.each(drivers)("following a message's delivery on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-05-04T09:00:00.000Z");
  // Twilio keeps a message in progress for a minute, so its delivery is learnt after the send.
  const fakes = createSubprocessorFakes({
    seed: `message-status-${driver}`,
    clock: clock.now,
    twilio: { messageInProgressMs: 60_000 },
  });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "twilio-auth-token");
    reference = await bootReference(driver, {
      clock,
      fetch: (request) => fakes.fetch(request),
      parts: {
        messaging: {
          twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
          resend: { apiKey: "re_test_message_status", from: "crm@acme.example" },
        },
      },
    });
  });

  const contactWith = (client: Awaited<ReturnType<typeof signUp>>["client"], phone: string) =>
    client.contacts.create({
      name: "Grace",
      email: `grace.${randomBytes(3).toString("hex")}@example.com`,
      phone,
    });

  it("shows an SMS delivered once Twilio has delivered it, and one to an unreachable handset failed", async () => {
    const { client, tenant } = await signUp(reference);
    const reachable = await contactWith(client, "+14155550141");
    const unreachable = await contactWith(client, "+14155550142");
    fakes.twilio.undeliverable("+14155550142", 30003);
    const delivered = await client.messages.send({ contactId: reachable.id, channel: "sms", body: "Hi" });
    const failed = await client.messages.send({ contactId: unreachable.id, channel: "whatsapp", body: "Hi" });
    expect([delivered.status, failed.status]).toEqual(["queued", "queued"]);
    expect(delivered.sentAt).toBeNull();
    clock.advance(30_000);
    expect((await client.messages.get(delivered.id)).status).toBe("queued");
    clock.advance(30_000);
    const settled = await client.messages.get(delivered.id);
    expect(settled).toMatchObject({ status: "delivered", sentAt: clock.now().toISOString() });
    expect((await client.messages.get(failed.id)).status).toBe("failed");
    // Kept: the stored status is the provider's, and a settled message asks the provider nothing more.
    const stored = await tenantSql<{ id: string; status: string }>(
      reference,
      tenant.id,
      "SELECT id, status FROM messages ORDER BY status",
    );
    expect(stored).toEqual([
      { id: delivered.id, status: "delivered" },
      { id: failed.id, status: "failed" },
    ]);
    const fetched = fakes.requests({ vendor: "twilio", endpoint: "messages.fetch" }).length;
    expect(await client.messages.get(delivered.id)).toEqual(settled);
    expect(fakes.requests({ vendor: "twilio", endpoint: "messages.fetch" }).length).toBe(fetched);
  });

  it("shows an email delivered once Resend reports its delivery", async () => {
    const { client } = await signUp(reference);
    const contact = await contactWith(client, "+14155550143");
    const sent = await client.messages.send({
      contactId: contact.id,
      channel: "email",
      subject: "S",
      body: "B",
    });
    expect(sent.status).toBe("sent");
    expect((await client.messages.get(sent.id)).status).toBe("delivered");
  });

  it("answers the stored status when the provider cannot be asked", async () => {
    const { client } = await signUp(reference);
    const contact = await contactWith(client, "+14155550144");
    const sent = await client.messages.send({ contactId: contact.id, channel: "sms", body: "Hi" });
    clock.advance(60_000);
    const rule = fakes.faults.inject({
      vendor: "twilio",
      endpoint: "messages.fetch",
      fault: { kind: "status", status: 503 },
    });
    try {
      expect((await client.messages.get(sent.id)).status).toBe("queued");
    } finally {
      rule.remove();
    }
    expect((await client.messages.get(sent.id)).status).toBe("delivered");
  });
});
