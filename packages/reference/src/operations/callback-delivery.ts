import { createHmac, randomUUID } from "node:crypto";
import type { Queryable } from "../database/database.js";
import { timestamp } from "../platform/clock.js";
import { openSecret } from "../platform/credential-cipher.js";
import type { JobQueue } from "../platform/jobs.js";
import { tenantRequest } from "../platform/outbound-allow-list.js";
import { hintRequest } from "../platform/outbound-retry.js";
import { findTenant } from "../platform/tenant-records.js";
import type { GroupJobHandler } from "./operation-group.js";

/** The job that makes one delivery attempt. */
export const deliverCallbackJob = "callbacks-deliver";

/**
 * The reference's own retry schedule (not a number of the policy, which sets none): exponential
 * backoff from one minute, times four per failed attempt, for at most seven attempts (about a day).
 */
const firstRetryDelayMs = 60_000;
const backoffFactor = 4;
export const maxDeliveryAttempts = 7;

/** A thin event: ids, types and statuses only, never personal data (the contract's `data` shapes). */
export interface CallbackEventInput {
  type: string;
  data: Record<string, string | null | Record<string, string>>;
}

/**
 * Emits a callback event for the tenant: recorded once, and one delivery (with its job) for each endpoint
 * subscribed to its type. Runs in the caller's transaction, so an event of a rolled-back change is never
 * sent. Other groups call this (rights requests, exports, erasure receipts, notices, AI proposals).
 */
export async function emitCallbackEvent(
  tx: Queryable,
  origin: { tenantId: string; now: Date; jobs: JobQueue },
  event: CallbackEventInput,
): Promise<{ eventId: string; deliveryIds: string[] }> {
  const eventId = randomUUID();
  await tx.query("INSERT INTO callback_events (id, type, data, created_at) VALUES ($1, $2, $3::jsonb, $4)", [
    eventId,
    event.type,
    JSON.stringify(event.data),
    origin.now,
  ]);
  const endpoints = await tx.query<{ id: string }>(
    "SELECT id FROM callback_endpoints WHERE events @> $1::jsonb ORDER BY created_at, id",
    [JSON.stringify([event.type])],
  );
  const deliveryIds: string[] = [];
  for (const endpoint of endpoints) {
    const deliveryId = randomUUID();
    await tx.query(
      `INSERT INTO callback_deliveries (id, endpoint_id, event_id, status, attempts, created_at, next_attempt_at)
       VALUES ($1, $2, $3, 'pending', 0, $4, $4)`,
      [deliveryId, endpoint.id, eventId, origin.now],
    );
    await scheduleAttempt(tx, origin, deliveryId, origin.now);
    deliveryIds.push(deliveryId);
  }
  return { eventId, deliveryIds };
}

export function scheduleAttempt(
  tx: Queryable,
  origin: { tenantId: string; jobs: JobQueue },
  deliveryId: string,
  dueAt: Date,
) {
  return origin.jobs.schedule(tx, {
    kind: deliverCallbackJob,
    tenantId: origin.tenantId,
    dueAt,
    payload: { deliveryId },
  });
}

/** The event's body as sent and signed: the envelope's members in the contract's order. */
export function eventBody(
  event: { id: string; type: string; created_at: Date; data: unknown },
  tenantId: string,
) {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: timestamp(event.created_at),
    tenantId,
    data: event.data,
  });
}

/** `CRMFactory-Signature`: `t=<unix seconds>` and one `v1` HMAC-SHA256 of `<t>.<body>` per secret. */
export function signatureHeader(body: string, secrets: readonly string[], at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const signatures = secrets.map(
    (secret) => `v1=${createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex")}`,
  );
  return [`t=${t}`, ...signatures].join(",");
}

interface AttemptRow {
  id: string;
  endpoint_id: string;
  status: string;
  attempts: number;
  next_attempt_at: Date | null;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  event_id: string;
  event_type: string;
  event_created_at: Date;
  event_data: unknown;
}

/**
 * One attempt: POSTs the event, records the outcome in the delivery log and, after a failure, schedules
 * the next attempt on the tenant's clock. The attempt and its record share a transaction, so a crash
 * between them sends the event again (receivers deduplicate on the event id) and never loses it.
 */
export const deliverCallback: GroupJobHandler = async ({ job, now, database, platform }) => {
  const tenant = job.tenantId
    ? await database.transaction((tx) => findTenant(tx, job.tenantId as string))
    : undefined;
  if (!tenant) return;
  await database.transaction(
    async (tx) => {
      const [row] = await tx.query<AttemptRow>(
        `SELECT d.id, d.endpoint_id, d.status, d.attempts, d.next_attempt_at, e.url, e.secret_sealed,
           e.previous_secret_sealed, e.previous_secret_expires_at, ev.id AS event_id, ev.type AS event_type,
           ev.created_at AS event_created_at, ev.data AS event_data
         FROM callback_deliveries d JOIN callback_endpoints e ON e.id = d.endpoint_id
           JOIN callback_events ev ON ev.id = d.event_id
         WHERE d.id = $1 FOR UPDATE OF d`,
        [job.payload.deliveryId],
      );
      // Gone with its endpoint, or an attempt another job already made: nothing to do.
      if (!row || row.next_attempt_at === null || row.next_attempt_at.getTime() > now.getTime()) return;
      const secrets = [openSecret(platform, row.secret_sealed, row.endpoint_id)];
      if (
        row.previous_secret_sealed &&
        row.previous_secret_expires_at &&
        row.previous_secret_expires_at > now
      ) {
        secrets.push(openSecret(platform, row.previous_secret_sealed, row.endpoint_id));
      }
      const body = eventBody(
        { id: row.event_id, type: row.event_type, created_at: row.event_created_at, data: row.event_data },
        tenant.id,
      );
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "crmfactory-event-id": row.event_id,
        "crmfactory-signature": signatureHeader(body, secrets, now),
      };
      if (tenant.testClockId) headers["crmfactory-test-clock"] = tenant.testClockId;
      let statusCode: number | null = null;
      try {
        // Not repeated by the outbound retries: each attempt is one logged delivery on this job's schedule.
        const response = await platform.fetch(
          hintRequest(
            tenantRequest({ tenantId: tenant.id, tx }, row.url, { method: "POST", headers, body }),
            {
              repeatable: false,
            },
          ),
        );
        statusCode = response.status;
        await response.body?.cancel();
      } catch (error) {
        platform.logger.warn({ deliveryId: row.id, err: error }, "callback delivery got no response");
      }
      const attempts = row.attempts + 1;
      const succeeded = statusCode !== null && statusCode >= 200 && statusCode < 300;
      const retry = !succeeded && attempts < maxDeliveryAttempts;
      const nextAttemptAt = retry
        ? new Date(now.getTime() + firstRetryDelayMs * backoffFactor ** (attempts - 1))
        : null;
      await tx.query(
        `UPDATE callback_deliveries SET status = $2, attempts = $3, last_attempt_at = $4, last_status_code = $5,
           next_attempt_at = $6 WHERE id = $1`,
        [
          row.id,
          succeeded ? "succeeded" : retry ? "retrying" : "failed",
          attempts,
          now,
          statusCode,
          nextAttemptAt,
        ],
      );
      if (nextAttemptAt)
        await scheduleAttempt(tx, { tenantId: tenant.id, jobs: platform.jobs }, row.id, nextAttemptAt);
    },
    { searchPath: [tenant.schemaName, "catalog"] },
  );
};
