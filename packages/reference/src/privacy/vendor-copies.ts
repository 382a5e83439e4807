import Stripe from "stripe";
import type { Queryable } from "../database/database.js";
import type { MessagingAccounts } from "../operations/messaging-vendors.js";
import type { Platform } from "../operations/operation-group.js";
import { paymentsClient } from "../operations/payments-client.js";
import { vendorBaseUrl, vendorCredential } from "../operations/vendor-credentials.js";
import { tenantRequest } from "../platform/outbound-allow-list.js";
import { answeredRepeatedAttempt, hintRequest } from "../platform/outbound-retry.js";
import { ProblemError, problem } from "../platform/problem.js";

/**
 * Deletion of one object held at a subprocessor, for erasure (§9, §11) and retention purges alike. Each
 * function answers `deleted`, or `absent` when the vendor says the object is already gone (404): a job
 * resumed after a crash, or a purge racing an erasure, meets objects it deleted before, and that is
 * done, not a failure. Any other answer (a 409 "still in progress", a 429, a 5xx, a network error)
 * throws `unavailable`, naming no personal data, so the job that called it is retried later.
 */
export type VendorDeletion = "deleted" | "absent";

/**
 * The vendor did not complete a deletion, after the outbound layer's own retries (a 429, a 5xx, a
 * timeout, a network error): the object is still there, so the job calling it must not report it done.
 */
export class VendorUnavailableError extends ProblemError {
  constructor(
    vendor: string,
    detail = `The subprocessor ${vendor} did not complete a deletion; it will be retried.`,
  ) {
    super("unavailable", detail);
    this.name = "VendorUnavailableError";
  }
}

/**
 * The vendor refused because the object is still in use (Twilio's 20009, a message being delivered,
 * answered 409): not a failure, a deletion to try again a little later.
 */
export class VendorBusyError extends VendorUnavailableError {
  constructor(vendor: string) {
    super(vendor, `The subprocessor ${vendor} is still processing the object; its deletion waits.`);
    this.name = "VendorBusyError";
  }
}

/** Whose copy it is: the tenant (for the allow-list) and the transaction to look destinations up in. */
export interface VendorOrigin {
  platform: Platform;
  tenantId: string;
  tx: Queryable;
}

async function vendorDelete(
  origin: VendorOrigin,
  vendor: string,
  url: string,
  init: RequestInit,
): Promise<VendorDeletion> {
  let response: Response;
  try {
    // Every deletion here repeats safely (by id or URL; a 404 is done): 5xx and timeouts are retried.
    response = await origin.platform.fetch(
      hintRequest(tenantRequest({ tenantId: origin.tenantId, tx: origin.tx }, url, init), {
        repeatable: true,
      }),
    );
  } catch {
    response = new Response(null, { status: 599 });
  }
  await response.body?.cancel();
  // A 404 to a repeated delete: the attempt that timed out or failed may have been the one that deleted it.
  if (response.status === 404) return answeredRepeatedAttempt(response) ? "deleted" : "absent";
  if (response.ok) return "deleted";
  origin.platform.logger.warn({ subprocessor: vendor, status: response.status }, "vendor deletion failed");
  if (response.status === 409) throw new VendorBusyError(vendor);
  throw new VendorUnavailableError(vendor);
}

function twilioAccount(origin: VendorOrigin) {
  const account = ((origin.platform.parts.messaging ?? {}) as MessagingAccounts).twilio;
  if (!account) throw problem("unavailable", "No messaging subprocessor account is configured.");
  const base = vendorBaseUrl(origin.platform, "twilio").toString().replace(/\/$/, "");
  return {
    root: `${base}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}`,
    authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`,
  };
}

/** A message (SMS, WhatsApp) at the messaging subprocessor, by its sid. */
export async function deleteMessagingMessage(origin: VendorOrigin, sid: string): Promise<VendorDeletion> {
  const { root, authorization } = twilioAccount(origin);
  return vendorDelete(origin, "twilio", `${root}/Messages/${encodeURIComponent(sid)}.json`, {
    method: "DELETE",
    headers: { authorization },
  });
}

/** A call recording at the messaging subprocessor, by its sid. */
export async function deleteCallRecording(origin: VendorOrigin, sid: string): Promise<VendorDeletion> {
  const { root, authorization } = twilioAccount(origin);
  return vendorDelete(origin, "twilio", `${root}/Recordings/${encodeURIComponent(sid)}.json`, {
    method: "DELETE",
    headers: { authorization },
  });
}

function resendAccount(origin: VendorOrigin) {
  const account = ((origin.platform.parts.messaging ?? {}) as MessagingAccounts).resend;
  if (!account) throw problem("unavailable", "No email subprocessor account is configured.");
  return {
    base: vendorBaseUrl(origin.platform, "resend").toString().replace(/\/$/, ""),
    authorization: `Bearer ${account.apiKey}`,
  };
}

/** A contact at the email subprocessor, in the tenant's audience there. */
export async function deleteEmailContact(
  origin: VendorOrigin,
  audienceId: string,
  contactId: string,
): Promise<VendorDeletion> {
  const { base, authorization } = resendAccount(origin);
  const path = `/audiences/${encodeURIComponent(audienceId)}/contacts/${encodeURIComponent(contactId)}`;
  return vendorDelete(origin, "resend", `${base}${path}`, { method: "DELETE", headers: { authorization } });
}

/** The tenant's whole audience at the email subprocessor (a purge of the tenant). */
export async function deleteEmailAudience(origin: VendorOrigin, audienceId: string): Promise<VendorDeletion> {
  const { base, authorization } = resendAccount(origin);
  return vendorDelete(origin, "resend", `${base}/audiences/${encodeURIComponent(audienceId)}`, {
    method: "DELETE",
    headers: { authorization },
  });
}

/**
 * A stored file (a profile photo) at file storage, by its URL. Blob's delete answers 200 whether or not
 * the object existed, so a repeated deletion is `deleted` again, which is as idempotent.
 */
export async function deleteStoredFile(
  origin: VendorOrigin,
  subprocessorId: string,
  url: string,
): Promise<VendorDeletion> {
  const base = vendorBaseUrl(origin.platform, subprocessorId).toString().replace(/\/$/, "");
  const token = vendorCredential(origin.platform, subprocessorId, "BLOB_READ_WRITE_TOKEN");
  return vendorDelete(origin, subprocessorId, `${base}/delete`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ urls: [url] }),
  });
}

/**
 * The customer at the payments subprocessor. Its finalised invoices stay there (Stripe keeps them and
 * offers no deletion), so callers delete the customer only once no billing hold applies (§11).
 */
export async function deletePaymentsCustomer(
  origin: VendorOrigin,
  customerId: string,
): Promise<VendorDeletion> {
  const { platform } = origin;
  try {
    await paymentsClient(platform).customers.del(customerId);
    return "deleted";
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError && error.statusCode === 404) return "absent";
    const code = error instanceof Stripe.errors.StripeError ? (error.code ?? error.type) : "network";
    platform.logger.warn({ subprocessor: "stripe", code }, "vendor deletion failed");
    throw new VendorUnavailableError("stripe");
  }
}
