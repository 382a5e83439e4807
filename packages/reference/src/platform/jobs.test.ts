import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, type TestReference } from "../test-support/boot.js";
import type { JobContext } from "./jobs.js";
import { problem } from "./problem.js";

describe.each(drivers)("the job queue on %s", (driver) => {
  let reference: TestReference;
  const seen: { kind: string; now: string; label: unknown }[] = [];
  let failNext = false;
  let stepRuns = 0;
  beforeAll(async () => {
    reference = await bootReference(driver);
    const { jobs } = reference.platform;
    jobs.register(`record-${driver}`, async ({ job, now }: JobContext) => {
      seen.push({ kind: job.kind, now: now.toISOString(), label: job.payload.label });
    });
    jobs.register(`flaky-${driver}`, async ({ step }: JobContext) => {
      await step("vendor-call", async () => {
        stepRuns++;
        return "done";
      });
      if (failNext) {
        failNext = false;
        throw problem("unavailable", "the vendor answered 503");
      }
    });
  });

  const schedule = (kind: string, dueAt: string, label?: string) =>
    reference.platform.database.transaction((tx) =>
      reference.platform.jobs.schedule(tx, {
        kind,
        tenantId: null,
        dueAt: new Date(dueAt),
        payload: { label },
      }),
    );

  it("says which kinds it serves, and refuses to schedule one it does not", async () => {
    expect(reference.platform.jobs.has(`record-${driver}`)).toBe(true);
    expect(reference.platform.jobs.has(`unserved-${driver}`)).toBe(false);
    await expect(schedule(`unserved-${driver}`, "2026-04-01T00:00:00.000Z")).rejects.toThrow(/no handler/);
  });

  it("runs due jobs in due order, each seeing its own due time as now, and leaves later ones", async () => {
    const kind = `record-${driver}`;
    await schedule(kind, "2026-05-03T00:00:00.000Z", "third");
    await schedule(kind, "2026-05-01T00:00:00.000Z", "first");
    await schedule(kind, "2026-05-02T00:00:00.000Z", "second");
    await schedule(kind, "2027-01-01T00:00:00.000Z", "later");
    const upTo = new Date("2026-06-01T00:00:00.000Z");
    for (;;) {
      const job = await reference.platform.jobs.claimNext({ wallClock: true }, upTo);
      if (!job) break;
      expect(await reference.platform.jobs.run(job)).toBeUndefined();
    }
    expect(seen.filter((s) => s.kind === kind)).toEqual([
      { kind, now: "2026-05-01T00:00:00.000Z", label: "first" },
      { kind, now: "2026-05-02T00:00:00.000Z", label: "second" },
      { kind, now: "2026-05-03T00:00:00.000Z", label: "third" },
    ]);
    const pending = await reference.platform.database.transaction((tx) =>
      tx.query<{ due_at: Date }>("SELECT due_at FROM catalog.jobs WHERE kind = $1 AND status = 'pending'", [
        kind,
      ]),
    );
    expect(pending.map((row) => row.due_at.toISOString())).toEqual(["2027-01-01T00:00:00.000Z"]);
  });

  it("puts a failed job back and retries it without repeating a step its ledger recorded", async () => {
    const kind = `flaky-${driver}`;
    await schedule(kind, "2026-04-01T00:00:00.000Z");
    failNext = true;
    const upTo = new Date("2026-04-02T00:00:00.000Z");
    const first = await reference.platform.jobs.claimNext({ wallClock: true }, upTo);
    expect(first?.kind).toBe(kind);
    expect(await reference.platform.jobs.run(first!)).toMatchObject({ job: { id: first!.id } });
    const retried = await reference.platform.jobs.claimNext({ wallClock: true }, upTo);
    expect(retried).toMatchObject({ id: first!.id, attempts: 2 });
    expect(await reference.platform.jobs.run(retried!)).toBeUndefined();
    expect(stepRuns).toBe(1);
  });

  it("puts back on boot a job a crash left running", async () => {
    const kind = `record-${driver}`;
    await schedule(kind, "2026-03-01T00:00:00.000Z", "interrupted");
    const claimed = await reference.platform.jobs.claimNext(
      { wallClock: true },
      new Date("2026-03-02T00:00:00.000Z"),
    );
    expect(claimed?.payload.label).toBe("interrupted");
    expect(
      await reference.platform.jobs.claimNext({ wallClock: true }, new Date("2026-03-02T00:00:00.000Z")),
    ).toBeUndefined();
    expect(await reference.platform.jobs.recover()).toBe(1);
    const again = await reference.platform.jobs.claimNext(
      { wallClock: true },
      new Date("2026-03-02T00:00:00.000Z"),
    );
    expect(again?.id).toBe(claimed?.id);
    await reference.platform.jobs.run(again!);
  });
});
