import { addDuration } from "@crmfactory/taxonomy";
import { problem } from "../../platform/problem.js";
import type { PrivacyActor } from "../../privacy/privacy-parts.js";
import type { OperationContext } from "../operation-group.js";
import { deadlineStart, extendedDueAt, firstDueAt } from "./rights-deadlines.js";
import { expireRequestToken } from "./rights-filing.js";
import { erasureKinds, fulfil } from "./rights-fulfilment.js";
import {
  administratorEmails,
  emailAbout,
  emitRightsChange,
  type RightsOrigin,
  requesterEmail,
  tellRequester,
} from "./rights-notices.js";
import { endedStatuses, type RightsRequestRow, updateRightsRequest } from "./rights-store.js";
import { codeIsValid } from "./verification-code.js";

/**
 * The one answer for every code that does not verify (wrong, expired, reused, or a request that is not
 * verifying), so it tells nothing (RIGHTS-VERIFY).
 */
const failed = (keepWrites = false) =>
  problem(
    "verification-failed",
    "The code is wrong, expired or already used.",
    keepWrites ? { keepWrites } : {},
  );

/**
 * Checks a one-time code. A wrong one counts towards `limits.verificationCodeAttempts` for the request
 * (that count is committed with the refusal, and no new code resets it); past the limit, `rate-limited`
 * for good: the request can only end unverified, and a new one be filed. A valid one is
 * spent, starts the deadline (§9, from verification) and starts the answer.
 */
export async function verifyWithCode(
  origin: RightsOrigin & { context: OperationContext },
  row: RightsRequestRow,
  code: string,
): Promise<RightsRequestRow> {
  const { tx, now, platform } = origin;
  if (row.status !== "verifying" || (row.window_ends_at && now >= row.window_ends_at)) throw failed();
  if (row.code_failures >= platform.limits.verificationCodeAttempts) {
    throw problem("rate-limited", "Too many wrong codes for this request: file a new one.");
  }
  if (!codeIsValid(row, code, now)) {
    await tx.query("UPDATE rights_requests SET code_failures = code_failures + 1 WHERE id = $1", [row.id]);
    throw failed(true);
  }
  const verified = await updateRightsRequest(tx, row.id, {
    status: "in_progress",
    verified_at: now,
    code_hash: null,
    code_salt: null,
    code_failures: 0,
    updated_at: now,
  });
  const start = deadlineStart(platform.policy, verified) ?? now;
  const due = await updateRightsRequest(tx, row.id, { due_at: firstDueAt(platform.policy, start) });
  await emitRightsChange(origin, due, row.status, "verified");
  return fulfil(origin, due);
}

/**
 * An erasure whose deletion has begun (its receipt exists) can be neither withdrawn nor denied: what is
 * deleted cannot be restored, so the request can only end as the erasure does (§9, §11).
 */
function refuseIfErasureBegun(row: RightsRequestRow): void {
  if (erasureKinds.includes(row.kind) && row.receipt_id !== null) {
    throw problem(
      "conflict",
      "The erasure has begun: what is deleted cannot be restored; the receipt tells what was done.",
    );
  }
}

/** Withdraws a request (§9); an erasure whose deletion has begun cannot be (nothing deleted comes back). */
export async function cancel(origin: RightsOrigin, row: RightsRequestRow): Promise<RightsRequestRow> {
  if (endedStatuses.includes(row.status))
    throw problem("conflict", `A request that is ${row.status} cannot be cancelled.`);
  refuseIfErasureBegun(row);
  const cancelled = await updateRightsRequest(origin.tx, row.id, {
    status: "cancelled",
    cancelled_at: origin.now,
    code_hash: null,
    code_salt: null,
    updated_at: origin.now,
  });
  await emitRightsChange(origin, cancelled, row.status, "cancelled");
  await expireRequestToken(
    origin.tx,
    row.id,
    addDuration(origin.now, origin.platform.limits.exportLinkLifetime),
  );
  return cancelled;
}

