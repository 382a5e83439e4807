import { addDuration, type Policy, requestDueAt } from "@crmfactory/taxonomy";
import { problem } from "../../platform/problem.js";
import type { RightsRequestRow } from "./rights-store.js";

/**
 * The instant a request's deadline counts from (§9): the policy's anchor for its role,
 * `rights.countsFrom` (CRM Factory's: verification for a user's own request, filing for a tenant-filed
 * one); `null` while that event has not happened.
 */
export function deadlineStart(
  policy: Policy,
  row: Pick<RightsRequestRow, "role" | "received_at" | "verified_at">,
): Date | null {
  const anchor = policy.rights.countsFrom[row.role];
  if (anchor === "requestFiled") return row.received_at;
  if (anchor === "requestVerified") return row.verified_at;
  throw new Error(`the policy's rights deadline counts from ${anchor}, which rights requests do not record`);
}

/** `dueAt`: the policy's answer deadline after the start. */
export function firstDueAt(policy: Policy, start: Date): Date {
  return requestDueAt(start, policy.rights.respondWithin);
}

/** `windowEndsAt`: the policy's verification window after filing. */
export function verificationWindowEnd(policy: Policy, receivedAt: Date): Date {
  return addDuration(receivedAt, policy.rights.verification.window);
}

/**
 * The extended deadline, or the refusal (§9: a complex request may take the extended total, counted from
 * the same start, only with notice before the first deadline, and never for the kinds the policy excludes).
 */
export function extendedDueAt(policy: Policy, row: RightsRequestRow, now: Date): Date {
  if (policy.rights.noExtensionFor.includes(row.kind)) {
    throw problem("extension-not-allowed", `A request of kind ${row.kind} is never extended.`);
  }
  if (row.status !== "in_progress") {
    throw problem("conflict", `A request that is ${row.status} cannot be extended.`);
  }
  if (row.extension !== null) throw problem("extension-not-allowed", "This request was already extended.");
  const start = deadlineStart(policy, row);
  if (!start || !row.due_at) throw problem("conflict", "This request's deadline has not started.");
  // The notice goes out now, with the extension: it must be before the first deadline and within the
  // policy's notice period from the start.
  const noticeBy = addDuration(start, policy.rights.extensionNoticeBefore);
  if (now.getTime() >= row.due_at.getTime() || now.getTime() >= noticeBy.getTime()) {
    throw problem(
      "extension-not-allowed",
      "The first deadline has passed: the request can no longer be extended.",
    );
  }
  return requestDueAt(start, policy.rights.extendedTotal);
}
