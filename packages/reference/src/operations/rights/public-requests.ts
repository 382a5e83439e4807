import { randomUUID } from "node:crypto";
import { addDuration } from "@crmfactory/taxonomy";
import { problem } from "../../platform/problem.js";
import { hashSecret, newToken } from "../../platform/secrets.js";
import { findTenant } from "../../platform/tenant-records.js";
import type { MessagingAccounts } from "../messaging-vendors.js";
import type { OperationHandler } from "../operation-group.js";
import { verificationWindowEnd } from "./rights-deadlines.js";
import {
  insertRequest,
  parseFiling,
  type RightsCreateBody,
  scheduleClosure,
  sendCode,
} from "./rights-filing.js";
import { emitRightsChange } from "./rights-notices.js";
import { maskEmail, type RightsRequestRow, rightsRequestView } from "./rights-store.js";

interface PublicBody {
  tenantId: string;
  email: string;
  request: RightsCreateBody;
  testClockId?: string;
}

/**
 * The privacy address as an operation (§9, §10, §11): a request without a session naming a workspace and
 * an account email. The answer is the same whether or not such a user exists (no account enumeration):
 * `202`, `verifying`, and a request token shown once (only its SHA-256 is kept). The code is emailed
 * only to an existing account; a request naming nobody simply waits for its window to end, unverified.
 */
export const createPublicRightsRequest: OperationHandler = async (context) => {
  const body = await context.body<PublicBody>();
  const { platform } = context;
  // Without an email account no code can go anywhere: refused for every request alike, so the refusal
  // says nothing about whether the account exists.
  if (!(platform.parts.messaging as MessagingAccounts | undefined)?.resend) {
    throw problem("unavailable", "No email subprocessor account is configured.");
  }
  const tenant = await findTenant(context.tx, body.tenantId);
  const token = newToken("rqt");
  if (!tenant || tenant.status === "purged") {
    // No workspace to keep the request in: the same answer, for a request nobody can verify.
    const filing = parseFiling(platform.policy, body.request, "user");
    const now = platform.clock.now();
    const row: RightsRequestRow = {
      id: randomUUID(),
      ...filing,
      role: "controller",
      subject_type: "user",
      subject_id: randomUUID(),
      filed_by: { type: "system", id: "privacy-address" },
      filer_user_id: null,
      status: "verifying",
      verification_method: "email-code",
      sent_to: maskEmail(body.email),
      code_hash: null,
      code_salt: null,
      code_sent_at: now,
      code_expires_at: addDuration(now, platform.limits.verificationCodeLifetime),
      code_failures: 0,
      code_resends: 0,
      window_ends_at: verificationWindowEnd(platform.policy, now),
      received_at: now,
      verified_at: null,
      due_at: null,
      extended_due_at: null,
      extension: null,
      denial: null,
      result: null,
      completed_at: null,
      cancelled_at: null,
      channel: "privacy-address",
      export_id: null,
      receipt_id: null,
      updated_at: now,
    };
    return {
      status: 202,
      headers: { location: `rights-requests/${row.id}` },
      body: {
        request: rightsRequestView(row, { id: body.tenantId, testClockId: body.testClockId ?? null }),
        requestToken: token,
      },
    };
  }
  await context.useTenant(tenant);
  const origin = { tx: context.tx, platform, tenant, now: context.now };
  const filing = parseFiling(platform.policy, body.request, "user");
  const [user] = await context.tx.query<{ id: string; email: string }>(
    "SELECT id, email FROM users WHERE lower(email) = lower($1)",
    [body.email],
  );
  const received = await insertRequest(origin, {
    ...filing,
    role: "controller",
    // A request naming nobody is about nobody: a fresh id no user has.
    subject: { type: "user", id: user?.id ?? randomUUID() },
    filedBy: { type: "system", id: "privacy-address" },
    filerUserId: null,
    channel: "privacy-address",
    verification: "email-code",
    sentTo: maskEmail(body.email),
    windowEndsAt: verificationWindowEnd(platform.policy, context.now),
  });
  const verifying = await sendCode(origin, received, user?.email);
  await scheduleClosure(origin, verifying);
  await context.tx.query(
    "INSERT INTO catalog.request_tokens (token_hash, tenant_id, request_id, expires_at) VALUES ($1, $2, $3, NULL)",
    [hashSecret(token), tenant.id, verifying.id],
  );
  await emitRightsChange(origin, verifying, null, "filed");
  return {
    status: 202,
    headers: { location: `rights-requests/${verifying.id}` },
    body: { request: rightsRequestView(verifying, tenant), requestToken: token },
  };
};
