import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { describe, expect, it } from "vitest";
import { createLogger } from "../platform/logger.js";
import { bootReference, signUp } from "../test-support/boot.js";
import { callAs } from "../test-support/data-plane.js";

describe("data-plane logging", () => {
  it("logs CRM, telemetry, billing and photo calls, refused ones and vendor failures, with no personal data", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const fakes = createSubprocessorFakes({ seed: "reference-data-plane-logs" });
    const stripeKey = `sk_test_logs${randomBytes(6).toString("hex")}`;
    const storeId = `logs${randomBytes(6).toString("hex")}`;
    const resendKey = "re_test_data_plane_logs";
    const reference = await bootReference("pglite", {
      logger: createLogger({ level: "debug", destination }),
      fetch: (request) => fakes.fetch(request),
      parts: {
        credentials: { stripe: stripeKey, vercel: `vercel_blob_rw_${storeId}_secret` },
        messaging: { resend: { apiKey: resendKey, from: "crm@acme.example" } },
      },
    });
    const { client, owner, session } = await signUp(reference);
    const known = {
      name: "Grace Brewster Hopper",
      email: "grace.logged@navy.example",
      phone: "+15555550199",
      company: "Logged Navy Yard",
      field: "logged-secret-tier",
      note: "Logged confidential deal",
      invoice: "Logged invoice for Grace",
    };
    const contact = await client.contacts.create({
      name: known.name,
      email: known.email,
      phone: known.phone,
      company: known.company,
      customFields: { tier: known.field },
    });
    await client.contacts.update(contact.id, { consent: { marketingEmail: true } });
    await client.crmObjects.create({ type: "deal", name: known.note, contactIds: [contact.id] });
    await client.telemetry.recordEvent({
      type: "page-view",
      name: `/search/${known.email}`,
      contactId: contact.id,
    });
    await client.billing.changePlan({ plan: "growth" });
    await client.invoices.create({ description: known.invoice, amount: { amount: 100, currency: "usd" } });
    const photo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    await client.users.uploadProfilePhoto(owner.id, { data: photo, contentType: "image/png" });
    const call = callAs(reference, session.token);
    await call("POST", "/contacts", { name: known.name, email: known.email, ssn: known.field });
    const rule = fakes.faults.inject({
      vendor: "stripe",
      endpoint: "invoices.create",
      credential: stripeKey,
      fault: { kind: "status", status: 500 },
    });
    expect(
      (
        await call("POST", "/invoices", {
          description: known.invoice,
          amount: { amount: 1, currency: "usd" },
        })
      ).status,
    ).toBe(503);
    rule.remove();

    const log = lines.join("");
    for (const operationId of [
      "createContact",
      "createCrmObject",
      "recordTelemetryEvent",
      "createInvoice",
      "uploadProfilePhoto",
    ]) {
      expect(log).toContain(`"operationId":"${operationId}"`);
    }
    expect(log).toContain("payments subprocessor call failed");
    for (const value of [
      ...Object.values(known),
      owner.email,
      owner.name,
      session.token,
      stripeKey,
      resendKey,
    ]) {
      expect(log).not.toContain(value);
    }
  });
});
