import { randomUUID } from "node:crypto";
import type { Queryable } from "../database/database.js";
import { emitCallbackEvent } from "../operations/callback-delivery.js";
import type { GroupJobHandler, Platform } from "../operations/operation-group.js";
import type { SubjectRef } from "../platform/inventory.js";
import { findTenant, type TenantRecord } from "../platform/tenant-records.js";
import type { NotDeletableLine, ReceiptRow, SuppressedLine } from "./erasure-receipts.js";
import { findReceipt } from "./erasure-receipts.js";
import {
  eraseRecordHere,
  eraseStoredResponses,
  eraseSubjectHere,
  retainedLines,
  subjectNeedles,
} from "./platform-erasure.js";
import { type ErasedItems, type Eraser, settleRightsRequestJob } from "./privacy-parts.js";
import { type ErasurePlan, planErasure, type VendorObject } from "./subject-plan.js";
import { suppress } from "./suppression.js";
import {
  deleteCallRecording,
  deleteEmailContact,
  deleteMessagingMessage,
  deletePaymentsCustomer,
  deleteStoredFile,
  type VendorDeletion,
  type VendorOrigin,
} from "./vendor-copies.js";

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

function subjectsOf(receipt: ReceiptRow): SubjectRef[] {
  const subjects: SubjectRef[] = receipt.subject ? [receipt.subject] : [];
  for (const record of receipt.records) {
    const subject: SubjectRef | undefined =
      record.type === "user"
        ? { type: "user", userId: record.id }
        : record.type === "contact"
          ? { type: "contact", contactId: record.id }
          : undefined;
    if (subject && !subjects.some((s) => JSON.stringify(s) === JSON.stringify(subject)))
      subjects.push(subject);
  }
  return subjects;
}

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

/** Sums lines of the same category, location and type; lines with a zero count are dropped. */
function merge(lines: readonly ErasedItems[]): ErasedItems[] {
  const out = new Map<string, ErasedItems>();
  for (const item of lines) {
    if (item.count <= 0) continue;
    const key = JSON.stringify([item.category, item.location, item.recordType]);
    const held = out.get(key);
    if (held) held.count += item.count;
    else out.set(key, { ...item });
  }
  return [...out.values()];
}

function suppressionLines(platform: Platform, counts: Map<string, number>): SuppressedLine[] {
  const bases = Object.keys(platform.policy.legalBases);
  const legalBasis = bases.includes("legitimate-interests") ? "legitimate-interests" : (bases[0] ?? "");
  return [...counts].map(([identifier, count]) => ({
    identifier: identifier as SuppressedLine["identifier"],
    count,
    form: "hmac-sha256",
    legalBasis,
    purpose: "Keep the erased subject from being synced, imported or aggregated back.",
  }));
}

/** The last transaction: rows here, every group's own copies, suppression, the completed receipt. */
async function finish(
  tx: Queryable,
  input: {
    platform: Platform;
    tenant: TenantRecord;
    now: Date;
    receipt: ReceiptRow;
    plan: ErasurePlan;
    vendorLines: ErasedItems[];
    step<T>(name: string, fn: () => Promise<T>): Promise<T>;
    schedule: (
      tx: Queryable,
      job: { kind: string; tenantId: string; dueAt: Date; payload: Record<string, unknown> },
    ) => Promise<string>;
  },
) {
  const { platform, tenant, now, receipt, plan } = input;
  const subjects = subjectsOf(receipt);
  const lines: ErasedItems[] = [...input.vendorLines];
  const needles: string[] = [];
  for (const subject of subjects) needles.push(...(await subjectNeedles(tx, subject)));
  const storedResponses = await eraseStoredResponses(tx, platform, tenant.id, needles);
  for (const subject of subjects) {
    for (const eraser of platform.subjectErasers) {
      lines.push(...(await eraser({ tx, platform, tenant, now, subject, step: input.step })));
    }
    lines.push(...(await eraseSubjectHere(tx, subject)));
  }
  for (const record of receipt.records) {
    if (record.type !== "user" && record.type !== "contact")
      lines.push(...(await eraseRecordHere(tx, record)));
  }
  if (storedResponses > 0) {
    const category = subjects[0]?.type === "user" ? "account" : "crm";
    lines.push({
      category,
      location: { type: "platform" },
      recordType: "idempotent-response",
      count: storedResponses,
    });
  }
  // The payments customer deleted at the vendor: its link here goes too (a later billing write makes anew).
  if (plan.vendorObjects.some((object) => object.kind === "stripe-customer")) {
    await tx.query("DELETE FROM catalog.billing_customers WHERE tenant_id = $1", [tenant.id]);
  }
  const retained = await retainedLines(tx, {
    platform,
    tenant,
    now,
    subjectIds: subjects.map((s) => (s.type === "user" ? s.userId : s.contactId)),
    heldCustomer: plan.heldCustomer !== null,
  });
  const notDeletable: NotDeletableLine[] = plan.undeletable.map((copy) => ({
    category: copy.category,
    location: { type: "subprocessor", subprocessorId: copy.subprocessorId, service: copy.service },
    recordType: copy.recordType,
    count: copy.count,
    reason: copy.reason,
  }));
  const counts = await suppress(tx, plan.hashes, { receiptId: receipt.id, now });
  const deleted = merge(lines).map((item) => ({ ...item, deletedAt: now.toISOString() }));
  await tx.query(
    `UPDATE erasure_receipts SET status = 'completed', completed_at = $2, deleted = $3::jsonb, retained = $4::jsonb,
       not_deletable = $5::jsonb, suppressed = $6::jsonb WHERE id = $1`,
    [
      receipt.id,
      now,
      JSON.stringify(deleted),
      JSON.stringify(retained),
      JSON.stringify(mergeNotDeletable(notDeletable)),
      JSON.stringify(suppressionLines(platform, counts)),
    ],
  );
  const origin = { tenantId: tenant.id, now, jobs: platform.jobs };
  const source = { type: receipt.source_type, id: receipt.source_id };
  await emitCallbackEvent(tx, origin, {
    type: "erasureReceipt.completed",
    data: { object: "erasure-receipt", id: receipt.id, status: "completed", source },
  });
  if (receipt.source_type === "minor-report") {
    await emitCallbackEvent(tx, origin, {
      type: "minorReport.completed",
      data: { object: "minor-report", id: receipt.source_id, status: "completed", receiptId: receipt.id },
    });
  }
  // The rights requests group settles its request; a deployment without that group has none to settle.
  if (receipt.source_type === "rights-request" && platform.jobs.has(settleRightsRequestJob)) {
    await input.schedule(tx, {
      kind: settleRightsRequestJob,
      tenantId: tenant.id,
      dueAt: now,
      payload: { rightsRequestId: receipt.source_id, settlement: { type: "erasure", receiptId: receipt.id } },
    });
  }
}

function mergeNotDeletable(lines: readonly NotDeletableLine[]): NotDeletableLine[] {
  const out = new Map<string, NotDeletableLine>();
  for (const item of lines) {
    const key = JSON.stringify([item.category, item.location, item.recordType]);
    const held = out.get(key);
    if (held) held.count += item.count;
    else out.set(key, { ...item });
  }
  return [...out.values()];
}

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
  const plan = await step("plan", () =>
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
  );
  const vendorLines: ErasedItems[] = [];
  for (const object of plan.vendorObjects) {
    const outcome = await step(`vendor:${object.kind}:${object.id}`, () =>
      database.transaction((tx) => deleteAtVendor({ platform, tenantId: tenant.id, tx }, object), searchPath),
    );
    if (outcome !== "deleted") continue;
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
