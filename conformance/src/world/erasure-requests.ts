import { addDuration } from "@crmfactory/taxonomy";
import type { ErasureReceipt } from "../evidence/erasure-evidence.js";
import type { PropertyContext } from "../harness/property.js";
import { expectGuarantee } from "../harness/violation.js";
import type { ClockedTenant } from "./clocked-tenant.js";
import type { SeededContact, SeededOwner } from "./erasure-subjects.js";

/** How an erasure was asked for: each is a way the policy's 30 days start (§9, §11). */
export type ErasureRoute = "tenant-filed-request" | "early-deletion-of-contact" | "early-deletion-of-owner";

/** An erasure filed through the API, with the deadline the model computed from the policy. */
export interface FiledErasure {
  readonly route: ErasureRoute;
  readonly receiptId: string;
  /** The rights request's id (tenant-filed requests). */
  readonly requestId?: string;
  readonly requestedAt: Date;
  /** requested + the policy's `rights.erasureWithin`: the model's deadline, not the target's. */
  readonly dueAt: Date;
  readonly subject: { contact?: SeededContact; owner?: SeededOwner };
}

/**
 * Files an erasure by `route`, acting as the owner who stays (`owner.successor`), so every later read
 * works whatever the erasure removed. Checks the deadline the target states against the policy's.
 */
export async function fileErasure(
  context: PropertyContext,
  tenant: ClockedTenant,
  route: ErasureRoute,
  subjects: { contact: SeededContact; owner: SeededOwner },
): Promise<FiledErasure> {
  const client = subjects.owner.successor.client;
  const requestedAt = tenant.now();
  const dueAt = addDuration(requestedAt, context.policy.rights.erasureWithin);
  let receiptId: string;
  let requestId: string | undefined;
  let stated: string | null;
  if (route === "tenant-filed-request") {
    const request = await client.rightsRequests.createForContact(subjects.contact.contactId, {
      kind: "erasure",
      identityVerifiedByTenant: true,
    });
    requestId = request.id;
    stated = request.dueAt ?? "";
    receiptId = (await client.rightsRequests.getReceipt(request.id)).id;
  } else {
    const target =
      route === "early-deletion-of-owner"
        ? { type: "user" as const, id: subjects.owner.userId }
        : { type: "contact" as const, id: subjects.contact.contactId };
    const deletion = await client.deletions.create({ targets: [target] });
    receiptId = deletion.receiptId;
    stated = deletion.dueAt;
  }
  expectGuarantee(
    new Date(stated).getTime() <= dueAt.getTime(),
    "An erasure is due later than the policy allows",
    {
      route,
      statedDueAt: stated,
      policyDueAt: dueAt.toISOString(),
    },
  );
  const subject =
    route === "early-deletion-of-owner" ? { owner: subjects.owner } : { contact: subjects.contact };
  return { route, receiptId, ...(requestId ? { requestId } : {}), requestedAt, dueAt, subject };
}

export async function readReceipt(
  subjects: { owner: SeededOwner },
  erasure: FiledErasure,
): Promise<ErasureReceipt> {
  return (await subjects.owner.successor.signIn()).erasureReceipts.get(erasure.receiptId);
}

/** A completed receipt answered strictly before the model's deadline (contract 0.2: `dueAt` is met before it). */
export function expectCompletedInTime(receipt: ErasureReceipt, erasure: FiledErasure): void {
  expectGuarantee(receipt.status === "completed", "The erasure is not completed at its deadline", {
    receiptId: receipt.id,
    route: erasure.route,
    status: receipt.status,
    dueAt: erasure.dueAt.toISOString(),
  });
  const completedAt = receipt.completedAt ? new Date(receipt.completedAt).getTime() : Number.NaN;
  expectGuarantee(completedAt < erasure.dueAt.getTime(), "The erasure completed at or after its deadline", {
    receiptId: receipt.id,
    completedAt: receipt.completedAt,
    dueAt: erasure.dueAt.toISOString(),
  });
}
