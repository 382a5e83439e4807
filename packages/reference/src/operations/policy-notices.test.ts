import { addDuration } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import { drivers } from "../test-support/boot.js";
import { noticeWorld } from "../test-support/notice-world.js";

// NOTICE-POLICY-30D through the API, on test clocks: the emails read at the email fake, the banners as
// the tenants' users see them, the notice period read from the enforced policy.

const tooShort = "https://crmfactory.ai/problems/notice-period-too-short";

describe.each(drivers)("policy-change notices on %s", (driver) => {
  let world: Awaited<ReturnType<typeof noticeWorld>>;
  beforeAll(async () => {
    world = await noticeWorld(driver);
  });
  const policy = () => world.reference.platform.policy;

  it("emails the administrators and shows a banner from the announcement until the change takes effect", async () => {
    const { operator, clockAt, advance, tenantOn, emailsTo } = world;
    const announcedAt = new Date("2026-05-20T09:00:00.000Z");
    const clock = await clockAt(announcedAt.toISOString());
    const elsewhere = await clockAt(announcedAt.toISOString());
    const reached = [await tenantOn(clock.id), await tenantOn(clock.id)];
    const outside = await tenantOn(elsewhere.id);
    // The earliest date the policy allows is accepted.
    const effectiveAt = addDuration(announcedAt, policy().notices.policyChange.atLeast);
    const announcement = await operator.policyNotices.create({
      title: "Privacy policy of July",
      summary: "Adds a subprocessor for support chat.",
      policyVersion: "2026-07-01",
      effectiveAt: effectiveAt.toISOString(),
      material: true,
      testClockId: clock.id,
    });
    expect(announcement).toMatchObject({
      announcedAt: announcedAt.toISOString(),
      effectiveAt: effectiveAt.toISOString(),
      tenantsNotified: reached.length,
      testClockId: clock.id,
    });
    expect((await operator.policyNotices.list({ limit: 100 })).data).toContainEqual(announcement);

    // The clock's current time runs the jobs already due: the emails go out at the announcement.
    await advance(clock.id, announcedAt);
    const recipientRoles = policy().notices.policyChange.to;
    for (const tenant of reached) {
      const [notice] = (await tenant.client.notices.list({ type: "policy-change" })).data;
      expect(notice).toMatchObject({
        type: "policy-change",
        publishedAt: announcedAt.toISOString(),
        effectiveAt: effectiveAt.toISOString(),
        policyVersion: "2026-07-01",
        incidentId: null,
      });
      const emailedAt = new Date(notice?.emailedAt ?? Number.NaN);
      expect(addDuration(emailedAt, policy().notices.policyChange.atLeast).getTime()).toBeLessThanOrEqual(
        effectiveAt.getTime(),
      );
      const users = [tenant.owner, tenant.admin, tenant.member, tenant.viewer];
      const recipients = users.filter((u) => recipientRoles.includes(u.role));
      expect(recipients.length).toBeGreaterThan(0);
      expect([...(notice?.emailedTo ?? [])].sort()).toEqual(recipients.map((u) => u.id).sort());
      for (const user of users) {
        const sent = emailsTo(user.email, "policy-change");
        if (!recipientRoles.includes(user.role)) {
          expect(sent, user.role).toEqual([]);
          continue;
        }
        expect(sent, user.role).toHaveLength(1);
        expect(sent[0]?.crmfactory).toMatchObject({ ref: announcement.id, tenant: tenant.tenant.id });
      }
      expect((await tenant.client.banners.list()).data).toEqual([
        expect.objectContaining({
          noticeId: notice?.id,
          activeFrom: announcedAt.toISOString(),
          activeUntil: effectiveAt.toISOString(),
        }),
      ]);
    }
    expect(emailsTo(outside.owner.email, "policy-change")).toEqual([]);
    expect((await outside.client.notices.list()).data).toEqual([]);
    expect((await outside.client.banners.list()).data).toEqual([]);

    // Shown until the instant the change takes effect, and not after (a call half-way keeps the
    // sessions rotating, as a signed-in user's would).
    const [first] = reached;
    if (!first) throw new Error("no tenant");
    await advance(clock.id, new Date((announcedAt.getTime() + effectiveAt.getTime()) / 2));
    expect((await first.client.banners.list()).data).toHaveLength(1);
    await advance(clock.id, new Date(effectiveAt.getTime() - 1));
    expect((await first.client.banners.list()).data).toHaveLength(1);
    await advance(clock.id, effectiveAt);
    expect((await first.client.banners.list()).data).toEqual([]);
    // The notice itself stays readable once the banner is gone.
    expect((await first.client.notices.list()).data).toHaveLength(1);
  });

  it("refuses a material change announced too late with the contract's problem, sending and storing nothing", async () => {
    const { operator, clockAt, advance, tenantOn, emailsTo } = world;
    const now = new Date("2026-08-03T10:00:00.000Z");
    const clock = await clockAt(now.toISOString());
    const tenant = await tenantOn(clock.id);
    const before = (await operator.policyNotices.list({ limit: 100 })).data;
    const late = new Date(addDuration(now, policy().notices.policyChange.atLeast).getTime() - 1);
    const input = {
      title: "Privacy policy of September",
      summary: "Shortens the raw telemetry retention.",
      policyVersion: "2026-09-01",
      effectiveAt: late.toISOString(),
      material: true,
      testClockId: clock.id,
    };
    await expect(operator.policyNotices.create(input)).rejects.toMatchObject({
      status: 422,
      problem: { type: tooShort },
    });
    await advance(clock.id, new Date(now.getTime() + 3_600_000));
    expect((await operator.policyNotices.list({ limit: 100 })).data).toEqual(before);
    expect((await tenant.client.notices.list()).data).toEqual([]);
    expect((await tenant.client.banners.list()).data).toEqual([]);
    expect(emailsTo(tenant.owner.email, "policy-change")).toEqual([]);

    // A change that is not material may take effect sooner; one taking effect now or before is refused.
    const minor = await operator.policyNotices.create({ ...input, material: false });
    expect(minor.material).toBe(false);
    await expect(
      operator.policyNotices.create({ ...input, material: false, effectiveAt: "2026-08-03T09:00:00.000Z" }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
