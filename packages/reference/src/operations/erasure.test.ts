import { randomBytes, randomUUID } from "node:crypto";
import { AuthenticationError, ConflictError, NotFoundError, ValidationError } from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { addDuration, availableUntil } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import { findTenant } from "../platform/tenant-records.js";
import { defaultEraser } from "../privacy/default-eraser.js";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { callAs, tenantSql } from "../test-support/data-plane.js";
import { digestOf, schemaOf } from "../test-support/digest.js";
import { png, rowsHolding, salesforceWith } from "../test-support/erasure-fixtures.js";
import { signInAs } from "../test-support/identity.js";
import { manualClock, runDueJobs } from "../test-support/manual-clock.js";

describe.each(drivers)("erasure on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-02T14:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `erasure-${driver}`, clock: clock.now });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const storeId = `referase${randomBytes(6).toString("hex")}`;
  const stripeKey = `sk_test_erase${randomBytes(6).toString("hex")}`;
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "twilio-auth-token");
    reference = await bootReference(driver, {
      clock,
      fetch: (request) => fakes.fetch(request),
      parts: {
        messaging: {
          twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
          resend: { apiKey: "re_test_erasure_key", from: "crm@acme.example" },
        },
        credentials: {
          stripe: stripeKey,
          vercel: `vercel_blob_rw_${storeId}_${randomBytes(8).toString("hex")}`,
        },
      },
    });
  });

  const runJobs = () => runDueJobs(reference, clock.now());
  const policy = () => reference.platform.policy;

  /** A contact with data in every category the CRM holds about contacts, here and at the vendors. */
  async function seededContact(client: Awaited<ReturnType<typeof signUp>>["client"]) {
    const suffix = randomBytes(3).toString("hex");
    const email = `grace.${suffix}@example.com`;
    const phone = `+1415555${String(1000 + Math.floor(Math.random() * 8999))}`;
    const contact = await client.contacts.create({
      name: `Grace Erased ${suffix}`,
      email,
      phone,
      customFields: { secretTier: `tier-${suffix}` },
      consent: { marketingEmail: true, marketingSms: true },
    });
    const note = await client.crmObjects.create({
      type: "note",
      name: `Note about ${suffix}`,
      contactIds: [contact.id],
    });
    const sms = await client.messages.send({ contactId: contact.id, channel: "sms", body: `Body ${suffix}` });
    const mail = await client.messages.send({
      contactId: contact.id,
      channel: "email",
      subject: `Subject ${suffix}`,
      body: `Mail ${suffix}`,
    });
    const call = await client.calls.create({
      contactId: contact.id,
      kind: "voicemail",
      direction: "inbound",
      durationSeconds: 12,
      transcript: `Transcript ${suffix}`,
    });
    await client.telemetry.recordEvent({
      type: "feature-use",
      name: "contact-opened",
      contactId: contact.id,
    });
    return { contact, note, sms, mail, call, email, phone, suffix };
  }

  it("erases a contact everywhere: every table, every vendor copy, replays; never syncs it back", async () => {
    const { client, tenant, session } = await signUp(reference);
    const seeded = await seededContact(client);
    const { contact, email, phone, suffix } = seeded;
    const { instanceUrl, accessToken } = await salesforceWith(fakes, email);
    const integration = await client.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl: instanceUrl, accessToken },
    });
    await client.integrations.sync(integration.id);
    const other = await client.contacts.create({ name: "Kept Contact", email: "kept.contact@example.com" });
    // A replayable response that holds the subject: a message sent under an Idempotency-Key.
    const call = callAs(reference, session.token);
    const key = `erase-${suffix}`;
    const replayBody = { contactId: contact.id, channel: "sms", body: `Replayed ${suffix}` };
    const first = await call("POST", "/messages", replayBody, { "idempotency-key": key });
    expect(first.status).toBe(201);
    const replayedId = ((await first.json()) as { provider: { externalId: string } }).provider.externalId;
    clock.advance(60_000);

    const deletion = await client.deletions.create({
      targets: [{ type: "contact", id: contact.id }],
      reason: "Asked to be forgotten.",
    });
    expect(deletion).toMatchObject({
      tenantId: tenant.id,
      status: "in_progress",
      requestedAt: clock.now().toISOString(),
      dueAt: addDuration(clock.now(), policy().rights.erasureWithin).toISOString(),
      completedAt: null,
    });
    expect((await client.erasureReceipts.get(deletion.receiptId)).status).toBe("in_progress");
    expect(await runJobs()).toBeGreaterThan(0);

    const receipt = await client.erasureReceipts.get(deletion.receiptId);
    expect(receipt).toMatchObject({
      source: { type: "deletion", id: deletion.id },
      subject: { type: "contact", contactId: contact.id },
      status: "completed",
      completedAt: clock.now().toISOString(),
    });
    const deleted = (recordType: string, where: string) =>
      receipt.deleted.find(
        (d) =>
          d.recordType === recordType &&
          (d.location.type === "platform" ? "platform" : d.location.subprocessorId) === where,
      )?.count;
    expect(deleted("contact", "platform")).toBe(1);
    expect(deleted("message", "platform")).toBe(3);
    expect(deleted("call", "platform")).toBe(1);
    expect(deleted("crm-object", "platform")).toBe(1);
    expect(deleted("integration-record", "platform")).toBe(1);
    expect(deleted("telemetry-event", "platform")).toBe(1);
    // Every stored response naming the contact (the SDK sends a key with each write) is gone.
    expect(deleted("idempotent-response", "platform")).toBeGreaterThanOrEqual(1);
    expect(deleted("message", "twilio")).toBe(2);
    expect(deleted("recording", "twilio")).toBe(1);
    expect(deleted("email-contact", "resend")).toBe(1);
    expect(receipt.notDeletable).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          recordType: "sent-email",
          count: 1,
          location: expect.objectContaining({ subprocessorId: "resend" }),
        }),
      ]),
    );
    // Nothing of a contact is under a legal hold here: no billing, no audit entry names it.
    expect(receipt.retained).toEqual([]);
    expect(receipt.suppressedIdentifiers.map((s) => [s.identifier, s.count, s.form]).sort()).toEqual([
      ["email", 1, "hmac-sha256"],
      ["integration-record-id", 1, "hmac-sha256"],
      ["phone", 1, "hmac-sha256"],
    ]);
    expect((await client.deletions.get(deletion.id)).status).toBe("completed");

    // Gone from every table of the tenant's schema, by value.
    const values = [email, phone.slice(2), `Grace Erased ${suffix}`, `tier-${suffix}`, `Body ${suffix}`];
    values.push(`Mail ${suffix}`, `Transcript ${suffix}`, `Note about ${suffix}`, `Replayed ${suffix}`);
    expect(await rowsHolding(reference, tenant.id, values)).toEqual([]);
    // And at the vendors.
    const held = fakes.twilio.heldFor({ phone, accountSid });
    expect(held.flatMap((h) => [...h.messages, ...h.recordings])).toEqual([]);
    expect(fakes.resend.contactsFor({ email })).toEqual([]);
    expect(replayedId).toMatch(/^SM/);

    // The pre-erasure key gives nothing of the subject back.
    const replay = await call("POST", "/messages", replayBody, { "idempotency-key": key });
    expect(replay.status).toBe(404);
    expect(await replay.text()).not.toContain(contact.id);

    // A later sync skips the erased subject's record, a deliberate new contact of the person is allowed.
    const run = await client.integrations.sync(integration.id);
    expect(run.recordsSkipped).toBe(1);
    // Nor does telemetry naming the erased address: raw events and aggregates keep a placeholder.
    const event = await client.telemetry.recordEvent({
      type: "page-view",
      name: `/search/${email}`,
      properties: { query: `from ${email}`, phone },
    });
    expect(event.name).toBe("/search/{email}");
    expect(event.properties).toEqual({ query: "from {email}", phone: "{phone}" });
    expect(await rowsHolding(reference, tenant.id, [email, phone.slice(2)])).toEqual([]);
    const again = await client.contacts.create({ name: "Grace Again", email });
    expect(again.id).not.toBe(contact.id);
    expect((await client.contacts.get(other.id)).email).toBe("kept.contact@example.com");
    const events = await tenantSql<{ type: string }>(
      reference,
      tenant.id,
      "SELECT type FROM callback_events",
    );
    expect(events.map((e) => e.type)).toContain("erasureReceipt.completed");
  });

  it("erases a user: photo at file storage, sessions; a billing hold keeps the payments customer and invoices with its date", async () => {
    const signedUp = await signUp(reference);
    const { tenant, owner } = signedUp;
    const invoice = await signedUp.client.invoices.create({
      description: "Growth plan",
      amount: { amount: 4900, currency: "usd" },
    });
    await signedUp.client.users.uploadProfilePhoto(owner.id, { data: png, contentType: "image/png" });
    // A second owner takes over, so the first (whose email the payments customer carries) can go.
    const { user: second, client } = await signInAs(reference, signedUp, "owner");
    const [ownerRow] = await tenantSql<{ email: string; name: string }>(
      reference,
      tenant.id,
      "SELECT email, name FROM users WHERE id = $1",
      [owner.id],
    );
    const { receiptId } = await client.deletions.create({ targets: [{ type: "user", id: owner.id }] });
    await runJobs();
    const receipt = await client.erasureReceipts.get(receiptId);
    expect(receipt.status).toBe("completed");
    expect(receipt.deleted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recordType: "user", count: 1 }),
        expect.objectContaining({
          recordType: "profile-photo",
          location: { type: "subprocessor", subprocessorId: "vercel", service: "blob-storage" },
        }),
      ]),
    );
    expect(fakes.blob.under(`tenants/${tenant.id}/users/${owner.id}/`, { storeId })).toEqual([]);
    const rule = Object.entries(policy().retention).find(([, r]) => r.anchors.includes("invoiceIssued"));
    const until = availableUntil(rule?.[1] as NonNullable<typeof rule>[1], new Date(invoice.issuedAt));
    expect(receipt.retained).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          category: "billing",
          location: { type: "subprocessor", subprocessorId: "stripe", service: "payments" },
          recordType: "customer",
          retentionRule: rule?.[0],
          legalBasis: rule?.[1].hold?.legalBasis,
          retainedUntil: until.toISOString(),
        }),
        expect.objectContaining({ recordType: "invoice", deletableThroughVendorApi: false, count: 1 }),
      ]),
    );
    expect(receipt.deleted.some((d) => d.recordType === "customer")).toBe(false);
    const audit = Object.entries(policy().retention).find(([, r]) => r.hold && r.records.includes("audit"));
    expect(receipt.retained).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          recordType: "audit-entry",
          retentionRule: audit?.[0],
          legalBasis: audit?.[1].hold?.legalBasis,
        }),
      ]),
    );
    const held = fakes.stripe.customerWithInvoices({ apiKey: stripeKey, tenantId: tenant.id });
    expect(held?.invoices.map((i) => i.id)).toEqual([invoice.provider.externalId]);
    expect(await client.invoices.get(invoice.id)).toMatchObject({ id: invoice.id });
    expect(
      await rowsHolding(reference, tenant.id, [ownerRow?.email ?? "missing", ownerRow?.name ?? "missing"]),
    ).toEqual([]);
    // Only the legal hold (the audit trail) and the erasure's own records name the user, by id.
    const named = await rowsHolding(reference, tenant.id, [owner.id]);
    expect(named.filter((r) => !/^(audit_entries|erasure_receipts|deletions):/.test(r))).toEqual([]);
    expect(named).toContain(`audit_entries: ${owner.id}`);
    expect((await client.users.get(second.id)).id).toBe(second.id);
    await expect(signedUp.client.users.get(second.id)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("deletes the payments customer when no billing hold applies", async () => {
    const signedUp = await signUp(reference);
    const { tenant, owner } = signedUp;
    const billing = await signedUp.client.billing.changePlan({ plan: "growth" });
    const { client } = await signInAs(reference, signedUp, "owner");
    const { receiptId } = await client.deletions.create({ targets: [{ type: "user", id: owner.id }] });
    await runJobs();
    const receipt = await client.erasureReceipts.get(receiptId);
    expect(receipt.deleted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          recordType: "customer",
          location: { type: "subprocessor", subprocessorId: "stripe", service: "payments" },
        }),
      ]),
    );
    expect(receipt.retained.some((r) => r.category === "billing")).toBe(false);
    expect(fakes.stripe.customerWithInvoices({ apiKey: stripeKey, tenantId: tenant.id })).toBeUndefined();
    const schema = await schemaOf(reference, tenant.id);
    expect(schema).toBeTruthy();
    const [link] = await reference.platform.database.ownerTransaction((tx) =>
      tx.query("SELECT 1 FROM catalog.billing_customers WHERE tenant_id = $1 AND external_id = $2", [
        tenant.id,
        billing.customer.externalId,
      ]),
    );
    expect(link).toBeUndefined();
  });

  it("erases a user's integration records matched by email, keeps their ids as hashes; a re-sync skips them", async () => {
    const { client, tenant } = await signUp(reference);
    const suffix = randomBytes(3).toString("hex");
    const user = await client.users.create({
      name: `Ursula Synced ${suffix}`,
      email: `ursula.${suffix}@acme.example`,
      role: "viewer",
      birthDate: "1985-05-05",
    });
    const { instanceUrl, accessToken } = await salesforceWith(fakes, user.email);
    const integration = await client.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl: instanceUrl, accessToken },
    });
    await client.integrations.sync(integration.id);
    const synced = async () =>
      (
        await tenantSql<{ subject_email: string | null }>(
          reference,
          tenant.id,
          "SELECT subject_email FROM integration_records",
        )
      )
        .map((r) => r.subject_email)
        .sort();
    expect(await synced()).toEqual(["kept.other@example.com", user.email].sort());

    const { receiptId } = await client.deletions.create({ targets: [{ type: "user", id: user.id }] });
    await runJobs();
    const receipt = await client.erasureReceipts.get(receiptId);
    expect(receipt.status).toBe("completed");
    expect(receipt.deleted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          category: "integration",
          recordType: "integration-record",
          location: { type: "platform" },
          count: 1,
        }),
      ]),
    );
    expect(receipt.suppressedIdentifiers.map((s) => [s.identifier, s.count, s.form]).sort()).toEqual([
      ["email", 1, "hmac-sha256"],
      ["integration-record-id", 1, "hmac-sha256"],
    ]);
    // Gone by SQL; the other person's record stays.
    expect(await synced()).toEqual(["kept.other@example.com"]);
    expect(await rowsHolding(reference, tenant.id, [user.email])).toEqual([]);
    // A later sync skips it: matched by the kept hashes, never stored again.
    const run = await client.integrations.sync(integration.id);
    expect(run.recordsSkipped).toBe(1);
    expect(await synced()).toEqual(["kept.other@example.com"]);
  });

  it("erases stored replays naming the subject by name only, for a contact and a user", async () => {
    const { client, tenant, session } = await signUp(reference);
    const suffix = randomBytes(3).toString("hex");
    const contact = await client.contacts.create({
      name: `Nadia Named ${suffix}`,
      email: `nadia.${suffix}@x.example`,
    });
    const user = await client.users.create({
      name: `Ulrich Named ${suffix}`,
      email: `ulrich.${suffix}@acme.example`,
      role: "viewer",
      birthDate: "1985-05-05",
    });
    // Responses that echo the subject's name and nothing else of it (no id, email, phone).
    const call = callAs(reference, session.token);
    const echo = async (name: string, key: string) => {
      const response = await call("POST", "/crm-objects", { type: "note", name }, { "idempotency-key": key });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const stored = async (key: string) =>
      (
        await reference.platform.database.ownerTransaction((tx) =>
          tx.query("SELECT 1 FROM catalog.idempotent_responses WHERE tenant_id = $1 AND key = $2", [
            tenant.id,
            key,
          ]),
        )
      ).length;
    const keys = {
      contact: `name-contact-${suffix}`,
      user: `name-user-${suffix}`,
      other: `name-other-${suffix}`,
    };
    const ids = {
      contact: await echo(`Call ${contact.name} back`, keys.contact),
      user: await echo(`Ask ${user.name} to review`, keys.user),
      other: await echo(`Unrelated ${suffix}`, keys.other),
    };
    expect([await stored(keys.contact), await stored(keys.user), await stored(keys.other)]).toEqual([
      1, 1, 1,
    ]);
    // Replays answer the stored response while it exists.
    expect(await echo(`Call ${contact.name} back`, keys.contact)).toBe(ids.contact);

    const deletion = await client.deletions.create({
      targets: [
        { type: "contact", id: contact.id },
        { type: "user", id: user.id },
      ],
    });
    await runJobs();
    const receipt = await client.erasureReceipts.get(deletion.receiptId);
    expect(receipt.status).toBe("completed");
    expect([await stored(keys.contact), await stored(keys.user), await stored(keys.other)]).toEqual([
      0, 0, 1,
    ]);
    // The pre-erasure keys no longer replay a response naming them; the unrelated one still does.
    expect(await echo(`Call ${contact.name} back`, keys.contact)).not.toBe(ids.contact);
    expect(await echo(`Ask ${user.name} to review`, keys.user)).not.toBe(ids.user);
    expect(await echo(`Unrelated ${suffix}`, keys.other)).toBe(ids.other);
  });

  it("deletes single records early, with their vendor copies, leaving the contact", async () => {
    const { client, tenant } = await signUp(reference);
    const seeded = await seededContact(client);
    const deletion = await client.deletions.create({
      targets: [
        { type: "message", id: seeded.sms.id },
        { type: "call", id: seeded.call.id },
        { type: "crm-object", id: seeded.note.id },
      ],
    });
    await runJobs();
    const receipt = await client.erasureReceipts.get(deletion.receiptId);
    expect(receipt).toMatchObject({ subject: null, status: "completed", suppressedIdentifiers: [] });
    const lines = receipt.deleted.map((d) => [
      d.recordType,
      d.location.type === "platform" ? "platform" : d.location.subprocessorId,
      d.count,
    ]);
    expect(lines.sort()).toEqual(
      [
        ["call", "platform", 1],
        ["crm-object", "platform", 1],
        ["message", "platform", 1],
        ["message", "twilio", 1],
        ["recording", "twilio", 1],
      ].sort(),
    );
    expect(
      await rowsHolding(reference, tenant.id, [`Body ${seeded.suffix}`, `Transcript ${seeded.suffix}`]),
    ).toEqual([]);
    expect(await client.contacts.get(seeded.contact.id)).toMatchObject({ email: seeded.email });
    expect((await client.messages.get(seeded.mail.id)).id).toBe(seeded.mail.id);
    const held = fakes.twilio.heldFor({ phone: seeded.phone, accountSid });
    expect(held.flatMap((h) => h.messages.map((m) => (m as { sid: string }).sid))).not.toContain(
      seeded.sms.provider.externalId,
    );
    expect(held.flatMap((h) => h.recordings)).toEqual([]);
  });

  it("counts a contact's message once when a deletion names both", async () => {
    const { client } = await signUp(reference);
    const seeded = await seededContact(client);
    const { receiptId } = await client.deletions.create({
      targets: [
        { type: "contact", id: seeded.contact.id },
        { type: "message", id: seeded.sms.id },
        { type: "message", id: seeded.mail.id },
      ],
    });
    await runJobs();
    const receipt = await client.erasureReceipts.get(receiptId);
    expect(receipt.subject).toBeNull();
    const at = (recordType: string, where: string) =>
      receipt.deleted.find(
        (d) =>
          d.recordType === recordType &&
          (d.location.type === "platform" ? "platform" : d.location.subprocessorId) === where,
      )?.count;
    expect([at("message", "twilio"), at("message", "platform"), at("contact", "platform")]).toEqual([
      1, 2, 1,
    ]);
    expect(receipt.notDeletable.map((n) => [n.recordType, n.count])).toEqual(
      expect.arrayContaining([["sent-email", 1]]),
    );
  });

  it("runs on the tenant's test clock: the erasure completes when the clock advances, dated by it", async () => {
    const operator = reference.operator();
    const testClock = await operator.testClocks.create({ frozenTime: "2031-03-01T09:00:00.000Z" });
    const { client, tenant } = await signUp(reference, { testClockId: testClock.id });
    const contact = await client.contacts.create({
      name: "Clocked",
      email: `clocked.${tenant.id}@example.com`,
    });
    const deletion = await client.deletions.create({ targets: [{ type: "contact", id: contact.id }] });
    expect(deletion.dueAt).toBe(
      addDuration(new Date("2031-03-01T09:00:00.000Z"), policy().rights.erasureWithin).toISOString(),
    );
    await runJobs();
    expect((await client.deletions.get(deletion.id)).status).toBe("in_progress");
    await operator.testClocks.advanceAndWait(testClock.id, { frozenTime: "2031-03-02T09:00:00.000Z" });
    expect(await client.deletions.get(deletion.id)).toMatchObject({
      status: "completed",
      completedAt: "2031-03-01T09:00:00.000Z",
    });
    await expect(client.contacts.get(contact.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("resumes after a vendor failing past its retries, never deleting an object twice", async () => {
    const { client } = await signUp(reference);
    const seeded = await seededContact(client);
    const before = fakes.requests({ vendor: "twilio", endpoint: "messages.delete" }).length;
    // The recording's deletion fails on every attempt of the call, after the message's went through.
    const rule = fakes.faults.inject({
      vendor: "twilio",
      endpoint: "recordings.delete",
      fault: { kind: "status", status: 503 },
      times: 4,
    });
    const { receiptId } = await client.deletions.create({
      targets: [{ type: "contact", id: seeded.contact.id }],
    });
    // Not done, not failed: the receipt stays in progress and a continuation is due before its deadline.
    expect(await runJobs()).toBe(1);
    expect(rule.counts()).toMatchObject({ injected: 4, retried: 3 });
    const pending = await client.erasureReceipts.get(receiptId);
    expect(pending.status).toBe("in_progress");
    expect(fakes.requests({ vendor: "twilio", endpoint: "messages.delete" }).length).toBe(before + 1);
    clock.advance(2 * 60_000);
    expect(clock.now().getTime()).toBeLessThan(Date.parse(pending.dueAt));
    await runJobs();
    expect(fakes.requests({ vendor: "twilio", endpoint: "messages.delete" }).length).toBe(before + 1);
    const receipt = await client.erasureReceipts.get(receiptId);
    expect(receipt.status).toBe("completed");
    expect(receipt.deleted.find((d) => d.recordType === "recording")?.count).toBe(1);
    expect(fakes.twilio.heldFor({ phone: seeded.phone, accountSid }).flatMap((h) => h.recordings)).toEqual(
      [],
    );
  });

  it("waits for a message still being delivered, then deletes it, without repeating the other deletions", async () => {
    const { client } = await signUp(reference);
    const seeded = await seededContact(client);
    const count = (endpoint: string) => fakes.requests({ vendor: "twilio", endpoint }).length;
    const contactDeletions = () => fakes.requests({ vendor: "resend", endpoint: "contacts.delete" }).length;
    const before = {
      messages: count("messages.delete"),
      recordings: count("recordings.delete"),
      contacts: contactDeletions(),
    };
    fakes.faults.inject({
      vendor: "twilio",
      endpoint: "messages.delete",
      fault: { kind: "status", status: 409 },
      times: 1,
    });
    const { receiptId } = await client.deletions.create({
      targets: [{ type: "contact", id: seeded.contact.id }],
    });
    // The busy message ends the job without failing it; its continuation is due a little later.
    expect(await runJobs()).toBe(1);
    expect((await client.erasureReceipts.get(receiptId)).status).toBe("in_progress");
    clock.advance(10 * 60_000);
    await runJobs();
    const receipt = await client.erasureReceipts.get(receiptId);
    expect(receipt.status).toBe("completed");
    expect(
      receipt.deleted.find((d) => d.recordType === "message" && d.location.type !== "platform")?.count,
    ).toBe(1);
    expect(receipt.deleted.find((d) => d.recordType === "recording")?.count).toBe(1);
    expect(count("messages.delete")).toBe(before.messages + 2);
    expect(count("recordings.delete")).toBe(before.recordings + 1);
    // The email contact went before the busy message: the continuation does not delete it again.
    expect(contactDeletions()).toBe(before.contacts + 1);
    expect(fakes.twilio.heldFor({ phone: seeded.phone, accountSid }).flatMap((h) => h.messages)).toEqual([]);
  });

  it("refuses bad targets, the last owner and roles without the permission, writing nothing", async () => {
    const { client, tenant, owner } = await signUp(reference);
    const schema = await schemaOf(reference, tenant.id);
    const digest = await digestOf(reference, [schema]);
    await expect(
      client.deletions.create({ targets: [{ type: "contact", id: randomUUID() }] }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      client.deletions.create({ targets: [{ type: "user", id: owner.id }] }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      client.minorReports.create({ subject: { type: "contact", contactId: randomUUID() } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(client.erasureReceipts.get(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.deletions.get(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.rightsRequests.getReceipt(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    expect(await digestOf(reference, [schema])).toBe(digest);
    const [job] = await reference.platform.database.transaction((tx) =>
      tx.query("SELECT 1 FROM catalog.jobs WHERE tenant_id = $1 AND kind = 'erasure-run'", [tenant.id]),
    );
    expect(job).toBeUndefined();
  });

  it("erases a child's reported data within the policy's period, with its receipt and callback event", async () => {
    const { client, tenant } = await signUp(reference);
    const seeded = await seededContact(client);
    const report = await client.minorReports.create({
      subject: { type: "contact", contactId: seeded.contact.id },
      note: "Reported as 15.",
    });
    expect(report).toMatchObject({
      status: "in_progress",
      dueAt: addDuration(clock.now(), policy().rights.minorDataDeletionWithin).toISOString(),
    });
    await runJobs();
    expect(await client.minorReports.get(report.id)).toMatchObject({
      status: "completed",
      completedAt: clock.now().toISOString(),
    });
    const receipt = await client.erasureReceipts.get(report.receiptId);
    expect(receipt.source).toEqual({ type: "minor-report", id: report.id });
    expect(await rowsHolding(reference, tenant.id, [seeded.email, `Body ${seeded.suffix}`])).toEqual([]);
    const listed = await client.minorReports.list();
    expect(listed.data.map((r) => r.id)).toEqual([report.id]);
    const completed = await client.erasureReceipts.list({ status: "completed" });
    expect(completed.data.map((r) => r.id)).toEqual([report.receiptId]);
    const events = await tenantSql<{ type: string }>(
      reference,
      tenant.id,
      "SELECT type FROM callback_events",
    );
    expect(events.map((e) => e.type).sort()).toEqual(["erasureReceipt.completed", "minorReport.completed"]);
  });

  it("answers a rights request's receipt, and schedules the rights group's settle job with it", async () => {
    const { client, tenant } = await signUp(reference);
    const first = await client.contacts.create({ name: "First", email: `first.${tenant.id}@example.com` });
    const second = await client.contacts.create({ name: "Second", email: `second.${tenant.id}@example.com` });
    const schema = await schemaOf(reference, tenant.id);
    const start = (contactId: string, rightsRequestId: string) =>
      reference.platform.database.transaction(
        async (tx) => {
          const record = await findTenant(tx, tenant.id);
          if (!record) throw new Error("no tenant");
          return defaultEraser.start(
            { tx, platform: reference.platform, tenant: record, now: clock.now() },
            {
              source: { type: "rights-request", id: rightsRequestId },
              subject: { type: "contact", contactId },
              dueAt: addDuration(clock.now(), policy().rights.erasureWithin),
              requestedBy: { type: "system", id: "test" },
            },
          );
        },
        { searchPath: [schema, "catalog"] },
      );
    const settleJobs = () =>
      reference.platform.database.transaction((tx) =>
        tx.query<{ payload: unknown }>(
          "SELECT payload FROM catalog.jobs WHERE tenant_id = $1 AND kind = 'rights-requests-settle'",
          [tenant.id],
        ),
      );
    const rightsRequestId = randomUUID();
    const { receiptId } = await start(first.id, rightsRequestId);
    await runJobs();
    expect(await client.rightsRequests.getReceipt(rightsRequestId)).toMatchObject({
      id: receiptId,
      status: "completed",
    });
    expect((await settleJobs()).map((job) => job.payload)).toEqual([
      { rightsRequestId, settlement: { type: "erasure", receiptId } },
    ]);
    await expect(client.contacts.get(second.id)).resolves.toMatchObject({ id: second.id });
  });
});
