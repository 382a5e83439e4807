import { ConflictError, NotFoundError, ValidationError } from "@crmfactory/sdk";
import { addDuration, purgeWindow } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import { drivers } from "../test-support/boot.js";
import { noticeWorld } from "../test-support/notice-world.js";

// NOTICE-BREACH-72H and RET-SECURITY through the API, on test clocks, with the emails read at the email
// fake as the recipients would read them. Every number comes from the enforced policy.

describe.each(drivers)("security incidents on %s", (driver) => {
  let world: Awaited<ReturnType<typeof noticeWorld>>;
  beforeAll(async () => {
    world = await noticeWorld(driver);
  });
  const policy = () => world.reference.platform.policy;

  it("emails each affected tenant's administrators by confirmation + the policy's period, never before confirmation", async () => {
    const { operator, clockAt, advance, tenantOn, emailsTo } = world;
    const clock = await clockAt("2026-05-10T08:00:00.000Z");
    const affected = await tenantOn(clock.id);
    const bystander = await tenantOn(clock.id);
    const incident = await operator.incidents.create({
      title: "Support-tool API key exposed",
      description: "An API key of the support tool was found in a public paste.",
      detectedAt: "2026-05-10T07:30:00.000Z",
      affectedTenantIds: [affected.tenant.id],
      categories: ["account"],
      testClockId: clock.id,
    });
    expect(incident).toMatchObject({
      status: "recorded",
      recordedAt: "2026-05-10T08:00:00.000Z",
      confirmedAt: null,
      notifyBy: null,
      affectedTenants: [{ tenantId: affected.tenant.id, noticeId: null, notifiedAt: null }],
      testClockId: clock.id,
    });

    // Recorded but not confirmed: days pass and nobody is told.
    await advance(clock.id, "2026-05-12T08:00:00.000Z");
    expect(emailsTo(affected.owner.email, "breach-notice")).toEqual([]);
    expect((await affected.client.notices.list()).data).toEqual([]);

    const confirmed = await operator.incidents.confirm(incident.id, {
      summary: "Names and emails were readable.",
    });
    const confirmedAt = new Date("2026-05-12T08:00:00.000Z");
    const notifyBy = addDuration(confirmedAt, policy().notices.breach.within);
    expect(confirmed).toMatchObject({
      status: "confirmed",
      confirmedAt: confirmedAt.toISOString(),
      notifyBy: notifyBy.toISOString(),
    });

    // The clock moves exactly to the deadline: the emails must be out by then.
    await advance(clock.id, notifyBy);
    const recipients = [affected.owner, affected.admin].filter((u) =>
      policy().notices.breach.to.includes(u.role),
    );
    expect(recipients.length).toBeGreaterThan(0);
    for (const user of recipients) {
      const sent = emailsTo(user.email, "breach-notice");
      expect(sent, user.role).toHaveLength(1);
      expect(sent[0]?.crmfactory).toMatchObject({ ref: incident.id, tenant: affected.tenant.id });
      expect(sent[0]?.text).toContain("Names and emails were readable.");
    }
    for (const user of [affected.member, affected.viewer]) {
      if (!policy().notices.breach.to.includes(user.role))
        expect(emailsTo(user.email, "breach-notice"), user.role).toEqual([]);
    }
    expect(emailsTo(bystander.owner.email, "breach-notice")).toEqual([]);
    expect((await bystander.client.notices.list()).data).toEqual([]);

    const [notice] = (await affected.client.notices.list({ type: "breach" })).data;
    expect(notice).toMatchObject({ type: "breach", incidentId: incident.id, effectiveAt: null });
    const emailedAt = new Date(notice?.emailedAt ?? Number.NaN);
    expect(emailedAt.getTime()).toBeGreaterThanOrEqual(confirmedAt.getTime());
    expect(emailedAt.getTime()).toBeLessThanOrEqual(notifyBy.getTime());
    expect([...(notice?.emailedTo ?? [])].sort()).toEqual(recipients.map((u) => u.id).sort());
    expect(await affected.client.notices.get(notice?.id ?? "")).toEqual(notice);
    expect((await affected.client.notices.list({ type: "policy-change" })).data).toEqual([]);
    expect((await operator.incidents.get(incident.id)).affectedTenants).toEqual([
      { tenantId: affected.tenant.id, noticeId: notice?.id, notifiedAt: notice?.emailedAt },
    ]);
    const listed = await operator.incidents.list({ limit: 100 });
    expect(listed.data.map((i) => i.id)).toContain(incident.id);
    // Another tenant's notice is not found through this tenant's session.
    await expect(bystander.client.notices.get(notice?.id ?? "")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses a tenant outside the incident's clock, a missing clock in test mode, and a second confirmation", async () => {
    const { operator, clockAt, tenantOn } = world;
    const clock = await clockAt("2026-06-01T00:00:00.000Z");
    const other = await clockAt("2026-06-01T00:00:00.000Z");
    const tenant = await tenantOn(other.id);
    const input = {
      title: "Exposed backup",
      description: "A backup bucket was public for an hour.",
      detectedAt: "2026-05-31T23:00:00.000Z",
      affectedTenantIds: [tenant.tenant.id],
      categories: ["crm" as const],
    };
    const before = (await operator.incidents.list({ limit: 100 })).data.length;
    await expect(operator.incidents.create({ ...input, testClockId: clock.id })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(operator.incidents.create(input)).rejects.toBeInstanceOf(ValidationError);
    await expect(
      operator.incidents.create({ ...input, testClockId: other.id, detectedAt: "2026-06-02T00:00:00.000Z" }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await operator.incidents.list({ limit: 100 })).data).toHaveLength(before);
    const incident = await operator.incidents.create({ ...input, testClockId: other.id });
    // The body is optional: without a summary the notice says what the incident record says.
    await operator.incidents.confirm(incident.id);
    await expect(operator.incidents.confirm(incident.id, {})).rejects.toBeInstanceOf(ConflictError);
    await operator.testClocks.advanceAndWait(other.id, { frozenTime: "2026-06-01T00:00:00.000Z" });
    const [notice] = (await tenant.client.notices.list()).data;
    expect(notice?.body).toBe(input.description);
    // A tenant's session cannot reach the operator's incidents at all.
    await expect(
      (tenant.client as unknown as typeof operator).incidents.get(incident.id),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("keeps incident records through an erasure and the account's closure, until their own rule's deadline", async () => {
    const { operator, clockAt, advance, tenantOn, reference } = world;
    const clock = await clockAt("2026-07-01T00:00:00.000Z");
    const tenant = await tenantOn(clock.id);
    const incident = await operator.incidents.create({
      title: "Leaked session log",
      description: "Session metadata reached a log sink for a day.",
      detectedAt: "2026-06-30T12:00:00.000Z",
      affectedTenantIds: [tenant.tenant.id],
      categories: ["authentication"],
      testClockId: clock.id,
    });
    await operator.incidents.confirm(incident.id, {});
    await advance(clock.id, "2026-07-02T00:00:00.000Z");
    const [notice] = (await tenant.client.notices.list()).data;
    expect(notice?.emailedTo).toContain(tenant.admin.id);

    // Erasing the administrator removes them from the notice's recipients, never the incident record.
    const deletion = await tenant.client.deletions.create({
      targets: [{ type: "user", id: tenant.admin.id }],
    });
    // The erasure job runs at once on the tenant's clock (well inside the erasure deadline).
    await advance(clock.id, "2026-07-02T01:00:00.000Z");
    expect((await tenant.client.deletions.get(deletion.id)).status).toBe("completed");
    expect((await tenant.client.notices.get(notice?.id ?? "")).emailedTo).not.toContain(tenant.admin.id);
    expect((await operator.incidents.get(incident.id)).affectedTenants.map((a) => a.tenantId)).toEqual([
      tenant.tenant.id,
    ]);

    // Closure: the account's data goes, the incident record stays until its own rule's deadline.
    const closed = await tenant.client.tenant.close({ confirmCompanyName: tenant.tenant.companyName });
    const closedAt = new Date(closed.closedAt ?? Number.NaN);
    const rule = policy().retention["security-incidents"];
    if (!rule) throw new Error("the policy has no security-incidents rule");
    const window = purgeWindow(rule, { accountClosed: closedAt }, policy().parameters.sweepTolerance);
    if (!window?.purgeDue) throw new Error("the incident rule has no deadline after closure");
    const purged = new Date(closed.deletionDueAt ?? Number.NaN);
    expect(purged.getTime()).toBeLessThan(window.purgeDue.getTime());
    await advance(clock.id, addDuration(purged, "P1D"));
    expect((await operator.testClocks.get(clock.id)).status).toBe("ready");
    const inventory = await reference.operator().testClocks.getTenantInventory(clock.id, tenant.tenant.id);
    expect(inventory.tenantStatus).toBe("purged");
    const held = inventory.holdings.find((h) => h.recordType === "incident");
    expect(held).toMatchObject({ rule: "security-incidents", recordIds: [incident.id] });
    expect(held?.purgeDueAt).toBe(window.purgeDue.toISOString());
    expect(inventory.holdings.find((h) => h.recordType === "notice")).toBeUndefined();

    await advance(clock.id, new Date(window.purgeDue.getTime() - 86_400_000));
    expect((await operator.incidents.get(incident.id)).affectedTenants).toHaveLength(1);
    await advance(clock.id, window.lateAt);
    await expect(operator.incidents.get(incident.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
