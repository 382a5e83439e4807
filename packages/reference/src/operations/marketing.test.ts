import { randomBytes } from "node:crypto";
import { NotFoundError, ValidationError } from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { tenantSql } from "../test-support/data-plane.js";
import { manualClock, runDueJobs } from "../test-support/manual-clock.js";

describe.each(drivers)("marketing messages on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-10T12:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `marketing-${driver}`, clock: clock.now });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "twilio-auth-token");
    reference = await bootReference(driver, {
      clock,
      fetch: (request) => fakes.fetch(request),
      parts: {
        messaging: {
          twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
          resend: { apiKey: "re_test_marketing_key", from: "offers@acme.example" },
        },
      },
    });
  });

  type Client = Awaited<ReturnType<typeof signUp>>["client"];
  const contact = (
    client: Client,
    consent: { marketingEmail?: boolean; marketingSms?: boolean },
    phone?: string,
  ) => {
    const suffix = randomBytes(3).toString("hex");
    return client.contacts.create({
      name: `Grace ${suffix}`,
      email: `grace.${suffix}@example.com`,
      ...(phone ? { phone } : {}),
      ...(Object.keys(consent).length > 0 ? { consent } : {}),
    });
  };

  it("delivers at its time only to recipients who consent then, suppressing the others with the reason", async () => {
    const { client, tenant } = await signUp(reference);
    const consenting = await contact(client, { marketingEmail: true });
    const never = await contact(client, {});
    const withdrawing = await contact(client, { marketingEmail: true });
    const objecting = await contact(client, { marketingEmail: true });
    const leaving = await contact(client, { marketingEmail: true });
    const scheduledFor = new Date(clock.now().getTime() + 86_400_000);
    const created = await client.marketingMessages.create({
      channel: "email",
      contactIds: [consenting.id, never.id, withdrawing.id, objecting.id, leaving.id],
      subject: "Spring offers",
      body: "20% off fleet maintenance.",
      scheduledFor: scheduledFor.toISOString(),
    });
    expect(created).toMatchObject({
      tenantId: tenant.id,
      status: "scheduled",
      scheduledFor: scheduledFor.toISOString(),
      sentAt: null,
    });
    expect(created.recipients.map((r) => r.status)).toEqual([
      "pending",
      "pending",
      "pending",
      "pending",
      "pending",
    ]);

    // Changes after queueing count: consent withdrawn, an objection to marketing, a deleted contact.
    await client.contacts.update(withdrawing.id, { consent: { marketingEmail: false } });
    await tenantSql(
      reference,
      tenant.id,
      "UPDATE contacts SET processing_restrictions = '{marketing}' WHERE id = $1",
      [objecting.id],
    );
    await client.contacts.delete(leaving.id);
    expect(await runDueJobs(reference, new Date(scheduledFor.getTime() - 1))).toBe(0);
    clock.set(scheduledFor);
    expect((await client.marketingMessages.get(created.id)).status).toBe("queued");
    await runDueJobs(reference, clock.now());

    const sent = await client.marketingMessages.get(created.id);
    expect(sent).toMatchObject({ status: "sent", sentAt: scheduledFor.toISOString() });
    expect(sent.recipients.map((r) => [r.contactId, r.status, r.suppressedReason])).toEqual([
      [consenting.id, "sent", null],
      [never.id, "suppressed", "no-consent"],
      [withdrawing.id, "suppressed", "consent-withdrawn"],
      [objecting.id, "suppressed", "processing-restricted"],
      [leaving.id, "suppressed", "contact-deleted"],
    ]);
    expect(sent.recipients[0]).toMatchObject({
      sentAt: scheduledFor.toISOString(),
      provider: { subprocessorId: "resend" },
    });
    expect(sent.recipients.slice(1).every((r) => r.provider === null && r.sentAt === null)).toBe(true);
    const [email] = fakes.resend.emailsTo(consenting.email ?? "", { kind: "marketing" });
    expect(email?.crmfactory).toMatchObject({ kind: "marketing", ref: created.id, tenant: tenant.id });
    for (const other of [never, withdrawing, objecting, leaving]) {
      expect(fakes.resend.emailsTo(other.email ?? "")).toEqual([]);
    }
    expect((await client.marketingMessages.list()).data.map((m) => m.id)).toEqual([created.id]);
  });

  it("queues an SMS for the next delivery run and sends it through Twilio to who consents to SMS", async () => {
    const { client } = await signUp(reference);
    const sms = await contact(client, { marketingSms: true }, "+14155550131");
    const emailOnly = await contact(client, { marketingEmail: true }, "+14155550132");
    const created = await client.marketingMessages.create({
      channel: "sms",
      contactIds: [sms.id, emailOnly.id],
      body: "Spring offers: 20% off.",
    });
    expect(created).toMatchObject({ status: "queued", subject: null, scheduledFor: null });
    await runDueJobs(reference, clock.now());
    const sent = await client.marketingMessages.get(created.id);
    expect(sent.recipients.map((r) => r.status)).toEqual(["sent", "suppressed"]);
    const held = fakes.twilio.heldFor({ phone: "+14155550131", accountSid });
    expect(held.flatMap((h) => h.messages.map((m) => (m as { sid: string }).sid))).toEqual([
      sent.recipients[0]?.provider?.externalId,
    ]);
    expect(fakes.twilio.heldFor({ phone: "+14155550132", accountSid }).flatMap((h) => h.messages)).toEqual(
      [],
    );
  });

  it("after a vendor failure mid-run retries only the recipients not yet sent, so nobody gets it twice", async () => {
    const { client } = await signUp(reference);
    const first = await contact(client, { marketingEmail: true });
    const second = await contact(client, { marketingEmail: true });
    const created = await client.marketingMessages.create({
      channel: "email",
      contactIds: [first.id, second.id],
      subject: "Offer",
      body: "Offer",
    });
    fakes.faults.inject({
      vendor: "resend",
      endpoint: "emails.send",
      credential: "re_test_marketing_key",
      fault: { kind: "status", status: 500 },
      skip: 1,
      // Every attempt of the second send: a single 500 the outbound retries survive.
      times: 4,
    });
    const job = await reference.platform.jobs.claimNext({ wallClock: true }, clock.now());
    expect(job?.payload).toEqual({ marketingMessageId: created.id });
    expect(await reference.platform.jobs.run(job as NonNullable<typeof job>)).toBeDefined();
    const halfway = await client.marketingMessages.get(created.id);
    expect(halfway.recipients.map((r) => r.status)).toEqual(["sent", "pending"]);
    await runDueJobs(reference, clock.now());
    const done = await client.marketingMessages.get(created.id);
    expect(done).toMatchObject({ status: "sent" });
    expect(done.recipients.map((r) => r.status)).toEqual(["sent", "sent"]);
    expect(fakes.resend.emailsTo(first.email ?? "", { kind: "marketing" })).toHaveLength(1);
    expect(fakes.resend.emailsTo(second.email ?? "", { kind: "marketing" })).toHaveLength(1);
  });

  it("answers another tenant's contacts and messages not-found, refuses unknown fields, and writes nothing", async () => {
    const first = await signUp(reference);
    const second = await signUp(reference);
    const theirs = await contact(first.client, { marketingEmail: true });
    const ours = await contact(second.client, { marketingEmail: true });
    const message = await first.client.marketingMessages.create({
      channel: "email",
      contactIds: [theirs.id],
      subject: "Hi",
      body: "Offer",
    });
    await expect(
      second.client.marketingMessages.create({
        channel: "email",
        contactIds: [ours.id, theirs.id],
        subject: "Hi",
        body: "x",
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(second.client.marketingMessages.get(message.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      second.client.marketingMessages.create({
        channel: "sms",
        contactIds: [ours.id],
        body: "x",
        subject: "no",
      } as never),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(
      await tenantSql(
        reference,
        second.tenant.id,
        "SELECT id::text FROM marketing_messages UNION ALL SELECT contact_id::text FROM marketing_recipients",
      ),
    ).toEqual([]);
    expect((await second.client.marketingMessages.list()).data).toEqual([]);
  });
});
