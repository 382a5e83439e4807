import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { schemaOf } from "../test-support/digest.js";
import { retentionProbe } from "../test-support/retention.js";

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const DAY = 86_400_000;
const T0 = new Date("2026-04-01T00:00:00.000Z");

/** "gone by day N" of RET-CRM's reading in the taxonomy's copy of the requirements digest. */
function digestCrmGoneByDay(): number {
  const require = createRequire(import.meta.url);
  const taxonomy = require.resolve("@crmfactory/taxonomy/package.json");
  const text = readFileSync(new URL("requirements/GUARANTEES.md", `file://${taxonomy}`), "utf8");
  const row = text.split("\n").find((line) => line.startsWith("| RET-CRM |"));
  const day = /gone by day (\d+)/.exec(row ?? "")?.[1];
  if (!day) throw new Error("the digest no longer says when CRM data is gone");
  return Number(day);
}

describe.each(drivers)("retention sweeps on %s", (driver) => {
  let reference: TestReference;
  const fakes = createSubprocessorFakes({ seed: `retention-${driver}` });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const storeId = `refretention${randomBytes(6).toString("hex")}`;
  const stripeKey = `sk_test_retention${randomBytes(6).toString("hex")}`;
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "twilio-auth-token");
    reference = await bootReference(driver, {
      fetch: (request) => fakes.fetch(request),
      parts: {
        messaging: {
          twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
          resend: { apiKey: "re_test_retention_key", from: "crm@acme.example" },
        },
        credentials: {
          stripe: stripeKey,
          vercel: `vercel_blob_rw_${storeId}_${randomBytes(8).toString("hex")}`,
        },
      },
    });
  });

  const newClock = () => reference.operator().testClocks.create({ frozenTime: T0.toISOString() });
  const probe = () => retentionProbe(reference);

  it("purges an account rule by rule at each deadline from closure, here and at the vendors, then whole", async () => {
    const { dueOf, justBefore, advance, rowsPerTable, nonEmpty, status, catalogRows, jobsRun, overdue } =
      probe();
    const clock = await newClock();
    const { client, tenant, owner } = await signUp(reference, { testClockId: clock.id });
    const phone = "+14155550177";
    const email = `grace.${randomBytes(3).toString("hex")}@example.com`;
    const contact = await client.contacts.create({ name: "Grace", email, phone });
    await client.messages.send({ contactId: contact.id, channel: "sms", body: "Your quote is ready." });
    await client.calls.create({
      contactId: contact.id,
      kind: "call",
      direction: "outbound",
      durationSeconds: 4,
    });
    const photo = await client.users.uploadProfilePhoto(owner.id, { data: png, contentType: "image/png" });
    const invoice = await client.invoices.create({
      description: "Growth, April",
      amount: { amount: 4900, currency: "usd" },
    });
    await client.telemetry.recordEvent({ type: "feature-use", name: "pipeline-view" });
    // A user's rights request and a stored export: the inventory files both under the account rule.
    await client.rightsRequests.create({ kind: "portability" });
    const exported = await client.exports.create({ scope: { type: "user", userId: owner.id } });
    const closedAt = new Date(T0.getTime() + 60_000);
    await advance(clock.id, closedAt);
    expect((await client.exports.get(exported.id)).status).toBe("ready");
    await client.tenant.close({ confirmCompanyName: tenant.companyName });
    const closed = { accountClosed: closedAt };
    const schema = await schemaOf(reference, tenant.id);
    const sqlCount = async (sql: string) =>
      Number((await catalogRows(sql.replaceAll("$schema", `"${schema}"`), []))[0]?.n);
    const accountRuleRows = async () => ({
      userRequests: await sqlCount(
        "SELECT count(*)::int AS n FROM $schema.rights_requests WHERE subject_type = 'user'",
      ),
      exports: await sqlCount("SELECT count(*)::int AS n FROM $schema.exports"),
    });
    expect(await sqlCount("SELECT count(*)::int AS n FROM $schema.export_chunks")).toBeGreaterThan(0);
    const auditOid = async () =>
      (await catalogRows("SELECT to_regclass($1)::oid::text AS oid", [`"${schema}".audit_entries`]))[0]?.oid;
    const trailBefore = await auditOid();

    // Credentials work through the export window and go when it ends.
    const credentials = dueOf("authentication-credentials", closed);
    await advance(clock.id, justBefore(credentials));
    expect((await rowsPerTable(tenant.id)).sessions).toBeGreaterThan(0);
    expect(await status(tenant.id)).toBe("export-only");
    await advance(clock.id, credentials);
    expect((await rowsPerTable(tenant.id)).sessions).toBe(0);
    expect(await status(tenant.id)).toBe("pending-deletion");
    expect(await overdue(clock.id, tenant.id)).toEqual([]);

    // The account (users, the photo at file storage) at the account rule's deadline.
    const account = dueOf("account", closed);
    await advance(clock.id, justBefore(account));
    expect(await rowsPerTable(tenant.id)).toMatchObject({ users: 1, profile_photos: 1 });
    expect(await accountRuleRows()).toEqual({ userRequests: 1, exports: 1 });
    expect(fakes.blob.under(photo.profilePhoto?.objectId ?? "", { storeId })).not.toEqual([]);
    await advance(clock.id, account);
    expect(await rowsPerTable(tenant.id)).toMatchObject({ users: 0, profile_photos: 0 });
    expect(await accountRuleRows()).toEqual({ userRequests: 0, exports: 0 });
    expect(await rowsPerTable(tenant.id)).toMatchObject({ export_chunks: 0, export_subjects: 0 });
    expect(fakes.blob.under(photo.profilePhoto?.objectId ?? "", { storeId })).toEqual([]);
    expect(await overdue(clock.id, tenant.id)).toEqual([]);

    // CRM data and communications, here and at the messaging and email providers; then the whole account.
    const crm = dueOf("crm", closed);
    expect(dueOf("communications", closed)).toEqual(crm);
    expect((crm.getTime() - closedAt.getTime()) / DAY).toBe(digestCrmGoneByDay());
    await advance(clock.id, justBefore(crm));
    expect(await rowsPerTable(tenant.id)).toMatchObject({ contacts: 1, messages: 1, calls: 1 });
    expect(fakes.resend.contactsFor({ email })).not.toEqual([]);
    expect(
      fakes.twilio.heldFor({ phone, accountSid }).flatMap((h) => [...h.messages, ...h.recordings]),
    ).not.toEqual([]);
    await advance(clock.id, crm);
    expect(await nonEmpty(tenant.id)).toEqual(["audit_entries", "audit_head"]);
    expect(fakes.resend.contactsFor({ email })).toEqual([]);
    expect(
      fakes.twilio.heldFor({ phone, accountSid }).flatMap((h) => [...h.messages, ...h.recordings]),
    ).toEqual([]);
    expect(await status(tenant.id)).toBe("purged");
    expect(await overdue(clock.id, tenant.id)).toEqual([]);

    // The audit trail stays whole for its own period, then its table is dropped whole.
    const trail = dueOf("authentication-audit", closed);
    await advance(clock.id, justBefore(trail));
    expect((await rowsPerTable(tenant.id)).audit_entries).toBeGreaterThan(0);
    expect(await auditOid()).toBe(trailBefore);
    await advance(clock.id, trail);
    expect(await nonEmpty(tenant.id)).toEqual([]);
    expect(await auditOid()).not.toBe(trailBefore);

    // Billing is kept for its legal period from the invoice date, then goes with the payments customer.
    const billing = dueOf("billing", { invoiceIssued: new Date(invoice.issuedAt) });
    await advance(clock.id, justBefore(billing));
    expect(
      await catalogRows("SELECT id FROM catalog.invoices WHERE tenant_id = $1", [tenant.id]),
    ).toHaveLength(1);
    expect(fakes.stripe.customerWithInvoices({ apiKey: stripeKey, tenantId: tenant.id })).toBeDefined();
    expect(await overdue(clock.id, tenant.id)).toEqual([]);
    await advance(clock.id, billing);
    expect(await catalogRows("SELECT id FROM catalog.invoices WHERE tenant_id = $1", [tenant.id])).toEqual(
      [],
    );
    expect(
      await catalogRows("SELECT 1 FROM catalog.billing_customers WHERE tenant_id = $1", [tenant.id]),
    ).toEqual([]);
    expect(fakes.stripe.customerWithInvoices({ apiKey: stripeKey, tenantId: tenant.id })).toBeUndefined();
    expect(await overdue(clock.id, tenant.id)).toEqual([]);

    // Seven years of clock ran a sweep at each distinct deadline only (a daily tick would run thousands).
    const run = await jobsRun(tenant.id);
    expect(run["retention-sweep"]).toBeGreaterThanOrEqual(6);
    expect(run["retention-sweep"]).toBeLessThanOrEqual(12);
    expect(Object.values(run).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(16);
  });

  it("runs the sweeps that matter in one seven-year advance, and no daily tick", async () => {
    const { dueOf, advance, nonEmpty, status, catalogRows, jobsRun, overdue } = probe();
    const clock = await newClock();
    const { client, tenant } = await signUp(reference, { testClockId: clock.id });
    await client.contacts.create({ name: "Ada", email: `ada.${randomBytes(3).toString("hex")}@example.com` });
    const invoice = await client.invoices.create({
      description: "Starter, April",
      amount: { amount: 1900, currency: "usd" },
    });
    for (const name of ["pipeline-view", "deal-open", "report-run"]) {
      await client.telemetry.recordEvent({ type: "feature-use", name });
    }
    await client.tenant.endSubscription();
    const billing = dueOf("billing", { invoiceIssued: new Date(invoice.issuedAt) });
    const days = (billing.getTime() - T0.getTime()) / DAY;
    await advance(clock.id, billing);
    expect(await nonEmpty(tenant.id)).toEqual([]);
    expect(await status(tenant.id)).toBe("purged");
    expect(await catalogRows("SELECT id FROM catalog.invoices WHERE tenant_id = $1", [tenant.id])).toEqual(
      [],
    );
    expect(await overdue(clock.id, tenant.id)).toEqual([]);
    // One sweep per distinct deadline (stored replays, the window's end, telemetry, the account, CRM,
    // the audit trail, billing): a handful, where a daily tick would have run one per day.
    const run = await jobsRun(tenant.id);
    expect(days).toBeGreaterThan(2000);
    expect(run["retention-sweep"]).toBeLessThanOrEqual(12);
    expect(Object.values(run).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(14);
  });

  it("places no second sweep while one of the tenant's sweeps is running, and the running one places the next", async () => {
    const { catalogRows, dueOf } = probe();
    const clock = await newClock();
    const { client, tenant } = await signUp(reference, { testClockId: clock.id });
    const sweeps = async () =>
      (
        await catalogRows(
          "SELECT status, due_at FROM catalog.jobs WHERE tenant_id = $1 AND kind = 'retention-sweep' AND status <> 'done' ORDER BY status",
          [tenant.id],
        )
      ).map((row) => ({ status: row.status as string, dueAt: new Date(row.due_at as Date) }));
    expect((await sweeps()).map((j) => j.status)).toEqual(["pending"]);
    // A worker claims the sweep (it is now running) and, before it ends, a telemetry write lands.
    const claimed = await reference.platform.jobs.claimNext(
      { testClockId: clock.id },
      new Date("2100-01-01T00:00:00.000Z"),
    );
    expect(claimed?.kind).toBe("retention-sweep");
    await client.telemetry.recordEvent({ type: "feature-use", name: "pipeline-view" });
    expect((await sweeps()).map((j) => j.status)).toEqual(["running"]);
    // The running sweep ends by placing its successor, which covers the write made meanwhile.
    if (!claimed) throw new Error("no sweep was claimed");
    expect(await reference.platform.jobs.run(claimed)).toBeUndefined();
    const after = await sweeps();
    expect(after.map((j) => j.status)).toEqual(["pending"]);
    const telemetry = await catalogRows(
      `SELECT MIN(collected_at) AS at FROM "${await schemaOf(reference, tenant.id)}".telemetry_events`,
      [],
    );
    const rawDue = dueOf("telemetry-raw", { collected: new Date(telemetry[0]?.at as Date) });
    expect(after[0]?.dueAt.getTime()).toBeLessThanOrEqual(rawDue.getTime());
  });

  it("keeps the rows when a vendor deletion fails, and purges both on the retried sweep", async () => {
    const { dueOf, advance, rowsPerTable } = probe();
    const clock = await newClock();
    const { client, tenant } = await signUp(reference, { testClockId: clock.id });
    const phone = "+14155550178";
    const contact = await client.contacts.create({ name: "Alan", phone });
    await client.messages.send({ contactId: contact.id, channel: "sms", body: "Hello" });
    await client.tenant.close({ confirmCompanyName: tenant.companyName });
    const held = () => fakes.twilio.heldFor({ phone, accountSid }).flatMap((h) => h.messages);
    fakes.faults.inject({
      vendor: "twilio",
      endpoint: "messages.delete",
      fault: { kind: "status", status: 500 },
      // Every attempt of the call: a single 500 the outbound retries survive.
      times: 4,
    });
    const crm = dueOf("crm", { accountClosed: T0 });
    await expect(advance(clock.id, crm)).rejects.toMatchObject({ name: "TestClockFailedError" });
    expect(await rowsPerTable(tenant.id)).toMatchObject({ contacts: 1, messages: 1 });
    expect(held()).toHaveLength(1);
    expect((await advance(clock.id, crm)).status).toBe("ready");
    expect(await rowsPerTable(tenant.id)).toMatchObject({ contacts: 0, messages: 0 });
    expect(held()).toEqual([]);
  });
});
