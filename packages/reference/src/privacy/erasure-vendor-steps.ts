import { randomUUID } from "node:crypto";
import { addDuration } from "@crmfactory/taxonomy";
import type { Database, Queryable } from "../database/database.js";
import type { Platform } from "../operations/operation-group.js";
import type { JobContext } from "../platform/jobs.js";
import type { ErasedItems } from "./privacy-parts.js";
import type { ErasurePlan, VendorObject } from "./subject-plan.js";
import {
  deleteCallRecording,
  deleteEmailContact,
  deleteMessagingMessage,
  deletePaymentsCustomer,
  deleteStoredFile,
  VendorBusyError,
  type VendorDeletion,
  type VendorOrigin,
  VendorUnavailableError,
} from "./vendor-copies.js";

/**
 * Where an erasure stands at each vendor object: `intent` is in the ledger and the call is about to go
 * out, `answered` the vendor has answered and its outcome is not yet in the ledger (the gap a crash can
 * fall in), `outcome` the ledger holds it. A test-only part (`parts.erasureProbe`) is called at each, so
 * a crash test can kill the process exactly there; nothing in the reference sets one.
 */
export type ErasureProbePoint = "intent" | "answered" | "outcome";
export type ErasureProbe = (point: ErasureProbePoint, key: string) => void | Promise<void>;

/** What a continuation of the job carries: the plan, the outcomes so far, the objects already tried. */
export interface CarriedErasure {
  plan: ErasurePlan;
  outcomes: Record<string, VendorDeletion>;
  attempted?: string[];
  failures?: number;
}

/** How long a busy vendor object waits before the next try: the reference's own choice, not the policy's. */
const busyRetryDelay = "PT1M";

/**
 * Waits after a vendor still failing past the outbound retries, by the number of such failures: the
 * reference's own backoff (the policy sets none), from a minute to six hours.
 */
const unavailableRetryDelays = ["PT1M", "PT5M", "PT30M", "PT2H", "PT6H"] as const;

/**
 * When the continuation runs: after the backoff, but never later than halfway to the receipt's
 * deadline while it is ahead, so a vendor that recovers in time leaves the deadline held (§9).
 */
export function continuationDue(now: Date, dueAt: Date, delay: string): Date {
  const after = addDuration(now, delay);
  const left = dueAt.getTime() - now.getTime();
  if (left <= 0) return after;
  return new Date(Math.min(after.getTime(), now.getTime() + Math.max(1000, Math.floor(left / 2))));
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

/**
 * Each statement in its own short transaction: the vendor call (with the outbound layer's backoff
 * waits) never holds one open, which on PGlite would stall every other request meanwhile.
 */
function autocommit(database: Database, searchPath: readonly string[]): Queryable {
  return { query: (text, params) => database.transaction((tx) => tx.query(text, params), { searchPath }) };
}

export type VendorPass =
  | { done: true; lines: ErasedItems[] }
  | { done: false; carried: CarriedErasure; dueAt: Date; busy: boolean };

/**
 * Deletes every planned vendor object once, idempotently across crashes: an intent row goes into the
 * job's ledger before the call and the outcome after it. A run that finds an intent without an outcome
 * follows a run that died in the gap, perhaps after the vendor deleted the object: its 404 then is that
 * deletion (counted once on the receipt), not someone else's. A vendor still failing ends the pass
 * undone, with a continuation due before the receipt's deadline.
 */
export async function deleteVendorObjects(input: {
  platform: Platform;
  database: Database;
  tenantId: string;
  searchPath: readonly string[];
  now: Date;
  receiptDueAt: Date;
  plan: ErasurePlan;
  carried: CarriedErasure | undefined;
  jobId: string;
  step: JobContext["step"];
}): Promise<VendorPass> {
  const { platform, plan, carried, step } = input;
  const probe = platform.parts.erasureProbe as ErasureProbe | undefined;
  const runId = randomUUID();
  // Outcomes this job recorded before a crash, read at once: a done object is skipped without a call.
  const recorded = await input.database.transaction((tx) =>
    tx.query<{ step: string; result: { value: VendorDeletion } }>(
      "SELECT step, result FROM catalog.job_steps WHERE job_id = $1 AND step LIKE 'vendor:%'",
      [input.jobId],
    ),
  );
  const outcomes: Record<string, VendorDeletion> = { ...carried?.outcomes };
  for (const row of recorded) {
    if (!row.step.endsWith(":intent")) outcomes[row.step] ??= row.result.value;
  }
  const attempted = new Set(carried?.attempted ?? []);
  const origin: VendorOrigin = {
    platform,
    tenantId: input.tenantId,
    tx: autocommit(input.database, input.searchPath),
  };
  const lines: ErasedItems[] = [];
  for (const object of plan.vendorObjects) {
    const key = `vendor:${object.kind}:${object.id}`;
    if (outcomes[key] === undefined) {
      const intent = await step(`${key}:intent`, async () => runId);
      const earlier = intent !== runId || attempted.has(key);
      attempted.add(key);
      await probe?.("intent", key);
      try {
        outcomes[key] = await step(key, async () => {
          const answer = await deleteAtVendor(origin, object);
          await probe?.("answered", key);
          return answer === "absent" && earlier ? "deleted" : answer;
        });
      } catch (error) {
        if (!(error instanceof VendorUnavailableError)) throw error;
        const busy = error instanceof VendorBusyError;
        const failures = busy ? (carried?.failures ?? 0) : (carried?.failures ?? 0) + 1;
        const delay = busy
          ? busyRetryDelay
          : (unavailableRetryDelays[Math.min(failures, unavailableRetryDelays.length) - 1] ?? "PT6H");
        platform.logger.warn(
          { tenantId: input.tenantId, vendorObject: object.kind, busy, failures },
          "erasure waits for a subprocessor; a continuation retries it",
        );
        return {
          done: false,
          busy,
          dueAt: continuationDue(input.now, input.receiptDueAt, delay),
          carried: { plan, outcomes, attempted: [...attempted], failures },
        };
      }
      await probe?.("outcome", key);
    }
    if (outcomes[key] !== "deleted") continue;
    const subprocessorId = object.kind === "blob-file" ? object.subprocessorId : vendorOf[object.kind];
    lines.push({
      category: object.category,
      location: { type: "subprocessor", subprocessorId, service: object.service },
      recordType: object.recordType,
      count: 1,
    });
  }
  return { done: true, lines };
}
