import { addDuration } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl, bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { signInAs } from "../test-support/identity.js";

describe.each(drivers)("tenants on %s", (driver) => {
  let reference: TestReference;
  beforeAll(async () => {
    reference = await bootReference(driver);
  });
  const get = (token: string, path: string) =>
    reference.checkedFetch(
      new Request(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } }),
    );
  const waitReady = async (id: string) => {
    for (let i = 0; i < 200; i++) {
      const clock = await reference.operator().testClocks.get(id);
      if (clock.status !== "advancing") return clock;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("clock never ready");
  };

  it("closes the account into export-only for the policy's export window, then reopens it", async () => {
    const clock = await reference.operator().testClocks.create({ frozenTime: "2026-04-01T00:00:00.000Z" });
    const owner = await signUp(reference, { testClockId: clock.id });
    const viewer = await signInAs(reference, owner, "viewer");
    await expect(owner.client.tenant.close({ confirmCompanyName: "Not the name" })).rejects.toMatchObject({
      status: 400,
    });
    const closed = await owner.client.tenant.close({ confirmCompanyName: owner.tenant.companyName });
    const window = reference.platform.policy.parameters.exportWindow;
    expect(closed).toMatchObject({
      status: "export-only",
      closedAt: "2026-04-01T00:00:00.000Z",
      exportWindowEndsAt: addDuration(new Date("2026-04-01T00:00:00.000Z"), window).toISOString(),
    });
    expect(Date.parse(closed.deletionDueAt as string)).toBeGreaterThan(
      Date.parse(closed.exportWindowEndsAt as string),
    );
    const refused = await get(owner.session.token, "/users");
    expect(refused.status).toBe(403);
    expect((await refused.json()).type).toBe("https://crmfactory.ai/problems/export-only");
    expect((await get(owner.session.token, "/tenant")).status).toBe(200);
    expect((await get(viewer.session.token, "/users")).status).toBe(403);
    const reopened = await owner.client.tenant.reopen();
    expect(reopened).toMatchObject({
      status: "active",
      closedAt: null,
      exportWindowEndsAt: null,
      deletionDueAt: null,
    });
    expect((await get(owner.session.token, "/users")).status).toBe(200);
  });

  it("ends the subscription into export-only; resubscribing inside the window makes it active again", async () => {
    const owner = await signUp(reference);
    const ended = await owner.client.tenant.endSubscription();
    expect(ended).toMatchObject({ status: "export-only", subscription: { status: "ended" } });
    // Ending it again is not an export-only operation: the account's state answers before the resource's.
    await expect(owner.client.tenant.endSubscription()).rejects.toMatchObject({ status: 403 });
    const resumed = await owner.client.tenant.startSubscription({ plan: "growth" });
    expect(resumed).toMatchObject({
      status: "active",
      subscription: { status: "active", plan: "growth", endedAt: null },
    });
  });

  it("stops sign-in once the export window has ended on the tenant's clock", async () => {
    const clock = await reference.operator().testClocks.create({ frozenTime: "2026-04-01T00:00:00.000Z" });
    const owner = await signUp(reference, { testClockId: clock.id });
    const closed = await owner.client.tenant.close({ confirmCompanyName: owner.tenant.companyName });
    const justBefore = new Date(Date.parse(closed.exportWindowEndsAt as string) - 1).toISOString();
    await reference.operator().testClocks.advance(clock.id, { frozenTime: justBefore });
    await waitReady(clock.id);
    expect((await get(owner.session.token, "/tenant")).status).toBe(200);
    await reference
      .operator()
      .testClocks.advance(clock.id, { frozenTime: closed.exportWindowEndsAt as string });
    await waitReady(clock.id);
    expect((await get(owner.session.token, "/tenant")).status).toBe(401);
    const [row] = await reference.platform.database.transaction((tx) =>
      tx.query<{ status: string }>("SELECT status FROM catalog.tenants WHERE id = $1", [owner.tenant.id]),
    );
    expect(row?.status).toBe("pending-deletion");
  });
});
