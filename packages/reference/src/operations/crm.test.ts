import { randomUUID } from "node:crypto";
import { openapiDocument } from "@crmfactory/api";
import { NotFoundError, ValidationError } from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { callAs, tenantSql } from "../test-support/data-plane.js";
import { failWritesTo } from "../test-support/forced-failure.js";
import { signInAs } from "../test-support/identity.js";

const sqlMetacharacters = `Robert'); DROP TABLE contacts; -- "\\ %_ ;`;

async function counts(reference: TestReference, tenantId: string) {
  const [row] = await tenantSql<{ contacts: number; objects: number; links: number }>(
    reference,
    tenantId,
    `SELECT (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM crm_objects) AS objects,
       (SELECT count(*)::int FROM crm_object_contacts) AS links`,
  );
  return row;
}

describe.each(drivers)("CRM on %s", (driver) => {
  let reference: TestReference;
  const fakes = createSubprocessorFakes({ seed: `reference-crm-${driver}` });
  const resendKey = `re_test_reference_crm_${driver}`;
  beforeAll(async () => {
    reference = await bootReference(driver, {
      fetch: (request) => fakes.fetch(request),
      parts: { messaging: { resend: { apiKey: resendKey, from: "crm@acme.example" } } },
    });
  });

  it("creates, reads, lists and changes contacts at the tenant's clock time, merging custom fields", async () => {
    const frozen = "2031-03-04T05:06:07.089Z";
    const clock = await reference.operator().testClocks.create({ frozenTime: frozen });
    const { client, tenant } = await signUp(reference, { testClockId: clock.id });
    const grace = await client.contacts.create({
      name: "Grace Hopper",
      email: "Grace@Navy.example",
      phone: "+15555550123",
      customFields: { tier: "gold", renewalMonth: 9, vip: true },
      consent: { marketingEmail: true },
    });
    expect(grace).toMatchObject({
      tenantId: tenant.id,
      name: "Grace Hopper",
      company: null,
      customFields: { tier: "gold", renewalMonth: 9, vip: true },
      consent: { marketingEmail: true, marketingSms: false, updatedAt: frozen },
      processingRestrictions: [],
      disqualified: false,
      source: { type: "platform", integrationId: null },
      createdAt: frozen,
      updatedAt: frozen,
    });
    const plain = await client.contacts.create({ name: "Ada" });
    expect(plain.consent).toEqual({ marketingEmail: false, marketingSms: false, updatedAt: null });
    expect(await client.contacts.get(grace.id)).toEqual(grace);

    const byEmail = await client.contacts.list({ email: "grace@navy.example" });
    expect(byEmail.data.map((c) => c.id)).toEqual([grace.id]);

    const changed = await client.contacts.update(grace.id, {
      customFields: { tier: "platinum", vip: null },
      consent: { marketingSms: true },
      email: null,
    });
    expect(changed.customFields).toEqual({ tier: "platinum", renewalMonth: 9 });
    expect(changed.consent).toEqual({ marketingEmail: true, marketingSms: true, updatedAt: frozen });
    expect(changed.email).toBeNull();
    expect(changed.phone).toBe("+15555550123");
    const [stored] = await tenantSql<{ custom_fields: unknown }>(
      reference,
      tenant.id,
      "SELECT custom_fields FROM contacts WHERE id = $1",
      [grace.id],
    );
    expect(stored?.custom_fields).toEqual({ tier: "platinum", renewalMonth: 9 });
  });

  it("pages through contacts in creation order with an opaque cursor", async () => {
    const { client, session } = await signUp(reference);
    const ids: string[] = [];
    for (const name of ["one", "two", "three"]) ids.push((await client.contacts.create({ name })).id);
    const pages = [];
    for await (const page of client.contacts.list({ limit: 2 }).pages()) pages.push(page);
    expect(pages.map((page) => page.data.length)).toEqual([2, 1]);
    expect(pages[0]?.nextCursor).not.toBeNull();
    expect(pages.flatMap((page) => page.data.map((c) => c.id)).sort()).toEqual([...ids].sort());
    const forged = await callAs(reference, session.token)("GET", "/contacts?cursor=bm90LWEtY3Vyc29y");
    expect(forged.status).toBe(400);
  });

  it("stores SQL metacharacters verbatim as data", async () => {
    const { client, tenant } = await signUp(reference);
    const contact = await client.contacts.create({ name: sqlMetacharacters, company: sqlMetacharacters });
    expect((await client.contacts.get(contact.id)).name).toBe(sqlMetacharacters);
    const object = await client.crmObjects.create({
      type: "note",
      name: sqlMetacharacters,
      contactIds: [contact.id],
    });
    expect((await client.crmObjects.get(object.id)).name).toBe(sqlMetacharacters);
    expect(await counts(reference, tenant.id)).toEqual({ contacts: 1, objects: 1, links: 1 });
  });

  it("refuses unknown fields, wrong types and malformed filters with problem details, writing nothing", async () => {
    const { session, tenant, client } = await signUp(reference);
    const contact = await client.contacts.create({ name: "Kept", customFields: { tier: "gold" } });
    const call = callAs(reference, session.token);
    const before = await counts(reference, tenant.id);
    const refusals: [string, string, unknown][] = [
      ["POST", "/contacts", { name: "x", ssn: "123" }],
      ["POST", "/contacts", { name: 42 }],
      ["POST", "/contacts", { name: "x", email: sqlMetacharacters }],
      ["POST", "/contacts", { name: "x", customFields: { [sqlMetacharacters]: "v" } }],
      ["PATCH", `/contacts/${contact.id}`, { name: "y", unknown: true }],
      ["PATCH", `/contacts/${contact.id}`, { phone: "555" }],
      ["POST", "/crm-objects", { type: "planet" }],
      ["POST", "/crm-objects", { type: "deal", contactIds: [randomUUID()] }],
      ["POST", "/crm-objects", { type: "deal", properties: { nested: { no: 1 } } }],
    ];
    for (const [method, path, body] of refusals) {
      const response = await call(method, path, body);
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      const problem = await response.json();
      expect(problem.type).toBe("https://crmfactory.ai/problems/validation-failed");
      expect(problem.errors.length).toBeGreaterThan(0);
    }
    const filter = await call("GET", `/contacts?email=${encodeURIComponent(sqlMetacharacters)}`);
    expect(filter.status).toBe(400);
    expect(await counts(reference, tenant.id)).toEqual(before);
    expect((await client.contacts.get(contact.id)).name).toBe("Kept");
  });

  it("refuses a change that would grow custom fields past the contract's limit, keeping the stored ones", async () => {
    const { client } = await signUp(reference);
    const limit = (openapiDocument.components.schemas.CustomFields as { maxProperties: number })
      .maxProperties;
    const full = Object.fromEntries(Array.from({ length: limit }, (_, i) => [`f${i}`, i]));
    const contact = await client.contacts.create({ name: "Full", customFields: full });
    await expect(client.contacts.update(contact.id, { customFields: { extra: 1 } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const replaced = await client.contacts.update(contact.id, { customFields: { f0: null, extra: 1 } });
    expect(Object.keys(replaced.customFields)).toHaveLength(limit);
    expect(replaced.customFields.extra).toBe(1);
  });

  it("links CRM objects to contacts, filters by type and contact, and changes the links", async () => {
    const { client } = await signUp(reference);
    const ada = await client.contacts.create({ name: "Ada" });
    const grace = await client.contacts.create({ name: "Grace" });
    const deal = await client.crmObjects.create({
      type: "deal",
      name: "Fleet renewal",
      contactIds: [grace.id, ada.id],
      properties: { stage: "negotiation", amount: 12000 },
      customFields: { renewalMonth: 9 },
    });
    expect(deal).toMatchObject({
      type: "deal",
      contactIds: [grace.id, ada.id],
      properties: { stage: "negotiation", amount: 12000 },
      customFields: { renewalMonth: 9 },
      source: { type: "platform", integrationId: null },
    });
    const note = await client.crmObjects.create({ type: "note", contactIds: [ada.id] });
    expect(note.name).toBeNull();
    const account = await client.crmObjects.create({ type: "account", name: "Navy" });
    expect(account.contactIds).toEqual([]);

    expect((await client.crmObjects.list({ type: "deal" })).data.map((o) => o.id)).toEqual([deal.id]);
    expect((await client.crmObjects.list({ contactId: ada.id })).data.map((o) => o.id)).toEqual([
      deal.id,
      note.id,
    ]);

    const changed = await client.crmObjects.update(deal.id, {
      contactIds: [ada.id],
      name: null,
      customFields: { renewalMonth: null, owner: "sales" },
    });
    expect(changed).toMatchObject({ contactIds: [ada.id], name: null, customFields: { owner: "sales" } });
    expect((await client.crmObjects.list({ contactId: grace.id })).data).toEqual([]);
    await expect(client.crmObjects.update(deal.id, { contactIds: [randomUUID()] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect((await client.crmObjects.get(deal.id)).contactIds).toEqual([ada.id]);

    await client.crmObjects.delete(account.id);
    await expect(client.crmObjects.get(account.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deletes a contact with the objects linked only to it, unlinking it from shared ones", async () => {
    const { client, tenant } = await signUp(reference);
    const ada = await client.contacts.create({ name: "Ada" });
    const grace = await client.contacts.create({ name: "Grace" });
    const own = await client.crmObjects.create({ type: "note", contactIds: [ada.id] });
    const shared = await client.crmObjects.create({ type: "deal", contactIds: [ada.id, grace.id] });
    await client.contacts.delete(ada.id);
    await expect(client.contacts.get(ada.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.crmObjects.get(own.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await client.crmObjects.get(shared.id)).contactIds).toEqual([grace.id]);
    const left = await tenantSql(
      reference,
      tenant.id,
      `SELECT 'contact' AS t FROM contacts WHERE id = $1
       UNION ALL SELECT 'link' FROM crm_object_contacts WHERE contact_id = $1
       UNION ALL SELECT 'object' FROM crm_objects WHERE id = $2`,
      [ada.id, own.id],
    );
    expect(left).toEqual([]);
  });

  it("answers another tenant's ids with not-found and another tenant's contacts in links with validation-failed", async () => {
    const other = await signUp(reference);
    const theirContact = await other.client.contacts.create({ name: "Theirs" });
    const theirObject = await other.client.crmObjects.create({ type: "note", contactIds: [theirContact.id] });
    const { client, tenant, session } = await signUp(reference);
    const call = callAs(reference, session.token);
    for (const [method, path, body] of [
      ["GET", `/contacts/${theirContact.id}`, undefined],
      ["PATCH", `/contacts/${theirContact.id}`, { name: "Mine now" }],
      ["DELETE", `/contacts/${theirContact.id}`, undefined],
      ["GET", `/crm-objects/${theirObject.id}`, undefined],
      ["PATCH", `/crm-objects/${theirObject.id}`, { name: "Mine now" }],
      ["DELETE", `/crm-objects/${theirObject.id}`, undefined],
    ] as const) {
      const response = await call(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect((await response.json()).type).toBe("https://crmfactory.ai/problems/not-found");
    }
    await expect(
      client.crmObjects.create({ type: "deal", contactIds: [theirContact.id] }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await counts(reference, tenant.id)).toEqual({ contacts: 0, objects: 0, links: 0 });
    expect(await other.client.contacts.get(theirContact.id)).toEqual(theirContact);
    expect(await other.client.crmObjects.get(theirObject.id)).toEqual(theirObject);
  });

  it("keeps each contact's email at the email subprocessor, following changes of email and consent", async () => {
    const { client } = await signUp(reference);
    const held = (email: string) =>
      fakes.resend.contactsFor({ email, apiKey: resendKey }).map((c) => ({ unsubscribed: c.unsubscribed }));
    const contact = await client.contacts.create({ name: "Grace", email: "grace.copy@navy.example" });
    expect(held("grace.copy@navy.example")).toEqual([{ unsubscribed: true }]);
    await client.contacts.update(contact.id, { consent: { marketingEmail: true } });
    expect(held("grace.copy@navy.example")).toEqual([{ unsubscribed: false }]);
    await client.contacts.update(contact.id, { email: "grace.new@navy.example" });
    expect(held("grace.copy@navy.example")).toEqual([]);
    expect(held("grace.new@navy.example")).toEqual([{ unsubscribed: false }]);
    await client.contacts.update(contact.id, { email: null });
    expect(held("grace.new@navy.example")).toEqual([]);
    await client.contacts.update(contact.id, { email: "grace.last@navy.example" });
    await client.contacts.delete(contact.id);
    expect(held("grace.last@navy.example")).toEqual([]);
    const plain = await client.contacts.create({ name: "No email" });
    expect(plain.email).toBeNull();
  });

  it("answers unavailable when the email subprocessor fails, keeping no contact", async () => {
    const { tenant, session } = await signUp(reference);
    const rule = fakes.faults.inject({
      vendor: "resend",
      endpoint: "contacts.create",
      credential: resendKey,
      fault: { kind: "status", status: 500 },
    });
    try {
      const response = await callAs(reference, session.token)("POST", "/contacts", {
        name: "Refused",
        email: "refused@navy.example",
      });
      expect(response.status).toBe(503);
      expect(JSON.stringify(await response.json())).not.toContain("refused@navy.example");
    } finally {
      rule.remove();
    }
    expect(await counts(reference, tenant.id)).toEqual({ contacts: 0, objects: 0, links: 0 });
    // The audience the refused request made is the one the next request uses.
    const client = reference.client(session.token);
    await client.contacts.create({ name: "Accepted", email: "accepted@navy.example" });
    const audiences = fakes.resend
      .contactsFor({ email: "accepted@navy.example", apiKey: resendKey })
      .map((contact) => contact.audienceId);
    expect(audiences).toHaveLength(1);
    const [audience] = await tenantSql<{ external_id: string }>(
      reference,
      tenant.id,
      "SELECT external_id FROM email_audiences",
    );
    expect(audiences).toEqual([audience?.external_id]);
    const made = fakes
      .requests({ vendor: "resend" })
      .filter((request) => request.endpoint === "segments.create" && request.body?.includes(tenant.id));
    expect(made).toHaveLength(1);
  });

  it("removes the email subprocessor's contact when the request rolls back after making it", async () => {
    const { client, tenant, session } = await signUp(reference);
    const held = (email: string) => fakes.resend.contactsFor({ email, apiKey: resendKey });
    const restore = await failWritesTo(reference, tenant.id, "contacts", "UPDATE OF email_contact_id");
    try {
      const response = await callAs(reference, session.token)("POST", "/contacts", {
        name: "Rolled back",
        email: "rolled.back@navy.example",
      });
      expect(response.status).toBe(500);
    } finally {
      await restore();
    }
    const made = fakes
      .requests({ vendor: "resend", endpoint: "contacts.create" })
      .filter((request) => request.body.includes("rolled.back@navy.example"));
    expect(made).toHaveLength(1);
    expect(held("rolled.back@navy.example")).toEqual([]);
    expect(await counts(reference, tenant.id)).toEqual({ contacts: 0, objects: 0, links: 0 });

    const kept = await client.contacts.create({ name: "Kept", email: "kept@navy.example" });
    expect(held("kept@navy.example").map((c) => c.id)).toEqual([
      (
        await tenantSql<{ email_contact_id: string }>(
          reference,
          tenant.id,
          "SELECT email_contact_id FROM contacts WHERE id = $1",
          [kept.id],
        )
      )[0]?.email_contact_id,
    ]);
  });

  it("lets a viewer read the CRM but not change it, a refused change writing nothing", async () => {
    const owner = await signUp(reference);
    const contact = await owner.client.contacts.create({ name: "Read only" });
    const viewer = await signInAs(reference, owner, "viewer");
    expect((await viewer.client.contacts.get(contact.id)).name).toBe("Read only");
    const call = callAs(reference, viewer.session.token);
    for (const [method, path, body] of [
      ["POST", "/contacts", { name: "Sneaky" }],
      ["PATCH", `/contacts/${contact.id}`, { name: "Sneaky" }],
      ["DELETE", `/contacts/${contact.id}`, undefined],
      ["POST", "/crm-objects", { type: "note" }],
    ] as const) {
      const response = await call(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect(await counts(reference, owner.tenant.id)).toEqual({ contacts: 1, objects: 0, links: 0 });
    expect((await owner.client.contacts.get(contact.id)).name).toBe("Read only");
  });
});
