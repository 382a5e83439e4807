import { retentionScheduleView } from "@crmfactory/api";
import { beforeAll, describe, expect, it } from "vitest";
import type { JobContext } from "../platform/jobs.js";
import { problem } from "../platform/problem.js";
import {
  baseUrl,
  bootReference,
  drivers,
  operatorToken,
  signUp,
  type TestReference,
} from "../test-support/boot.js";

describe.each(drivers)("test clocks on %s", (driver) => {
  let reference: TestReference;
  const seen: { label: unknown; now: string; tenantSees: string | undefined }[] = [];
  let release: (() => void) | undefined;
  let failures = 0;
  beforeAll(async () => {
    reference = await bootReference(driver, { limits: { testClockAdvanceTimeout: "PT3S" } });
    reference.platform.jobs.register("test-record", async ({ job, now, database }: JobContext) => {
      const [row] = await database.transaction((tx) =>
        tx.query<{ frozen_time: Date }>(
          "SELECT c.frozen_time FROM catalog.tenants t JOIN catalog.test_clocks c ON c.id = t.test_clock_id WHERE t.id = $1",
          [job.tenantId],
        ),
      );
      seen.push({
        label: job.payload.label,
        now: now.toISOString(),
        tenantSees: row?.frozen_time.toISOString(),
      });
    });
    reference.platform.jobs.register("test-block", () => new Promise<void>((resolve) => (release = resolve)));
    reference.platform.jobs.register("test-fail-once", async () => {
      if (failures++ === 0) throw problem("unavailable", "the vendor answered 503");
    });
    reference.platform.jobs.register("test-hang", () => new Promise<void>(() => {}));
  });

  const operator = () => reference.operator();
  const schedule = (tenantId: string, kind: string, dueAt: string, label?: string) =>
    reference.platform.database.transaction((tx) =>
      reference.platform.jobs.schedule(tx, { kind, tenantId, dueAt: new Date(dueAt), payload: { label } }),
    );
  const waitFor = async (id: string, status: string) => {
    for (let i = 0; i < 200; i++) {
      const clock = await operator().testClocks.get(id);
      if (clock.status === status) return clock;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`clock ${id} never became ${status}`);
  };

  it("binds a tenant to a clock: its timestamps are the clock's time", async () => {
    const clock = await operator().testClocks.create({
      frozenTime: "2026-04-01T00:00:00.000Z",
      name: "bind",
    });
    const { tenant, owner } = await signUp(reference, { testClockId: clock.id });
    expect(tenant).toMatchObject({
      testClockId: clock.id,
      createdAt: "2026-04-01T00:00:00.000Z",
      livemode: false,
    });
    expect(owner.createdAt).toBe("2026-04-01T00:00:00.000Z");
    expect(await operator().testClocks.get(clock.id)).toMatchObject({ tenantCount: 1, status: "ready" });
    const listed = [];
    for await (const c of operator().testClocks.list({ limit: 1 })) listed.push(c.id);
    expect(listed).toContain(clock.id);
  });

  it("runs the jobs that fell due in due order, each seeing its due time as now, and no later ones", async () => {
    const clock = await operator().testClocks.create({ frozenTime: "2026-04-01T00:00:00.000Z" });
    const { tenant, client } = await signUp(reference, { testClockId: clock.id });
    await schedule(tenant.id, "test-record", "2026-06-01T00:00:00.000Z", "june");
    await schedule(tenant.id, "test-record", "2026-05-01T00:00:00.000Z", "may");
    await schedule(tenant.id, "test-record", "2027-01-01T00:00:00.000Z", "next year");
    const advancing = await operator().testClocks.advance(clock.id, {
      frozenTime: "2026-07-01T00:00:00.000Z",
    });
    expect(advancing).toMatchObject({ status: "advancing", advancingTo: "2026-07-01T00:00:00.000Z" });
    const ready = await waitFor(clock.id, "ready");
    expect(ready.frozenTime).toBe("2026-07-01T00:00:00.000Z");
    expect(
      seen.filter((s) => s.label !== undefined && ["may", "june", "next year"].includes(s.label as string)),
    ).toEqual([
      { label: "may", now: "2026-05-01T00:00:00.000Z", tenantSees: "2026-05-01T00:00:00.000Z" },
      { label: "june", now: "2026-06-01T00:00:00.000Z", tenantSees: "2026-06-01T00:00:00.000Z" },
    ]);
    // Sessions live on the tenant's clock too: three months on, the sign-up session has expired.
    await expect(client.sessions.current()).rejects.toMatchObject({ status: 401 });
  });

  it("answers the clock's tenants test-clock-advancing while it advances", async () => {
    const clock = await operator().testClocks.create({ frozenTime: "2026-04-01T00:00:00.000Z" });
    const { tenant, session } = await signUp(reference, { testClockId: clock.id });
    await schedule(tenant.id, "test-block", "2026-04-02T00:00:00.000Z");
    await operator().testClocks.advance(clock.id, { frozenTime: "2026-04-03T00:00:00.000Z" });
    for (let i = 0; i < 200 && !release; i++) await new Promise((r) => setTimeout(r, 10));
    const response = await reference.checkedFetch(
      new Request(`${baseUrl}/tenant`, { headers: { authorization: `Bearer ${session.token}` } }),
    );
    expect(response.status).toBe(409);
    expect(response.headers.get("Retry-After")).toBeTruthy();
    expect((await response.json()).type).toBe("https://crmfactory.ai/problems/test-clock-advancing");
    release?.();
    await waitFor(clock.id, "ready");
  });

  it("stops at a failing job's due time, failed, and retries it first on the next advance", async () => {
    const clock = await operator().testClocks.create({ frozenTime: "2026-04-01T00:00:00.000Z" });
    const { tenant } = await signUp(reference, { testClockId: clock.id });
    await schedule(tenant.id, "test-fail-once", "2026-04-10T00:00:00.000Z");
    await operator().testClocks.advance(clock.id, { frozenTime: "2026-05-01T00:00:00.000Z" });
    const failed = await waitFor(clock.id, "failed");
    expect(failed).toMatchObject({
      frozenTime: "2026-04-10T00:00:00.000Z",
      failure: {
        job: "test-fail-once",
        dueAt: "2026-04-10T00:00:00.000Z",
        tenantId: tenant.id,
        problem: { status: 503 },
      },
    });
    await operator().testClocks.advance(clock.id, { frozenTime: "2026-05-01T00:00:00.000Z" });
    expect(await waitFor(clock.id, "ready")).toMatchObject({
      frozenTime: "2026-05-01T00:00:00.000Z",
      failure: null,
    });
  });

  it("ends an advance that runs past the limit failed instead of hanging", async () => {
    const clock = await operator().testClocks.create({ frozenTime: "2026-04-01T00:00:00.000Z" });
    const { tenant } = await signUp(reference, { testClockId: clock.id });
    await schedule(tenant.id, "test-hang", "2026-04-02T00:00:00.000Z");
    await operator().testClocks.advance(clock.id, { frozenTime: "2026-04-03T00:00:00.000Z" });
    const failed = await waitFor(clock.id, "failed");
    expect(failed.failure).toMatchObject({ job: "test-hang", problem: { status: 503 } });
  });

  it("refuses moving a clock backwards, and unknown clocks", async () => {
    const clock = await operator().testClocks.create({ frozenTime: "2026-04-01T00:00:00.000Z" });
    const advance = (id: string, frozenTime: string) =>
      reference.checkedFetch(
        new Request(`${baseUrl}/test-clocks/${id}/advance`, {
          method: "POST",
          headers: { authorization: `Bearer ${operatorToken}`, "content-type": "application/json" },
          body: JSON.stringify({ frozenTime }),
        }),
      );
    expect((await advance(clock.id, "2026-03-01T00:00:00.000Z")).status).toBe(400);
    expect((await advance(crypto.randomUUID(), "2026-05-01T00:00:00.000Z")).status).toBe(404);
    expect((await operator().testClocks.get(clock.id)).frozenTime).toBe("2026-04-01T00:00:00.000Z");
  });

  it("deletes a clock with its tenants and their schemas", async () => {
    const clock = await operator().testClocks.create({ frozenTime: "2026-04-01T00:00:00.000Z" });
    const { tenant, session } = await signUp(reference, { testClockId: clock.id });
    const [{ schema_name: schema }] = (await reference.platform.database.transaction((tx) =>
      tx.query<{ schema_name: string }>("SELECT schema_name FROM catalog.tenants WHERE id = $1", [tenant.id]),
    )) as [{ schema_name: string }];
    await operator().testClocks.delete(clock.id);
    const token = await reference.checkedFetch(
      new Request(`${baseUrl}/tenant`, { headers: { authorization: `Bearer ${session.token}` } }),
    );
    expect(token.status).toBe(401);
    for (let i = 0; i < 100; i++) {
      const left = await reference.platform.database.ownerTransaction((tx) =>
        tx.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [schema]),
      );
      if (left.length === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("the tenant's schema is still there");
  });
});

describe("test clocks in production mode", () => {
  it("do not exist", async () => {
    const reference = await bootReference("pglite", { mode: "production" });
    const response = await reference.checkedFetch(
      new Request(`${baseUrl}/test-clocks`, { headers: { authorization: `Bearer ${operatorToken}` } }),
    );
    expect(response.status).toBe(404);
    expect((await reference.client(null).meta.get()).mode).toBe("production");
  });
});

describe.each(drivers)("the tenant inventory on %s", (driver) => {
  let reference: TestReference;
  beforeAll(async () => {
    reference = await bootReference(driver);
  });

  it("lists what is held per holding and per subject, with the policy's windows after closure", async () => {
    const operator = reference.operator();
    const clock = await operator.testClocks.create({ frozenTime: "2026-04-01T00:00:00.000Z" });
    const owner = await signUp(reference, { testClockId: clock.id });
    await owner.client.tenant.close({ confirmCompanyName: owner.tenant.companyName });
    const inventory = await operator.testClocks.getTenantInventory(clock.id, owner.tenant.id);
    expect(inventory).toMatchObject({
      tenantId: owner.tenant.id,
      testClockId: clock.id,
      tenantStatus: "export-only",
    });
    const users = inventory.holdings.find((h) => h.recordType === "user");
    expect(users).toMatchObject({
      rule: "account",
      category: "account",
      count: 1,
      recordIds: [owner.owner.id],
    });
    expect(users?.anchorAt).toBe("2026-04-01T00:00:00.000Z");
    const sessions = inventory.holdings.find((h) => h.recordType === "session");
    const rule = retentionScheduleView(reference.platform.policy).rules.find(
      (r) => r.rule === "authentication-credentials",
    );
    expect(sessions?.availableUntil).toBe(
      (await import("@crmfactory/taxonomy"))
        .addDuration(new Date("2026-04-01T00:00:00.000Z"), rule?.keepFor as string)
        .toISOString(),
    );
    const audit = inventory.holdings.find((h) => h.recordType === "audit-entry");
    expect(audit).toMatchObject({ legalBasis: "legitimate-interests", count: 2 });
    const subject = inventory.subjects.find(
      (s) => s.subject.type === "user" && s.subject.userId === owner.owner.id,
    );
    expect(subject?.holdings.map((h) => h.recordType).sort()).toEqual(["session", "user"]);
  });

  it("answers not-found for a tenant of another clock", async () => {
    const operator = reference.operator();
    const a = await operator.testClocks.create({ frozenTime: "2026-04-01T00:00:00.000Z" });
    const b = await operator.testClocks.create({ frozenTime: "2026-04-01T00:00:00.000Z" });
    const owner = await signUp(reference, { testClockId: a.id });
    await expect(operator.testClocks.getTenantInventory(b.id, owner.tenant.id)).rejects.toMatchObject({
      status: 404,
    });
  });
});
