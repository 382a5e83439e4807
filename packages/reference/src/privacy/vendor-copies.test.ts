import { randomBytes } from "node:crypto";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { ProblemError } from "../platform/problem.js";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { tenantSql } from "../test-support/data-plane.js";
import { manualClock } from "../test-support/manual-clock.js";
import {
  deleteCallRecording,
  deleteEmailContact,
  deleteMessagingMessage,
  deletePaymentsCustomer,
  deleteStoredFile,
  type VendorOrigin,
} from "./vendor-copies.js";

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe.each(drivers)("vendor copies' deletion on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-02T14:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `vendor-copies-${driver}`, clock: clock.now });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const storeId = `refcopies${randomBytes(6).toString("hex")}`;
  const stripeKey = `sk_test_copies${randomBytes(6).toString("hex")}`;
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "twilio-auth-token");
    reference = await bootReference(driver, {
      clock,
      fetch: (request) => fakes.fetch(request),
      parts: {
        messaging: {
          twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
          resend: { apiKey: "re_test_copies_key", from: "crm@acme.example" },
        },
        credentials: {
          stripe: stripeKey,
          vercel: `vercel_blob_rw_${storeId}_${randomBytes(8).toString("hex")}`,
        },
      },
    });
  });

  const inTenant = <T>(tenantId: string, fn: (origin: VendorOrigin) => Promise<T>) =>
    reference.platform.database.transaction((tx) => fn({ platform: reference.platform, tenantId, tx }));

  it("deletes a message and a recording at the messaging provider; a refusal throws; gone is done", async () => {
    const { client, tenant } = await signUp(reference);
    const phone = "+14155550131";
    const contact = await client.contacts.create({ name: "Grace", phone });
    const sms = await client.messages.send({ contactId: contact.id, channel: "sms", body: "Hi" });
    const call = await client.calls.create({
      contactId: contact.id,
      kind: "call",
      direction: "outbound",
      durationSeconds: 4,
    });
    // A rate limit is not "gone": one asking longer than a call waits is left to the caller's job.
    fakes.faults.inject({
      vendor: "twilio",
      endpoint: "messages.delete",
      fault: { kind: "rate-limit", retryAfterSeconds: 60 },
      times: 1,
    });
    await expect(
      inTenant(tenant.id, (o) => deleteMessagingMessage(o, sms.provider.externalId ?? "")),
    ).rejects.toBeInstanceOf(ProblemError);
    expect(await inTenant(tenant.id, (o) => deleteMessagingMessage(o, sms.provider.externalId ?? ""))).toBe(
      "deleted",
    );
    expect(await inTenant(tenant.id, (o) => deleteMessagingMessage(o, sms.provider.externalId ?? ""))).toBe(
      "absent",
    );
    const recording = call.recording.externalId ?? "";
    expect(await inTenant(tenant.id, (o) => deleteCallRecording(o, recording))).toBe("deleted");
    expect(await inTenant(tenant.id, (o) => deleteCallRecording(o, recording))).toBe("absent");
    const held = fakes.twilio.heldFor({ phone, accountSid });
    expect(held.flatMap((h) => [...h.messages, ...h.recordings])).toEqual([]);
  });

  it("deletes a contact at the email provider, a photo at file storage and the payments customer", async () => {
    const { client, tenant, owner } = await signUp(reference);
    const email = `erase.${randomBytes(3).toString("hex")}@example.com`;
    await client.contacts.create({ name: "Ada", email });
    const [audience] = await tenantSql<{ external_id: string }>(
      reference,
      tenant.id,
      "SELECT external_id FROM email_audiences",
    );
    const [stored] = await tenantSql<{ email_contact_id: string }>(
      reference,
      tenant.id,
      "SELECT email_contact_id FROM contacts",
    );
    const audienceId = audience?.external_id ?? "";
    const contactId = stored?.email_contact_id ?? "";
    expect(await inTenant(tenant.id, (o) => deleteEmailContact(o, audienceId, contactId))).toBe("deleted");
    expect(await inTenant(tenant.id, (o) => deleteEmailContact(o, audienceId, contactId))).toBe("absent");
    expect(fakes.resend.contactsFor({ email })).toEqual([]);

    const user = await client.users.uploadProfilePhoto(owner.id, { data: png, contentType: "image/png" });
    const [photo] = await tenantSql<{ url: string }>(reference, tenant.id, "SELECT url FROM profile_photos");
    expect(await inTenant(tenant.id, (o) => deleteStoredFile(o, "vercel", photo?.url ?? ""))).toBe("deleted");
    expect(fakes.blob.under(user.profilePhoto?.objectId ?? "", { storeId })).toEqual([]);

    const billing = await client.billing.changePlan({ plan: "growth" });
    const customerId = billing.customer.externalId ?? "";
    expect(await inTenant(tenant.id, (o) => deletePaymentsCustomer(o, customerId))).toBe("deleted");
    expect(await inTenant(tenant.id, (o) => deletePaymentsCustomer(o, customerId))).toBe("absent");
    expect(fakes.stripe.customerWithInvoices({ apiKey: stripeKey, tenantId: tenant.id })).toBeUndefined();
  });

  it("throws on a vendor failure other than not-found", async () => {
    const { tenant } = await signUp(reference);
    fakes.faults.inject({
      vendor: "twilio",
      endpoint: "recordings.delete",
      fault: { kind: "status", status: 500 },
      times: 4,
    });
    await expect(inTenant(tenant.id, (o) => deleteCallRecording(o, "RE0000"))).rejects.toMatchObject({
      slug: "unavailable",
    });
  });
});
