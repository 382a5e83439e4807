import type { Queryable } from "../database/database.js";
import { emitCallbackEvent } from "../operations/callback-delivery.js";
import type { Platform } from "../operations/operation-group.js";
import type { SubjectRef } from "../platform/inventory.js";
import type { TenantRecord } from "../platform/tenant-records.js";
import type { NotDeletableLine, ReceiptRow, SuppressedLine } from "./erasure-receipts.js";
import {
  eraseRecordHere,
  eraseStoredResponses,
  eraseSubjectHere,
  retainedLines,
  subjectNeedles,
} from "./platform-erasure.js";
import { type ErasedItems, settleRightsRequestJob } from "./privacy-parts.js";
import type { ErasurePlan } from "./subject-plan.js";
import { suppress } from "./suppression.js";

/**
 * The erasure job's last transaction (§9, §11): the subject's rows here, every group's own copies, stored
 * responses, suppression, the completed receipt with its legal holds, its callbacks and the settlement.
 */

/** The subjects an erasure covers: its subject, and the user and contact targets of a deletion. */
export function subjectsOf(receipt: ReceiptRow): SubjectRef[] {
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
export async function finish(
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
