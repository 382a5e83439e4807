import { randomUUID } from "node:crypto";
import type { Policy } from "@crmfactory/taxonomy";
import type { Queryable } from "../../database/database.js";
import { problem } from "../../platform/problem.js";
import type { PrivacyActor } from "../../privacy/privacy-parts.js";
import { allChannels, allProcessing, restrictionKinds } from "./rights-fulfilment.js";
import { emailAbout, type RightsOrigin } from "./rights-notices.js";
import { checkChanges } from "./rights-rectification.js";
import { type RightsDetails, type RightsRequestRow, updateRightsRequest } from "./rights-store.js";
import { issueCode } from "./verification-code.js";

/** The job that closes a request still unverified when its verification window ends (§9). */
export const closeUnverifiedJob = "rights-requests-close-unverified";

/** The body of `RightsRequestCreate` / `ContactRightsRequestCreate`, as the contract validated it. */
export interface RightsCreateBody {
  kind: string;
  description?: string;
  changes?: RightsDetails["changes"];
  processing?: string[];
  channels?: string[];
}

/**
 * The kind (one of the enforced policy's `rights.kinds`, RIGHTS-KINDS), its regime and the details as
 * filed, with the contract's defaults (all processing, both channels).
 */
export function parseFiling(policy: Policy, body: RightsCreateBody, subjectType: "user" | "contact") {
  const kind = policy.rights.kinds[body.kind];
  if (!kind) {
    throw problem("validation-failed", "This kind of right is not one of the enforced policy's.", {
      errors: [{ path: "/body/kind", message: "is not a key of the policy's rights.kinds" }],
    });
  }
  const changes = body.kind === "rectification" ? (body.changes ?? []) : [];
  if (body.kind === "rectification") checkChanges(subjectType, changes);
  const details: RightsDetails = {
    description: body.description ?? null,
    changes,
    processing: restrictionKinds.includes(body.kind) ? (body.processing ?? [...allProcessing]) : [],
    channels: body.kind === "withdraw-consent" ? (body.channels ?? [...allChannels]) : [],
  };
  return { kind: body.kind, regime: kind.regime, details };
}

export interface NewRequest {
  kind: string;
  regime: "gdpr" | "ccpa";
  details: RightsDetails;
  role: "controller" | "processor";
  subject: { type: "user" | "contact"; id: string };
  filedBy: PrivacyActor;
  filerUserId: string | null;
  channel: RightsRequestRow["channel"];
  verification: "email-code" | "tenant-vouched";
  sentTo: string | null;
  windowEndsAt: Date | null;
}

/** Inserts a request `received`, and indexes it in the catalogue for the operator's decisions. */
export async function insertRequest(origin: RightsOrigin, input: NewRequest): Promise<RightsRequestRow> {
  const id = randomUUID();
  const [row] = await origin.tx.query<RightsRequestRow>(
    `INSERT INTO rights_requests (id, kind, regime, role, subject_type, subject_id, filed_by, filer_user_id, status,
       details, verification_method, sent_to, window_ends_at, received_at, channel, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, 'received', $9::jsonb, $10, $11, $12, $13, $14, $13) RETURNING *`,
    [
      id,
      input.kind,
      input.regime,
      input.role,
      input.subject.type,
      input.subject.id,
      JSON.stringify(input.filedBy),
      input.filerUserId,
      JSON.stringify(input.details),
      input.verification,
      input.sentTo,
      input.windowEndsAt,
      origin.now,
      input.channel,
    ],
  );
  if (!row) throw new Error("rights request insert answered no row");
  await origin.tx.query(
    "INSERT INTO catalog.rights_request_index (request_id, tenant_id, role) VALUES ($1, $2, $3)",
    [id, origin.tenant.id, input.role],
  );
  return row;
}

/**
 * Issues a fresh one-time code (the previous one stops working) and emails it to `to`, tagged
 * `verification-code` with the code in `crmfactory_code`. Without an address (a sessionless request
 * naming nobody) the request looks the same, but no code exists that could verify it.
 */
export async function sendCode(
  origin: RightsOrigin,
  row: RightsRequestRow,
  to: string | undefined,
): Promise<RightsRequestRow> {
  const { code, stored } = issueCode(origin.platform.limits, row.id, origin.now);
  if (to) {
    await emailAbout(origin, row, to, {
      kind: "verification-code",
      subject: "Your verification code",
      body: `Your code for privacy request ${row.id} is ${code}. It works once, until ${stored.code_expires_at.toISOString()}.`,
      code,
    });
  }
  return updateRightsRequest(origin.tx, row.id, {
    ...stored,
    ...(to ? {} : { code_hash: null, code_salt: null }),
    status: "verifying",
    updated_at: origin.now,
  });
}

/** Schedules the closure of the request at the end of its verification window, on the tenant's clock. */
export function scheduleClosure(origin: RightsOrigin, row: RightsRequestRow) {
  if (!row.window_ends_at) throw new Error("a request verified by code has a verification window");
  return origin.platform.jobs.schedule(origin.tx, {
    kind: closeUnverifiedJob,
    tenantId: origin.tenant.id,
    dueAt: row.window_ends_at,
    payload: { rightsRequestId: row.id },
  });
}

/**
 * A request token stops working once its request has ended and the answer has expired (`at`): the
 * requester still reads the outcome until then.
 */
export async function expireRequestToken(tx: Queryable, requestId: string, at: Date): Promise<void> {
  await tx.query("UPDATE catalog.request_tokens SET expires_at = $2 WHERE request_id = $1", [requestId, at]);
}
