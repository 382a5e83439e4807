import { randomBytes } from "node:crypto";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { tenantSql } from "../test-support/data-plane.js";
import { retentionProbe } from "../test-support/retention.js";

const T0 = new Date("2026-04-01T00:00:00.000Z");
const DAY = 86_400_000;

describe.each(drivers)("retention windows on %s", (driver) => {
  let reference: TestReference;
  const fakes = createSubprocessorFakes({ seed: `retention-windows-${driver}` });
  beforeAll(async () => {
    reference = await bootReference(driver, { fetch: (request) => fakes.fetch(request) });
  });
  const newClock = () => reference.operator().testClocks.create({ frozenTime: T0.toISOString() });

  async function salesforce() {
    const instanceUrl = `https://acme-${randomBytes(4).toString("hex")}.my.salesforce.com`;
    fakes.integrations.salesforce.seed({
      instanceUrl,
      clientId: "cid",
      clientSecret: "client-secret",
      accounts: [{ Name: "Acme Corp" }],
      contacts: [{ FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com" }],
      leads: [],
    });
    const token = (await (
      await fakes.fetch(`${instanceUrl}/services/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: "cid",
          client_secret: "client-secret",
        }).toString(),
      })
    ).json()) as { access_token: string };
    return { baseUrl: instanceUrl, accessToken: token.access_token };
  }

  for (const how of ["resubscribing", "reopening"] as const) {
    it(`cancels the pending deletion when ${how} inside the export window`, async () => {
      const { advance, justBefore, dueOf, rowsPerTable, status, catalogRows, overdue } =
        retentionProbe(reference);
      const clock = await newClock();
      const { client, tenant } = await signUp(reference, { testClockId: clock.id });
      await client.contacts.create({ name: "Grace", email: "grace@example.com" });
      const event = how === "resubscribing" ? "subscriptionEnded" : "accountClosed";
      const ended =
        how === "resubscribing"
          ? await client.tenant.endSubscription()
          : await client.tenant.close({ confirmCompanyName: tenant.companyName });
      const windowEnd = new Date(ended.exportWindowEndsAt ?? "");
      expect(windowEnd).toEqual(dueOf("authentication-credentials", { [event]: T0 }));
      await advance(clock.id, justBefore(windowEnd));
      const back =
        how === "resubscribing"
          ? await client.tenant.startSubscription({ plan: "starter" })
          : await client.tenant.reopen();
      expect(back).toMatchObject({ status: "active", deletionDueAt: null });
      // Past every deadline the closure would have set: nothing was purged, no sweep ran.
      const crm = dueOf("crm", { [event]: T0 });
      await advance(clock.id, new Date(crm.getTime() + DAY));
      expect(await rowsPerTable(tenant.id)).toMatchObject({ users: 1, contacts: 1 });
      expect((await rowsPerTable(tenant.id)).sessions).toBeGreaterThan(0);
      expect(await status(tenant.id)).toBe("active");
      // Only the idempotent replays' own lifetime ever made a sweep due; none is pending any more.
      expect(
        await catalogRows(
          "SELECT due_at FROM catalog.jobs WHERE tenant_id = $1 AND kind = 'retention-sweep' AND status = 'pending'",
          [tenant.id],
        ),
      ).toEqual([]);
      expect(await overdue(clock.id, tenant.id)).toEqual([]);
    });
  }

  it("purges raw telemetry per event from its collection and aggregates per period from its end", async () => {
    const { advance, justBefore, dueOf, overdue } = retentionProbe(reference);
    const clock = await newClock();
    const { client, tenant } = await signUp(reference, { testClockId: clock.id });
    const first = await client.telemetry.recordEvent({ type: "feature-use", name: "pipeline-view" });
    const nextDay = new Date(T0.getTime() + DAY);
    await advance(clock.id, nextDay);
    const second = await client.telemetry.recordEvent({ type: "feature-use", name: "pipeline-view" });
    const events = () =>
      tenantSql<{ id: string }>(
        reference,
        tenant.id,
        "SELECT id FROM telemetry_events ORDER BY collected_at",
      );
    const aggregates = () =>
      tenantSql<{ granularity: string; period_start: Date }>(
        reference,
        tenant.id,
        "SELECT granularity, period_start FROM telemetry_aggregates ORDER BY granularity, period_start",
      );

    const firstDue = dueOf("telemetry-raw", { collected: new Date(first.collectedAt) });
    const secondDue = dueOf("telemetry-raw", { collected: new Date(second.collectedAt) });
    await advance(clock.id, justBefore(firstDue));
    expect((await events()).map((e) => e.id)).toEqual([first.id, second.id]);
    await advance(clock.id, firstDue);
    expect((await events()).map((e) => e.id)).toEqual([second.id]);
    expect(await overdue(clock.id, tenant.id)).toEqual([]);
    await advance(clock.id, secondDue);
    expect(await events()).toEqual([]);

    // The first day's aggregate ends at the next day's start; the month's at the next month's.
    const dayDue = dueOf("telemetry-aggregated", { periodEnded: nextDay });
    await advance(clock.id, justBefore(dayDue));
    expect((await aggregates()).map((a) => `${a.granularity}:${a.period_start.toISOString()}`)).toEqual([
      `day:${T0.toISOString()}`,
      `day:${nextDay.toISOString()}`,
      `month:${T0.toISOString()}`,
    ]);
    await advance(clock.id, dayDue);
    expect((await aggregates()).map((a) => `${a.granularity}:${a.period_start.toISOString()}`)).toEqual([
      `day:${nextDay.toISOString()}`,
      `month:${T0.toISOString()}`,
    ]);
    expect(await overdue(clock.id, tenant.id)).toEqual([]);
    const monthEnd = new Date(Date.UTC(T0.getUTCFullYear(), T0.getUTCMonth() + 1, 1));
    await advance(clock.id, dueOf("telemetry-aggregated", { periodEnded: monthEnd }));
    expect(await aggregates()).toEqual([]);
  });

  it("purges an integration at its disconnection, and one still connected at closure when the window ends", async () => {
    const { advance, justBefore, dueOf, catalogRows, overdue } = retentionProbe(reference);
    const clock = await newClock();
    const { client, tenant } = await signUp(reference, { testClockId: clock.id });
    const early = await client.integrations.connect({
      provider: "salesforce",
      credentials: await salesforce(),
    });
    await client.integrations.sync(early.id);
    const kept = await client.integrations.connect({
      provider: "salesforce",
      credentials: await salesforce(),
    });
    await client.integrations.sync(kept.id);
    const state = () =>
      tenantSql<{ id: string; status: string; sealed: boolean; records: number }>(
        reference,
        tenant.id,
        `SELECT i.id, i.status, i.credentials_sealed IS NOT NULL AS sealed,
           (SELECT count(*)::int FROM integration_records r WHERE r.integration_id = i.id) AS records
         FROM integrations i ORDER BY i.created_at, i.id`,
      );
    const destinations = () =>
      catalogRows("SELECT source_id FROM catalog.outbound_destinations WHERE tenant_id = $1", [tenant.id]);
    await client.integrations.disconnect(early.id);
    expect((await state()).find((i) => i.id === early.id)).toMatchObject({ sealed: false, records: 0 });
    await client.tenant.close({ confirmCompanyName: tenant.companyName });

    const windowEnd = dueOf("integration", { accountClosed: T0 });
    await advance(clock.id, justBefore(windowEnd));
    expect((await state()).find((i) => i.id === kept.id)).toMatchObject({
      status: "connected",
      sealed: true,
    });
    expect((await state()).find((i) => i.id === kept.id)?.records).toBeGreaterThan(0);
    expect(await destinations()).toEqual([{ source_id: kept.id }]);
    await advance(clock.id, windowEnd);
    expect((await state()).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [early.id, kept.id].sort().map((id) => ({ id, status: "disconnected", sealed: false, records: 0 })),
    );
    expect(await destinations()).toEqual([]);
    expect(await overdue(clock.id, tenant.id)).toEqual([]);
  });
});
