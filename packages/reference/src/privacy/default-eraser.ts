import { randomUUID } from "node:crypto";
import { addDuration } from "@crmfactory/taxonomy";
import type { GroupJobHandler } from "../operations/operation-group.js";
import { findTenant } from "../platform/tenant-records.js";
import { finish, subjectsOf } from "./erasure-completion.js";
import { findReceipt } from "./erasure-receipts.js";
import type { ErasedItems, Eraser } from "./privacy-parts.js";
import { type ErasurePlan, planErasure, type VendorObject } from "./subject-plan.js";
import {
  deleteCallRecording,
  deleteEmailContact,
  deleteMessagingMessage,
  deletePaymentsCustomer,
  deleteStoredFile,
  VendorBusyError,
  type VendorDeletion,
  type VendorOrigin,
} from "./vendor-copies.js";

/** The job kind that runs an erasure, served by the erasure group. */
export const eraseJob = "erasure-run";

/** How long a busy vendor object waits before the next try: the reference's own choice, not the policy's. */
const busyRetryDelay = "PT1M";

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

function deleteAtVendor(origin: VendorOrigin, object: VendorObject): Promise<VendorDeletion> {
  switch (object.kind) {
    case "twilio-message":
      return deleteMessagingMessage(origin, object.id);
    case "twilio-recording":
      return deleteCallRecording(origin, object.id);
    case "resend-contact":
      return deleteEmailContact(origin, object.audienceId, object.id);
    case "blob-file":
      return deleteStoredFile(origin, object.subprocessorId, object.id);
    case "stripe-customer":
      return deletePaymentsCustomer(origin, object.id);
  }
}

const vendorOf: Record<VendorObject["kind"], string> = {
  "twilio-message": "twilio",
  "twilio-recording": "twilio",
  "resend-contact": "resend",
  "stripe-customer": "stripe",
  "blob-file": "",
};

/**
 * The erasure job. Its ledger makes it resumable: the plan is its first step, each vendor deletion its
 * own step (a resumed job never calls a vendor twice for one object), and the rest one transaction.
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
  // A continuation (a vendor was busy) carries the plan and the outcomes its predecessor recorded.
  const carried = job.payload.carried as
    | { plan: ErasurePlan; outcomes: Record<string, VendorDeletion> }
    | undefined;
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
  const outcomes: Record<string, VendorDeletion> = { ...carried?.outcomes };
  const vendorLines: ErasedItems[] = [];
  for (const object of plan.vendorObjects) {
    const key = `vendor:${object.kind}:${object.id}`;
    try {
      outcomes[key] ??= await step(key, () =>
        database.transaction(
          (tx) => deleteAtVendor({ platform, tenantId: tenant.id, tx }, object),
          searchPath,
        ),
      );
    } catch (error) {
      if (!(error instanceof VendorBusyError)) throw error;
      // The vendor is still delivering it: this job ends and a continuation tries again later.
      await database.transaction((tx) =>
        schedule(tx, {
          kind: eraseJob,
          tenantId: tenant.id,
          dueAt: addDuration(now, busyRetryDelay),
          payload: { receiptId, carried: { plan, outcomes } },
        }),
      );
      return;
    }
    if (outcomes[key] !== "deleted") continue;
    const subprocessorId = object.kind === "blob-file" ? object.subprocessorId : vendorOf[object.kind];
    vendorLines.push({
      category: object.category,
      location: { type: "subprocessor", subprocessorId, service: object.service },
      recordType: object.recordType,
      count: 1,
    });
  }
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
