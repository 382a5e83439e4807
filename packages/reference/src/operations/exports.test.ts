import { createHash, randomBytes } from "node:crypto";
import { headerNames } from "@crmfactory/api";
import { ConflictError, GoneError, NotFoundError, PermissionError, ValidationError } from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { addDuration } from "@crmfactory/taxonomy";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { findTenant } from "../platform/tenant-records.js";
import { defaultExporter } from "../privacy/default-exporter.js";
import { settleRightsRequestJob } from "../privacy/privacy-parts.js";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { callAs, tenantSql } from "../test-support/data-plane.js";
import { signInAs } from "../test-support/identity.js";
import { manualClock, runDueJobs } from "../test-support/manual-clock.js";

interface Doc {
  exportId: string;
  scope: unknown;
  categories: Record<
    string,
    {
      id: string;
      recordType: string;
      source: { type: string; name: string };
      data: Record<string, unknown>;
    }[]
  >;
}

describe.each(drivers)("exports on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-02T14:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `exports-${driver}`, clock: clock.now });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "twilio-auth-token");
    reference = await bootReference(driver, {
      clock,
      fetch: (request) => fakes.fetch(request),
      parts: {
        messaging: {
          twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
          resend: { apiKey: "re_test_exports_key", from: "crm@acme.example" },
        },
      },
    });
  });

  /** Downloads the document's exact bytes through the contract-checked fetch. */
  const download = async (token: string, path: string) => {
    const response = await callAs(reference, token)("GET", path);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {
      status: response.status,
      bytes,
      rotatedToken: response.headers.get(headerNames.rotatedToken),
      json: () => JSON.parse(Buffer.from(bytes).toString("utf8")) as Doc,
    };
  };

  const schemaValidator = async (client: ReturnType<TestReference["client"]>) => {
    const schema = (await client.exports.getSchema()) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    return ajv.compile(schema);
  };

  /** A tenant with two contacts, each with messages, a call, a deal, an event and a synced record. */
  async function seeded() {
    const owner = await signUp(reference);
    const { client } = owner;
    const suffix = randomBytes(3).toString("hex");
    const make = async (first: string, phone: string) => {
      const email = `${first.toLowerCase()}.${suffix}@example.com`;
      const contact = await client.contacts.create({
        name: `${first} ${suffix}`,
        email,
        phone,
        customFields: { tier: `${first}-gold`, score: first.length },
        consent: { marketingEmail: true },
      });
      const sms = await client.messages.send({ contactId: contact.id, channel: "sms", body: `Hi ${first}` });
      const mail = await client.messages.send({
        contactId: contact.id,
        channel: "email",
        subject: `Quote for ${first}`,
        body: `Hello ${first}`,
      });
      const call = await client.calls.create({
        contactId: contact.id,
        kind: "call",
        direction: "outbound",
        durationSeconds: 61,
      });
      const deal = await client.crmObjects.create({
        type: "deal",
        name: `Deal ${first}`,
        contactIds: [contact.id],
        customFields: { stage: `${first}-won` },
      });
      const event = await client.telemetry.recordEvent({
        type: "feature-use",
        name: "call",
        contactId: contact.id,
      });
      return { contact, sms, mail, call, deal, event, email };
    };
    const ada = await make("Ada", "+14155550111");
    const grace = await make("Grace", "+14155550122");
    // A note shared by both: Ada's document holds it, without Grace's id.
    const shared = await client.crmObjects.create({
      type: "note",
      contactIds: [ada.contact.id, grace.contact.id],
    });
    // Records synced from Salesforce, linked to each contact by email.
    const instanceUrl = `https://acme-${randomBytes(4).toString("hex")}.my.salesforce.com`;
    fakes.integrations.salesforce.seed({
      instanceUrl,
      clientId: "cid",
      clientSecret: "secret",
      contacts: [
        { FirstName: "Ada", LastName: suffix, Email: ada.email },
        { FirstName: "Grace", LastName: suffix, Email: grace.email },
      ],
    });
    const token = (await (
      await fakes.fetch(`${instanceUrl}/services/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: "cid",
          client_secret: "secret",
        }),
      })
    ).json()) as { access_token: string };
    const integration = await client.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl: instanceUrl, accessToken: token.access_token },
    });
    await client.integrations.sync(integration.id);
    const records = (await client.integrations.listRecords(integration.id)).data;
    return { ...owner, ada, grace, shared, integration, records };
  }

  const ready = async (client: ReturnType<TestReference["client"]>, id: string) => {
    await runDueJobs(reference, clock.now());
    const view = await client.exports.get(id);
    expect(view.status).toBe("ready");
    return view;
  };

  it("exports everything of one contact by value, valid against the published schema, and nothing of another", async () => {
    const t = await seeded();
    // Reading a message follows its status at the provider (`sent` becomes `delivered`): settle it
    // first, so the export and the reads compared with it see the same status.
    for (const message of [t.ada.sms, t.ada.mail]) await t.client.messages.get(message.id);
    const started = await t.client.exports.create({
      scope: { type: "contact", contactId: t.ada.contact.id },
    });
    expect(started).toMatchObject({ status: "pending", sha256: null, byteLength: null, readyAt: null });
    await expect(t.client.exports.getDocument(started.id)).rejects.toBeInstanceOf(ConflictError);
    const view = await ready(t.client, started.id);
    expect(view.expiresAt).toBe(
      addDuration(clock.now(), reference.platform.limits.exportLinkLifetime).toISOString(),
    );

    const { status, bytes, json } = await download(t.session.token, `/exports/${started.id}/document`);
    expect(status).toBe(200);
    expect(bytes.byteLength).toBe(view.byteLength);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(view.sha256);
    const doc = json();
    const validate = await schemaValidator(t.client);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(doc.categories).sort()).toEqual(
      Object.keys(reference.platform.policy.categories).sort(),
    );

    const find = (category: string, recordType: string, id: string) =>
      doc.categories[category]?.find((r) => r.recordType === recordType && r.id === id);
    const { ada } = t;
    expect(find("crm", "contact", ada.contact.id)?.data).toEqual(await t.client.contacts.get(ada.contact.id));
    expect(find("crm", "contact", ada.contact.id)?.data.customFields).toEqual({ tier: "Ada-gold", score: 3 });
    expect(find("crm", "deal", ada.deal.id)?.data).toEqual(await t.client.crmObjects.get(ada.deal.id));
    expect(find("crm", "note", t.shared.id)?.data.contactIds).toEqual([ada.contact.id]);
    expect(find("communications", "message", ada.sms.id)?.data).toEqual(
      await t.client.messages.get(ada.sms.id),
    );
    expect(find("communications", "message", ada.mail.id)?.data).toEqual(
      await t.client.messages.get(ada.mail.id),
    );
    expect(find("communications", "call", ada.call.id)?.data).toEqual(await t.client.calls.get(ada.call.id));
    // The event also names the user who recorded it: her document leaves that id out.
    expect(find("telemetry", "telemetry-event", ada.event.id)?.data).toEqual({ ...ada.event, userId: null });
    // What the vendors hold for her: the SMS at Twilio, the email and her address at Resend, the recording.
    const held = Object.values(doc.categories)
      .flat()
      .filter((r) => r.source.type === "subprocessor")
      .map((r) => `${r.source.name}:${r.id}`);
    const [stored] = await tenantSql<{ email_contact_id: string | null }>(
      reference,
      t.tenant.id,
      "SELECT email_contact_id FROM contacts WHERE id = $1",
      [ada.contact.id],
    );
    expect(held.sort()).toEqual(
      [
        `twilio:${ada.sms.provider.externalId}`,
        `resend:${ada.mail.provider.externalId}`,
        `twilio:${ada.call.recording.externalId}`,
        ...(stored?.email_contact_id ? [`resend:${stored.email_contact_id}`] : []),
      ].sort(),
    );
    const synced = t.records.filter((r) => String(r.data.Email) === ada.email);
    expect(synced).toHaveLength(1);
    expect(doc.categories.integration?.map((r) => r.data)).toEqual(synced);

    // Nothing of Grace: no id, address, name or custom field of hers anywhere in the bytes.
    const text = Buffer.from(bytes).toString("utf8");
    for (const mark of [
      t.grace.contact.id,
      t.grace.email,
      t.grace.contact.name,
      "Grace-gold",
      t.grace.sms.id,
      t.grace.deal.id,
    ]) {
      expect(text).not.toContain(mark);
    }
    const [subjects] = await tenantSql<{ keys: string[] }>(
      reference,
      t.tenant.id,
      "SELECT array_agg(subject_key) AS keys FROM export_subjects WHERE export_id = $1",
      [started.id],
    );
    expect(subjects?.keys).toEqual([`contact:${ada.contact.id}`]);
  });

  it("exports a user's account, sessions and events, and a tenant's whole data with every subject indexed", async () => {
    const t = await seeded();
    const event = await t.client.telemetry.recordEvent({ type: "page-view", name: "/exports" });
    const mine = await t.client.exports.create({ scope: { type: "user", userId: t.owner.id } });
    clock.advance(1); // listed in the order they were asked for
    const all = await t.client.exports.create({ scope: { type: "tenant" } });
    await ready(t.client, mine.id);
    await ready(t.client, all.id);
    const user = (await download(t.session.token, `/exports/${mine.id}/document`)).json();
    expect(user.categories.account?.find((r) => r.recordType === "user")?.data).toEqual(
      await t.client.users.get(t.owner.id),
    );
    expect(
      user.categories.authentication?.some(
        (r) => r.recordType === "session" && r.id === t.session.session.id,
      ),
    ).toBe(true);
    expect(user.categories.telemetry?.map((r) => r.id).sort()).toEqual(
      [event.id, t.ada.event.id, t.grace.event.id].sort(),
    );
    expect(user.categories.telemetry?.map((r) => r.data.contactId)).toEqual([null, null, null]);
    expect(user.categories.crm).toEqual([]);
    expect(JSON.stringify(user)).not.toContain(t.ada.contact.id);

    const whole = await download(t.session.token, `/exports/${all.id}/document`);
    const doc = whole.json();
    expect(
      doc.categories.crm
        ?.filter((r) => r.recordType === "contact")
        .map((r) => r.id)
        .sort(),
    ).toEqual([t.ada.contact.id, t.grace.contact.id].sort());
    expect(
      doc.categories.integration?.some((r) => r.recordType === "integration" && r.id === t.integration.id),
    ).toBe(true);
    expect((await schemaValidator(t.client))(doc)).toBe(true);
    const keys = await tenantSql<{ subject_key: string }>(
      reference,
      t.tenant.id,
      "SELECT subject_key FROM export_subjects WHERE export_id = $1 ORDER BY subject_key",
      [all.id],
    );
    expect(keys.map((k) => k.subject_key)).toEqual(
      [`contact:${t.ada.contact.id}`, `contact:${t.grace.contact.id}`, `user:${t.owner.id}`].sort(),
    );
    // The tenant is told (`export.ready`), with ids and statuses only.
    const events = await tenantSql<{ data: unknown }>(
      reference,
      t.tenant.id,
      "SELECT data FROM callback_events WHERE type = 'export.ready' ORDER BY created_at",
    );
    expect(events.map((e) => e.data)).toContainEqual({
      object: "export",
      id: all.id,
      status: "ready",
      rightsRequestId: null,
    });
    const listed = await t.client.exports.list({ limit: 1 });
    expect(listed.data.map((e) => e.id)).toEqual([mine.id]);
    expect(listed.nextCursor).not.toBeNull();
  });

  it("serves the document until one millisecond before its link expires, then answers gone with the bytes deleted", async () => {
    const { client, session, tenant } = await signUp(reference);
    const started = await client.exports.create({ scope: { type: "tenant" } });
    const view = await ready(client, started.id);
    const expiresAt = new Date(view.expiresAt as string);
    clock.set(new Date(expiresAt.getTime() - 1));
    await runDueJobs(reference, clock.now());
    const before = await download(session.token, `/exports/${started.id}/document`);
    expect(before.status).toBe(200);
    // A week on, the session rotated on that call: go on with its new token.
    const rotated = reference.client(before.rotatedToken ?? session.token);
    clock.set(expiresAt);
    await runDueJobs(reference, clock.now());
    await expect(rotated.exports.getDocument(started.id)).rejects.toBeInstanceOf(GoneError);
    expect((await rotated.exports.get(started.id)).status).toBe("expired");
    const chunks = await tenantSql(reference, tenant.id, "SELECT 1 FROM export_chunks WHERE export_id = $1", [
      started.id,
    ]);
    const subjects = await tenantSql(
      reference,
      tenant.id,
      "SELECT 1 FROM export_subjects WHERE export_id = $1",
      [started.id],
    );
    expect([chunks.length, subjects.length]).toEqual([0, 0]);
    clock.set("2026-04-02T14:00:00.000Z");
  });

  it("writes and expires on the tenant's test clock, the documents in the inventory until their link ends", async () => {
    const operator = reference.operator();
    const frozen = "2027-01-10T09:00:00.000Z";
    const testClock = await operator.testClocks.create({ frozenTime: frozen });
    const { client, tenant, owner } = await signUp(reference, { testClockId: testClock.id });
    const started = await client.exports.create({ scope: { type: "user", userId: owner.id } });
    await operator.testClocks.advanceAndWait(testClock.id, { frozenTime: frozen });
    const view = await client.exports.get(started.id);
    const expiresAt = addDuration(
      new Date(frozen),
      reference.platform.limits.exportLinkLifetime,
    ).toISOString();
    expect(view).toMatchObject({ status: "ready", readyAt: frozen, expiresAt });
    const held = await operator.testClocks.getTenantInventory(testClock.id, tenant.id);
    const documents = held.holdings.filter((h) => h.recordType === "export-document");
    expect(documents).toEqual([
      expect.objectContaining({
        rule: null,
        recordIds: [started.id],
        anchorAt: frozen,
        purgeDueAt: expiresAt,
      }),
    ]);
    expect(held.holdings.find((h) => h.recordType === "export-subject")?.recordIds).toEqual([
      `${started.id}:user:${owner.id}`,
    ]);
    const subject = held.subjects.find((s) => s.subject.type === "user");
    expect(subject?.holdings.map((h) => h.recordType)).toContain("export-document");

    const edge = new Date(new Date(expiresAt).getTime() - 1).toISOString();
    await operator.testClocks.advanceAndWait(testClock.id, { frozenTime: edge });
    expect((await client.exports.get(started.id)).status).toBe("ready");
    await operator.testClocks.advanceAndWait(testClock.id, { frozenTime: expiresAt });
    const after = await operator.testClocks.getTenantInventory(testClock.id, tenant.id);
    expect(after.holdings.filter((h) => h.recordType.startsWith("export-"))).toEqual([]);
    const chunks = await tenantSql(reference, tenant.id, "SELECT 1 FROM export_chunks");
    expect(chunks).toEqual([]);
  });

  it("exports while the account is export-only (closed, in its window)", async () => {
    const { client, session, tenant } = await signUp(reference);
    const contact = await client.contacts.create({ name: "Closing Contact" });
    await client.tenant.close({ confirmCompanyName: tenant.companyName });
    await expect(client.contacts.create({ name: "No" })).rejects.toBeInstanceOf(PermissionError);
    const started = await client.exports.create({ scope: { type: "tenant" } });
    await ready(client, started.id);
    const doc = (await download(session.token, `/exports/${started.id}/document`)).json();
    expect(doc.categories.crm?.map((r) => r.id)).toEqual([contact.id]);
  });

  it("erasing a subject deletes every document holding them and leaves the others", async () => {
    const t = await seeded();
    const adaOnly = await t.client.exports.create({
      scope: { type: "contact", contactId: t.ada.contact.id },
    });
    const graceOnly = await t.client.exports.create({
      scope: { type: "contact", contactId: t.grace.contact.id },
    });
    const all = await t.client.exports.create({ scope: { type: "tenant" } });
    for (const e of [adaOnly, graceOnly, all]) await ready(t.client, e.id);
    const tenant = await reference.platform.database.transaction((tx) => findTenant(tx, t.tenant.id));
    const lines = await reference.platform.database.transaction(
      async (tx) => {
        const out = [];
        for (const erase of reference.platform.subjectErasers) {
          out.push(
            ...(await erase({
              tx,
              platform: reference.platform,
              tenant: tenant!,
              now: clock.now(),
              subject: { type: "contact", contactId: t.ada.contact.id },
              step: (_name, fn) => fn(),
            })),
          );
        }
        return out;
      },
      { searchPath: [tenant!.schemaName, "catalog"] },
    );
    expect(lines.filter((l) => l.recordType === "export-document")).toContainEqual({
      category: "crm",
      location: { type: "platform" },
      recordType: "export-document",
      count: 2,
    });
    await expect(t.client.exports.get(adaOnly.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client.exports.getDocument(all.id)).rejects.toBeInstanceOf(GoneError);
    const grace = await download(t.session.token, `/exports/${graceOnly.id}/document`);
    expect(grace.status).toBe(200);
    const left = await tenantSql<{ export_id: string }>(
      reference,
      t.tenant.id,
      "SELECT DISTINCT export_id FROM export_chunks",
    );
    expect(left.map((r) => r.export_id)).toEqual([graceOnly.id]);
    const keys = await tenantSql(
      reference,
      t.tenant.id,
      "SELECT 1 FROM export_subjects WHERE subject_key = $1",
      [`contact:${t.ada.contact.id}`],
    );
    expect(keys).toEqual([]);
  });

  it("refuses roles without the permission and unknown subjects, writing nothing", async () => {
    const owner = await signUp(reference);
    const member = await signInAs(reference, owner, "member");
    const memberClient = reference.client(member.session.token);
    const count = async () =>
      (await tenantSql(reference, owner.tenant.id, "SELECT 1 FROM exports")).length +
      (
        await reference.platform.database.transaction((tx) =>
          tx.query("SELECT 1 FROM catalog.jobs WHERE tenant_id = $1 AND kind LIKE 'exports-%'", [
            owner.tenant.id,
          ]),
        )
      ).length;
    const before = await count();
    await expect(memberClient.exports.create({ scope: { type: "tenant" } })).rejects.toBeInstanceOf(
      PermissionError,
    );
    await expect(memberClient.exports.list()).rejects.toBeInstanceOf(PermissionError);
    await expect(
      owner.client.exports.create({
        scope: { type: "contact", contactId: "00000000-0000-4000-8000-000000000000" },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await count()).toBe(before);
    // Every role with rights:read reads the published schema.
    expect((await memberClient.exports.getSchema()).$id).toBe("https://crmfactory.ai/schemas/export/v1.json");
    await expect(owner.client.exports.get("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("answers a rights request's export, and schedules the rights group's settle job with its digest", async () => {
    const t = await signUp(reference);
    const tenant = await reference.platform.database.transaction((tx) => findTenant(tx, t.tenant.id));
    const rightsRequestId = "6a0f3c1e-2d4a-4f8e-9c7b-1a2b3c4d5e60";
    await expect(t.client.rightsRequests.getExport(rightsRequestId)).rejects.toBeInstanceOf(NotFoundError);
    const { exportId } = await reference.platform.database.transaction(
      (tx) =>
        defaultExporter.start(
          { tx, platform: reference.platform, tenant: tenant!, now: clock.now() },
          {
            scope: { type: "user", userId: t.owner.id },
            requestedBy: { type: "system", id: "rights" },
            rightsRequestId,
          },
        ),
      { searchPath: [tenant!.schemaName, "catalog"] },
    );
    await expect(t.client.rightsRequests.getExport(rightsRequestId)).rejects.toBeInstanceOf(ConflictError);
    await runDueJobs(reference, clock.now());
    const answer = await download(t.session.token, `/rights-requests/${rightsRequestId}/export`);
    expect(answer.status).toBe(200);
    expect(answer.json().exportId).toBe(exportId);

    const view = await t.client.exports.get(exportId);
    const settleJobs = await reference.platform.database.transaction((tx) =>
      tx.query<{ payload: unknown }>("SELECT payload FROM catalog.jobs WHERE kind = $1 AND tenant_id = $2", [
        settleRightsRequestJob,
        t.tenant.id,
      ]),
    );
    expect(settleJobs.map((job) => job.payload)).toEqual([
      {
        rightsRequestId,
        settlement: {
          type: "export",
          exportId,
          sha256: view.sha256,
          byteLength: view.byteLength,
          expiresAt: view.expiresAt,
        },
      },
    ]);
  });
});