/** Denies with the reason (not an erasure already begun); the requester of a user's own request is emailed (`request-denied`). */
export async function deny(
  origin: RightsOrigin,
  row: RightsRequestRow,
  input: { reason: string; detail?: string },
): Promise<RightsRequestRow> {
  if (endedStatuses.includes(row.status))
    throw problem("conflict", `A request that is ${row.status} cannot be denied.`);
  refuseIfErasureBegun(row);
  const notifiedAt =
    row.role === "controller"
      ? await tellRequester(origin, row, {
          kind: "request-denied",
          subject: "Your privacy request was denied",
          body: `Your ${row.kind} request (${row.id}) was denied: ${input.reason}.${input.detail ? ` ${input.detail}` : ""}`,
        })
      : null;
  return endDenied(origin, row, { reason: input.reason, detail: input.detail ?? null }, notifiedAt, "denied");
}

/** Closes a request nobody verified within the window, and tells the requester (§9, RIGHTS-VERIFY). */
export async function closeUnverified(
  origin: RightsOrigin,
  row: RightsRequestRow,
): Promise<RightsRequestRow | undefined> {
  if (row.status !== "verifying" || !row.window_ends_at || origin.now < row.window_ends_at) return undefined;
  const notifiedAt = await tellRequester(origin, row, {
    kind: "request-unverified",
    subject: "Your privacy request was closed",
    body: `Your ${row.kind} request (${row.id}) was closed because it was not verified in time. You can file a new one.`,
  });
  return endDenied(
    origin,
    row,
    { reason: "unverified", detail: "Not verified within the verification window." },
    notifiedAt,
    "closed-unverified",
  );
}

async function endDenied(
  origin: RightsOrigin,
  row: RightsRequestRow,
  denial: { reason: string; detail: string | null },
  notifiedAt: Date | null,
  change: "denied" | "closed-unverified",
) {
  const denied = await updateRightsRequest(origin.tx, row.id, {
    status: "denied",
    denial: {
      ...denial,
      deniedAt: origin.now.toISOString(),
      requesterNotifiedAt: notifiedAt ? notifiedAt.toISOString() : null,
    },
    code_hash: null,
    code_salt: null,
    updated_at: origin.now,
  });
  await emitRightsChange(origin, denied, row.status, change);
  await expireRequestToken(
    origin.tx,
    row.id,
    addDuration(origin.now, origin.platform.limits.exportLinkLifetime),
  );
  return denied;
}

/**
 * Extends a complex request to the policy's extended total, sending the notice with its reason at once
 * (§9, RIGHTS-45D-NOTICE): to the requester's account email for a user's own request, to the tenant's
 * administrators (and its callbacks) for a tenant-filed one. No address to notify, no extension.
 */
export async function extend(
  origin: RightsOrigin,
  row: RightsRequestRow,
  input: { reason: string; extendedBy: PrivacyActor },
): Promise<RightsRequestRow> {
  const until = extendedDueAt(origin.platform.policy, row, origin.now);
  const recipients =
    row.role === "controller" ? [await requesterEmail(origin.tx, row)] : await administratorEmails(origin);
  const to = recipients.filter((address): address is string => address !== undefined);
  if (to.length === 0) throw problem("conflict", "Nobody can be sent the notice of this extension.");
  for (const address of to) {
    await emailAbout(origin, row, address, {
      kind: "extension-notice",
      subject: "Your privacy request needs more time",
      body: `The ${row.kind} request ${row.id} is extended until ${until.toISOString()}. Reason: ${input.reason}`,
    });
  }
  const extended = await updateRightsRequest(origin.tx, row.id, {
    extended_due_at: until,
    extension: {
      reason: input.reason,
      extendedAt: origin.now.toISOString(),
      extendedBy: input.extendedBy,
      noticeSentAt: origin.now.toISOString(),
    },
    updated_at: origin.now,
  });
  await emitRightsChange(origin, extended, row.status, "extended");
  return extended;
}
