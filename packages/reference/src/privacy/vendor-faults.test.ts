import { randomBytes } from "node:crypto";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { tenantSql } from "../test-support/data-plane.js";
import { png, salesforceWith } from "../test-support/erasure-fixtures.js";
import { manualClock, runDueJobs } from "../test-support/manual-clock.js";
import { continuationDue } from "./erasure-vendor-steps.js";

/**
 * Faults the reference survives (issue 11): each vendor client's 429s, 5xx and timeouts at the fakes are
 * retried by the one outbound layer; a vendor still failing leaves the erasure in progress, never done,
 * with its continuation due before the receipt's deadline.
 */
describe.each(drivers)("vendor faults on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-02T14:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `vendor-faults-${driver}`, clock: clock.now });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const storeId = `reffaults${randomBytes(6).toString("hex")}`;
  const stripeKey = `sk_test_faults${randomBytes(6).toString("hex")}`;
  const waits: number[] = [];
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "twilio-auth-token");
    reference = await bootReference(driver, {
      clock,
      fetch: (request) => fakes.fetch(request),
      outboundRetry: {
        baseDelayMs: 5,
        maxDelayMs: 20,
        timeoutMs: 150,
        jitterSeed: null,
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
      parts: {
        messaging: {
          twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
          resend: { apiKey: "re_test_faults_key", from: "crm@acme.example" },
        },
        credentials: {
          stripe: stripeKey,
          vercel: `vercel_blob_rw_${storeId}_${randomBytes(8).toString("hex")}`,
        },
      },
    });
  });
  const runJobs = () => runDueJobs(reference, clock.now());

  async function contactWithCopies(client: Awaited<ReturnType<typeof signUp>>["client"]) {
    const suffix = randomBytes(3).toString("hex");
    const email = `faulty.${suffix}@example.com`;
    const phone = `+1415556${String(1000 + Math.floor(Math.random() * 8999))}`;
    const contact = await client.contacts.create({ name: `Faulty ${suffix}`, email, phone });
    await client.messages.send({ contactId: contact.id, channel: "sms", body: `Hi ${suffix}` });
    await client.calls.create({
      contactId: contact.id,
      kind: "voicemail",
      direction: "inbound",
      durationSeconds: 5,
    });
    clock.advance(60_000);
    return { contact, email, phone };
  }

  it("retries the messaging provider's 429 after its Retry-After", async () => {
    const { client } = await signUp(reference);
    const contact = await client.contacts.create({ name: "Rate Limited", phone: "+14155550161" });
    const limited = fakes.faults.inject({
      vendor: "twilio",
      endpoint: "messages.create",
      fault: { kind: "rate-limit", retryAfterSeconds: 1 },
      times: 1,
    });
    waits.length = 0;
    const sent = await client.messages.send({ contactId: contact.id, channel: "sms", body: "Hello" });
    expect(limited.counts()).toMatchObject({ injected: 1, retried: 1 });
    expect(waits).toEqual([1000]);
    expect(sent.status).not.toBe("failed");
  });

  it("never repeats a message send the provider may have taken (5xx on a POST without a key)", async () => {
    const { client } = await signUp(reference);
    const contact = await client.contacts.create({ name: "Not Twice", phone: "+14155550162" });
    const failing = fakes.faults.inject({
      vendor: "twilio",
      endpoint: "messages.create",
      fault: { kind: "status", status: 503 },
      times: 1,
    });
    await expect(
      client.messages.send({ contactId: contact.id, channel: "sms", body: "Once" }),
    ).rejects.toMatchObject({ status: 503 });
    expect(failing.counts()).toMatchObject({ injected: 1, retried: 0 });
  });

  it("retries the payments, email and file storage providers' 5xx and 429s", async () => {
    const { client, tenant, owner } = await signUp(reference);
    const payments = fakes.faults.inject({
      vendor: "stripe",
      endpoint: "customers.create",
      fault: { kind: "status", status: 500 },
      times: 2,
    });
    await client.billing.setPaymentMethod({ paymentMethodToken: "pm_card_visa" });
    // Retried with the same Idempotency-Key: one customer at the vendor.
    expect(payments.counts()).toMatchObject({ injected: 2, retried: 2 });
    expect(fakes.stripe.customerWithInvoices({ apiKey: stripeKey, tenantId: tenant.id })).toBeDefined();
    const email = fakes.faults.inject({
      vendor: "resend",
      endpoint: "contacts.create",
      fault: { kind: "rate-limit", retryAfterSeconds: 0 },
      times: 1,
    });
    await client.contacts.create({ name: "Mailed", email: "mailed.faults@example.com" });
    expect(email.counts()).toMatchObject({ injected: 1, retried: 1 });
    expect(fakes.resend.contactsFor({ email: "mailed.faults@example.com" })).toHaveLength(1);
    const storage = fakes.faults.inject({
      vendor: "blob",
      endpoint: "put",
      fault: { kind: "status", status: 503 },
      times: 2,
    });
    await client.users.uploadProfilePhoto(owner.id, { data: png, contentType: "image/png" });
    expect(storage.counts()).toMatchObject({ injected: 2, retried: 2 });
    expect(await tenantSql(reference, tenant.id, "SELECT url FROM profile_photos")).toHaveLength(1);
  });

  it("retries an integration source's query that timed out during a sync", async () => {
    const { client } = await signUp(reference);
    const { instanceUrl, accessToken } = await salesforceWith(fakes, "synced.faults@example.com");
    const integration = await client.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl: instanceUrl, accessToken },
    });
    const source = fakes.faults.inject({
      vendor: "salesforce",
      endpoint: "query",
      fault: { kind: "delay", ms: 1000 },
      times: 1,
    });
    const synced = await client.integrations.sync(integration.id);
    expect(synced).toMatchObject({ recordsImported: 2 });
    expect(source.counts()).toMatchObject({ injected: 1, retried: 1 });
  });

  it("erases through a 500, a 429 and a timeout at the vendors in one run", async () => {
    const { client } = await signUp(reference);
    const { contact, email, phone } = await contactWithCopies(client);
    const rules = [
      fakes.faults.inject({
        vendor: "twilio",
        endpoint: "messages.delete",
        fault: { kind: "status", status: 500 },
        times: 2,
      }),
      fakes.faults.inject({
        vendor: "twilio",
        endpoint: "recordings.delete",
        fault: { kind: "delay", ms: 1000 },
        times: 1,
      }),
      fakes.faults.inject({
        vendor: "resend",
        endpoint: "contacts.delete",
        fault: { kind: "rate-limit", retryAfterSeconds: 0 },
        times: 1,
      }),
    ];
    const { receiptId } = await client.deletions.create({ targets: [{ type: "contact", id: contact.id }] });
    await runJobs();
    const receipt = await client.erasureReceipts.get(receiptId);
    expect(receipt.status).toBe("completed");
    expect(rules.map((rule) => rule.counts().retried)).toEqual([2, 1, 1]);
    const atVendors = receipt.deleted.filter((line) => line.location.type === "subprocessor");
    expect(atVendors.map((line) => [line.recordType, line.count]).sort()).toEqual([
      ["email-contact", 1],
      ["message", 1],
      ["recording", 1],
    ]);
    expect(
      fakes.twilio.heldFor({ phone, accountSid }).flatMap((h) => [...h.messages, ...h.recordings]),
    ).toEqual([]);
    expect(fakes.resend.contactsFor({ email })).toEqual([]);
  });

  it("leaves the erasure in progress while a vendor keeps failing, retrying before the deadline", async () => {
    const { client, tenant } = await signUp(reference);
    const { contact, email } = await contactWithCopies(client);
    const down = fakes.faults.inject({
      vendor: "resend",
      endpoint: "contacts.delete",
      fault: { kind: "status", status: 503 },
    });
    const { receiptId } = await client.deletions.create({ targets: [{ type: "contact", id: contact.id }] });
    const dueAt = Date.parse((await client.erasureReceipts.get(receiptId)).dueAt);
    const continuations = () =>
      reference.platform.database.transaction((tx) =>
        tx.query<{ due_at: Date }>(
          `SELECT due_at FROM catalog.jobs WHERE kind = 'erasure-run' AND status = 'pending' AND tenant_id = $1
             AND payload->>'receiptId' = $2`,
          [tenant.id, receiptId],
        ),
      );
    for (let pass = 0; pass < 3; pass++) {
      await runJobs();
      // Never reported done: the receipt is in progress, the vendor still holds the contact.
      expect((await client.erasureReceipts.get(receiptId)).status).toBe("in_progress");
      expect(fakes.resend.contactsFor({ email })).toHaveLength(1);
      const [next] = await continuations();
      expect(next?.due_at.getTime()).toBeGreaterThan(clock.now().getTime());
      expect(next?.due_at.getTime()).toBeLessThan(dueAt);
      clock.set(next?.due_at as Date);
    }
    expect(down.counts().injected).toBe(3 * 4);
    down.remove();
    await runJobs();
    const receipt = await client.erasureReceipts.get(receiptId);
    expect(receipt.status).toBe("completed");
    expect(Date.parse(receipt.completedAt ?? "")).toBeLessThan(dueAt);
    expect(fakes.resend.contactsFor({ email })).toEqual([]);
    expect(receipt.deleted.find((line) => line.recordType === "email-contact")?.count).toBe(1);
  });

  it("schedules a continuation no later than halfway to a deadline still ahead", () => {
    const now = new Date("2026-04-02T00:00:00.000Z");
    const soon = new Date("2026-04-02T00:10:00.000Z");
    expect(continuationDue(now, soon, "PT6H").toISOString()).toBe("2026-04-02T00:05:00.000Z");
    expect(continuationDue(now, new Date("2026-05-01T00:00:00.000Z"), "PT5M").toISOString()).toBe(
      "2026-04-02T00:05:00.000Z",
    );
    // Past the deadline the backoff alone decides (the receipt stays in progress meanwhile).
    expect(continuationDue(soon, now, "PT1M").toISOString()).toBe("2026-04-02T00:11:00.000Z");
  });
});
