import { randomUUID } from "node:crypto";
import type { GroupJobHandler } from "../operations/operation-group.js";
import { findTenant } from "../platform/tenant-records.js";
import { finish, subjectsOf } from "./erasure-completion.js";
import { findReceipt } from "./erasure-receipts.js";
import { type CarriedErasure, deleteVendorObjects } from "./erasure-vendor-steps.js";
import type { Eraser } from "./privacy-parts.js";
import { planErasure } from "./subject-plan.js";

/** The job kind that runs an erasure, served by the erasure group. */
export const eraseJob = "erasure-run";

/**
 * The default eraser (§9 erasure, §10 children, §11 retention): `start` writes the `in_progress` receipt
 * and schedules the job, in the caller's transaction, so a refused request starts nothing.
 */
export const defaultEraser: Eraser = {
  async start(origin, input) {
    const receiptId = randomUUID();
    await origin.tx.query(
      `INSERT INTO erasure_receipts (id, source_type, source_id, subject, records, status, requested_by,
         requested_at, due_at, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, 'in_progress', $6::jsonb, $7, $8, $7)`,
      [
        receiptId,
        input.source.type,
        input.source.id,
        input.subject === null ? null : JSON.stringify(input.subject),
        JSON.stringify(input.records ?? []),
        JSON.stringify(input.requestedBy),
        origin.now,
        input.dueAt,
      ],
    );
    await origin.platform.jobs.schedule(origin.tx, {
      kind: eraseJob,
      tenantId: origin.tenant.id,
      dueAt: origin.now,
      payload: { receiptId },
    });
    return { receiptId };
  },
};

/**
 * The erasure job. Its ledger makes it resumable: the plan is its first step, each vendor deletion an
 * intent and an outcome step (`erasure-vendor-steps.ts`: a resumed job counts each object once), and the
 * rest one transaction.
 */
export const runErasure: GroupJobHandler = async ({ job, now, database, platform, step, schedule }) => {
  const tenant = job.tenantId
    ? await database.transaction((tx) => findTenant(tx, job.tenantId as string))
    : undefined;
  if (!tenant) return;
  const searchPath = { searchPath: [tenant.schemaName, "catalog"] };
  const receiptId = String(job.payload.receiptId);
  const receipt = await database.transaction((tx) => findReceipt(tx, receiptId), searchPath);
  if (!receipt || receipt.status === "completed") return;
  // A continuation (a vendor was busy or failing) carries the plan and the outcomes its predecessor recorded.
  const carried = job.payload.carried as CarriedErasure | undefined;
  const plan =
    carried?.plan ??
    (await step("plan", () =>
      database.transaction(
        (tx) =>
          planErasure(tx, {
            platform,
            tenantId: tenant.id,
            now,
            subjects: subjectsOf(receipt),
            records: receipt.records.filter((r) => r.type !== "user" && r.type !== "contact"),
          }),
        searchPath,
      ),
    ));
  const pass = await deleteVendorObjects({
    platform,
    database,
    tenantId: tenant.id,
    searchPath: searchPath.searchPath,
    now,
    receiptDueAt: receipt.due_at,
    plan,
    carried,
    jobId: job.id,
    step,
  });
  if (!pass.done) {
    // Not done at a vendor: the receipt stays in progress and this job's continuation tries again.
    await database.transaction((tx) =>
      schedule(tx, {
        kind: eraseJob,
        tenantId: tenant.id,
        dueAt: pass.dueAt,
        payload: { receiptId, carried: pass.carried },
      }),
    );
    return;
  }
  const vendorLines = pass.lines;
  await database.transaction(async (tx) => {
    const locked = await findReceipt(tx, receiptId, true);
    if (!locked || locked.status === "completed") return;
    // Group hooks run inside this transaction: their ledger entries share its fate.
    const localStep = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const key = `group:${name}`;
      const [done] = await tx.query<{ result: { value: T } }>(
        "SELECT result FROM catalog.job_steps WHERE job_id = $1 AND step = $2",
        [job.id, key],
      );
      if (done) return done.result.value;
      const value = await fn();
      await tx.query("INSERT INTO catalog.job_steps (job_id, step, result) VALUES ($1, $2, $3::jsonb)", [
        job.id,
        key,
        JSON.stringify({ value: value ?? null }),
      ]);
      return value;
    };
    await finish(tx, {
      platform,
      tenant,
      now,
      receipt: locked,
      plan,
      vendorLines,
      step: localStep,
      schedule,
    });
  }, searchPath);
};
