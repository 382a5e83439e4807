import { randomUUID } from "node:crypto";
import { ValidationError } from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { addDuration } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { callAs, tenantSql } from "../test-support/data-plane.js";

async function counts(reference: TestReference, tenantId: string) {
  const [row] = await tenantSql<{ events: number; aggregates: number }>(
    reference,
    tenantId,
    `SELECT (SELECT count(*)::int FROM telemetry_events) AS events,
       (SELECT count(*)::int FROM telemetry_aggregates) AS aggregates`,
  );
  return row;
}

describe.each(drivers)("telemetry on %s", (driver) => {
  let reference: TestReference;
  const fakes = createSubprocessorFakes({ seed: `reference-telemetry-${driver}` });
  const resendKey = `re_test_reference_telemetry_${driver}`;
  beforeAll(async () => {
    reference = await bootReference(driver, {
      fetch: (request) => fakes.fetch(request),
      parts: { messaging: { resend: { apiKey: resendKey, from: "crm@acme.example" } } },
    });
  });

  it("records events at the tenant's clock time, about the caller unless told, and lists them by subject", async () => {
    const frozen = "2031-05-31T23:30:00.000Z";
    const clock = await reference.operator().testClocks.create({ frozenTime: frozen });
    const { client, owner } = await signUp(reference, { testClockId: clock.id });
    const contact = await client.contacts.create({ name: "Grace" });
    const view = await client.telemetry.recordEvent({
      type: "page-view",
      name: "/contacts",
      durationMs: 412,
    });
    expect(view).toMatchObject({
      type: "page-view",
      name: "/contacts",
      userId: owner.id,
      contactId: null,
      durationMs: 412,
      properties: {},
      collectedAt: frozen,
    });
    const about = await client.telemetry.recordEvent({
      type: "feature-use",
      name: "call",
      contactId: contact.id,
      properties: { channel: "voice", ok: true, tries: 2 },
    });
    expect(about.durationMs).toBeNull();
    expect((await client.telemetry.listEvents({ contactId: contact.id })).data).toEqual([about]);
    // Both share the frozen clock's instant, so the list's order between them is the id's.
    expect((await client.telemetry.listEvents({ userId: owner.id })).data.map((e) => e.id)).toEqual(
      [view.id, about.id].sort(),
    );
  });

  it("counts events per UTC day and month with the mean duration", async () => {
    const clock = await reference.operator().testClocks.create({ frozenTime: "2031-05-31T23:00:00.000Z" });
    const { client } = await signUp(reference, { testClockId: clock.id });
    await client.telemetry.recordEvent({ type: "performance", name: "load", durationMs: 100 });
    await client.telemetry.recordEvent({ type: "performance", name: "load", durationMs: 300 });
    await client.telemetry.recordEvent({ type: "performance", name: "load" });
    await reference
      .operator()
      .testClocks.advanceAndWait(clock.id, { frozenTime: "2031-06-01T01:00:00.000Z" });
    await client.telemetry.recordEvent({ type: "performance", name: "load", durationMs: 50 });
    const days = (await client.telemetry.listAggregates({ granularity: "day" })).data;
    expect(
      days.map(({ periodStart, periodEnd, count, durationMsAvg, eventType, name }) => ({
        periodStart,
        periodEnd,
        count,
        durationMsAvg,
        eventType,
        name,
      })),
    ).toEqual([
      {
        periodStart: "2031-05-31T00:00:00.000Z",
        periodEnd: "2031-06-01T00:00:00.000Z",
        count: 3,
        durationMsAvg: 200,
        eventType: "performance",
        name: "load",
      },
      {
        periodStart: "2031-06-01T00:00:00.000Z",
        periodEnd: "2031-06-02T00:00:00.000Z",
        count: 1,
        durationMsAvg: 50,
        eventType: "performance",
        name: "load",
      },
    ]);
    const months = (await client.telemetry.listAggregates({ granularity: "month" })).data;
    expect(months.map((m) => [m.periodStart, m.periodEnd, m.count])).toEqual([
      ["2031-05-01T00:00:00.000Z", "2031-06-01T00:00:00.000Z", 3],
      ["2031-06-01T00:00:00.000Z", "2031-07-01T00:00:00.000Z", 1],
    ]);
    expect((await client.telemetry.listAggregates()).data).toHaveLength(4);
  });

  it("keeps every identifier of the subjects out of the aggregate rows", async () => {
    const { client, owner, tenant } = await signUp(reference);
    const contact = await client.contacts.create({
      name: "Grace Hopper",
      email: "grace.hopper@navy.example",
      phone: "+15555550123",
    });
    const other = await client.contacts.create({ name: "Someone Else", email: "else@navy.example" });
    const names = [
      `/contacts/${contact.id}`,
      `/people/Grace Hopper`,
      `/search/${contact.email}`,
      `/dial/${contact.phone}`,
      `/users/${owner.id}/${owner.name}/${owner.email}`,
      `/contacts/${other.id}?email=${other.email}`,
    ];
    for (const name of names) {
      await client.telemetry.recordEvent({ type: "page-view", name, contactId: contact.id });
    }
    const rows = await tenantSql(reference, tenant.id, "SELECT * FROM telemetry_aggregates");
    expect(rows).toHaveLength(names.length * 2);
    const stored = JSON.stringify(rows).toLowerCase();
    for (const identifier of [
      contact.id,
      contact.name,
      contact.email,
      contact.phone,
      owner.id,
      owner.name,
      owner.email,
      other.id,
      other.email,
    ]) {
      expect(stored).not.toContain(String(identifier).toLowerCase());
    }
    const raw = await client.telemetry.listEvents({ contactId: contact.id });
    expect(raw.data.map((e) => e.name).sort()).toEqual([...names].sort());
  });

  it("keeps the names of subjects the event is not about out of the aggregates too", async () => {
    const { client, owner, tenant } = await signUp(reference);
    const about = await client.contacts.create({ name: "Ada Lovelace" });
    const other = await client.contacts.create({ name: "Katherine Johnson" });
    await client.telemetry.recordEvent({
      type: "page-view",
      name: `/people/${other.name}/notes/by/${owner.name}`,
      contactId: about.id,
    });
    await client.telemetry.recordEvent({ type: "feature-use", name: `/dial/${other.name.toUpperCase()}` });
    const rows = await tenantSql<{ name: string }>(
      reference,
      tenant.id,
      "SELECT name FROM telemetry_aggregates",
    );
    expect(rows.map((row) => row.name).sort()).toEqual([
      "/dial/{name}",
      "/dial/{name}",
      "/people/{name}/notes/by/{name}",
      "/people/{name}/notes/by/{name}",
    ]);
  });

  it("drops a contact's raw events with the contact, keeping the counts", async () => {
    const { client, tenant } = await signUp(reference);
    const contact = await client.contacts.create({ name: "Grace" });
    await client.telemetry.recordEvent({ type: "error", name: "E42", contactId: contact.id });
    await client.contacts.delete(contact.id);
    expect(await counts(reference, tenant.id)).toEqual({ events: 0, aggregates: 2 });
  });

  it("refuses bad input and other tenants' subjects with problem details, writing nothing", async () => {
    const other = await signUp(reference);
    const theirContact = await other.client.contacts.create({ name: "Theirs" });
    const { client, tenant, session } = await signUp(reference);
    const call = callAs(reference, session.token);
    for (const body of [
      { type: "page-view", name: "/x", userId: other.owner.id },
      { type: "page-view", name: "/x", contactId: theirContact.id },
      { type: "page-view", name: "/x", contactId: randomUUID() },
      { type: "page-view", name: "/x", extra: "field" },
      { type: "click", name: "/x" },
      { type: "page-view", name: "" },
      { type: "page-view", name: "/x", durationMs: -1 },
      { type: "page-view", name: "/x", properties: { nested: { no: true } } },
      { type: "page-view", name: "/x", userId: "'; DROP TABLE telemetry_events; --" },
    ]) {
      const response = await call("POST", "/telemetry/events", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json()).type).toBe("https://crmfactory.ai/problems/validation-failed");
    }
    expect((await call("GET", "/telemetry/aggregates?granularity=week")).status).toBe(400);
    expect((await call("GET", "/telemetry/events?contactId=1%27%20OR%201%3D1")).status).toBe(400);
    await expect(
      client.telemetry.recordEvent({ type: "page-view", name: "/x", userId: other.owner.id }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await counts(reference, tenant.id)).toEqual({ events: 0, aggregates: 0 });
    const verbatim = "/q?x='; DROP TABLE telemetry_aggregates; --";
    expect((await client.telemetry.recordEvent({ type: "page-view", name: verbatim })).name).toBe(verbatim);
    expect((await client.telemetry.listAggregates()).data.map((a) => a.name)).toEqual([verbatim, verbatim]);
  });

  it("lists CRM and telemetry holdings in the test-mode inventory, each raw event on its own collection clock", async () => {
    const operator = reference.operator();
    const frozen = "2031-09-15T10:00:00.000Z";
    const clock = await operator.testClocks.create({ frozenTime: frozen });
    const { client, tenant, owner } = await signUp(reference, { testClockId: clock.id });
    const contact = await client.contacts.create({ name: "Held", email: "held@navy.example" });
    const deal = await client.crmObjects.create({ type: "deal", contactIds: [contact.id] });
    const event = await client.telemetry.recordEvent({
      type: "page-view",
      name: "/held",
      contactId: contact.id,
    });
    const inventory = await operator.testClocks.getTenantInventory(clock.id, tenant.id);
    const holding = (recordType: string) => inventory.holdings.find((h) => h.recordType === recordType);
    expect(holding("contact")).toMatchObject({ category: "crm", recordIds: [contact.id] });
    expect(holding("crm-object")).toMatchObject({ category: "crm", recordIds: [deal.id] });
    expect(holding("email-contact")).toMatchObject({
      category: "crm",
      location: { type: "subprocessor", subprocessorId: "resend", service: "email" },
      count: 1,
    });
    const raw = holding("telemetry-event");
    const rawRule = Object.values(reference.platform.policy.retention).find((r) =>
      r.anchors.includes("collected"),
    );
    expect(raw).toMatchObject({ category: "telemetry", recordIds: [event.id], anchorAt: frozen });
    expect(raw?.purgeDueAt).toBe(addDuration(new Date(frozen), rawRule?.purgeWithin as string).toISOString());
    expect(holding("telemetry-aggregate")).toMatchObject({ count: 2, anchorAt: "2031-09-16T00:00:00.000Z" });
    const aboutContact = inventory.subjects.find(
      (s) => s.subject.type === "contact" && s.subject.contactId === contact.id,
    );
    expect(aboutContact?.holdings.map((h) => h.recordType).sort()).toEqual([
      "contact",
      "crm-object",
      "crm-object-contact-link",
      "email-contact",
    ]);
    const aboutOwner = inventory.subjects.find(
      (s) => s.subject.type === "user" && s.subject.userId === owner.id,
    );
    expect(aboutOwner?.holdings.map((h) => h.recordType)).toContain("telemetry-event");
  });
});
