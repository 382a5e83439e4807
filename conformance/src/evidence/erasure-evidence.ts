import type { ResponseBody } from "@crmfactory/sdk";
import type { SubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import type { PropertyContext } from "../harness/property.js";
import { expectGuarantee } from "../harness/violation.js";
import type { SeededContact, SeededOwner } from "../world/erasure-subjects.js";
import { scanForValues } from "./probe-scan.js";

export type ErasureReceipt = ResponseBody<"getErasureReceipt">;
type ReceiptLine = ErasureReceipt["deleted"][number];

const whereOf = (line: { location: ReceiptLine["location"] }) =>
  line.location.type === "platform"
    ? "platform"
    : (line.location as { subprocessorId: string }).subprocessorId;

/** What each vendor still holds of a seeded contact that its API could delete. */
export function contactLeftAtVendors(fakes: SubprocessorFakes, contact: SeededContact): string[] {
  const left: string[] = [];
  for (const held of fakes.twilio.heldFor({ phone: contact.phone })) {
    for (const message of held.messages) left.push(`twilio message ${message.sid}`);
    for (const recording of held.recordings) left.push(`twilio recording ${recording.sid}`);
  }
  const live = new Set(fakes.inventory({ vendor: "twilio" }).map((item) => item.id));
  for (const id of contact.vendorIds.twilio) if (live.has(id)) left.push(`twilio object ${id}`);
  for (const held of fakes.resend.contactsFor({ email: contact.email }))
    left.push(`resend contact ${held.id ?? contact.email}`);
  return [...new Set(left)];
}

/** What file storage and the payments provider still hold of an erased owner that may go. */
export function ownerLeftAtVendors(fakes: SubprocessorFakes, owner: SeededOwner): string[] {
  const left: string[] = [];
  const blobs = fakes.inventory({ vendor: "blob" }).filter((item) => item.id.includes(owner.photoObjectId));
  for (const blob of blobs) left.push(`file storage ${blob.id}`);
  if (
    owner.invoices.length === 0 &&
    owner.paymentsCustomerId &&
    !fakes.stripe.wasDeleted(owner.paymentsCustomerId)
  )
    left.push(`payments customer ${owner.paymentsCustomerId}`);
  return left;
}

/**
 * Checks each line a completed receipt says it deleted at a subprocessor against that vendor's fake:
 * a receipt is the implementation's word, the fakes' state is not. Lines of record types the suite
 * did not seed at that vendor are checked through the subject's values there.
 */
export function checkDeletedLinesAtFakes(
  fakes: SubprocessorFakes,
  receipt: ErasureReceipt,
  subject: { contact?: SeededContact; owner?: SeededOwner },
): void {
  for (const line of receipt.deleted) {
    const where = whereOf(line);
    if (where === "platform") continue;
    let left: string[] = [];
    if (subject.contact && (where === "twilio" || where === "resend"))
      left = contactLeftAtVendors(fakes, subject.contact).filter((item) => item.startsWith(where));
    if (subject.owner && (where === "vercel" || where === "stripe"))
      left = ownerLeftAtVendors(fakes, subject.owner).filter((item) =>
        item.startsWith(where === "vercel" ? "file storage" : "payments"),
      );
    expectGuarantee(
      left.length === 0,
      `The receipt says ${line.recordType} was deleted at ${where}, but it is still held there`,
      {
        receiptId: receipt.id,
        line,
        stillHeld: left,
      },
    );
  }
}

/** The receipt names a deleted line at `where` for `recordType`. */
export function receiptDeleted(receipt: ErasureReceipt, where: string, recordType: string): boolean {
  return receipt.deleted.some(
    (line) => whereOf(line) === where && line.recordType === recordType && line.count > 0,
  );
}

export function retainedLines(receipt: ErasureReceipt, category: string, where?: string) {
  return receipt.retained.filter(
    (line) => line.category === category && (where === undefined || whereOf(line) === where),
  );
}

/**
 * Independent evidence when the target can be probed: no table of any schema holds a seeded value.
 * `exclude` names the tables allowed to keep them (legal holds); each caller justifies its exclusions.
 */
export async function expectValuesGone(
  context: PropertyContext,
  values: readonly string[],
  what: string,
  exclude: readonly string[] = [],
): Promise<void> {
  const probe = context.target.probe;
  if (!probe) {
    context.selfReported("no database probe: absence here rests on the API and the inventory");
    return;
  }
  const hits = await scanForValues(probe, values, { exclude });
  expectGuarantee(hits.length === 0, `${what}: its values are still stored`, {
    hits: hits.map((hit) => `${hit.schema}.${hit.table}: ${hit.value}`),
  });
}

/** Answers whether a call was refused as not found (the record is gone through the API). */
export async function isGone(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return false;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404 || status === 410) return true;
    throw error;
  }
}
