import type { Queryable } from "../database/database.js";
import type { Platform } from "../operations/operation-group.js";
import type { SubjectRef } from "../platform/inventory.js";
import type { TenantRecord } from "../platform/tenant-records.js";

/**
 * The privacy behaviours' replaceable parts (`parts.exporter`, `parts.eraser`, `parts.sweeper`,
 * `parts.notifier` of `createReference`). Each is an object with the methods below, so a fault of the
 * conformance suite swaps one for a broken variant (a sweep a day late, an eraser that forgets one
 * subprocessor) without touching the policy the reference reports. Every method runs in the caller's
 * transaction: a refused request leaves nothing started.
 */

/** Who asked: the contract's `Actor`. */
export type PrivacyActor =
  | { type: "user"; id: string }
  | { type: "operator"; id: string }
  | { type: "system"; id: string };

export interface PrivacyOrigin {
  tx: Queryable;
  platform: Platform;
  tenant: TenantRecord;
  /** Now on the tenant's clock. */
  now: Date;
}

/** Builds export documents (Settings > Data Management, and access, portability and know requests). */
export interface Exporter {
  /**
   * Records a pending export and schedules the job that writes its document; answers its id. When the
   * export answers a rights request, its completion settles that request (`settleRightsRequest`).
   */
  start(
    origin: PrivacyOrigin,
    input: {
      scope: { type: "tenant" } | SubjectRef;
      categories?: readonly string[];
      requestedBy: PrivacyActor;
      rightsRequestId?: string;
    },
  ): Promise<{ exportId: string }>;
}

/** What started an erasure (the contract's `ErasureSource`). */
export interface ErasureSource {
  type: "rights-request" | "deletion" | "minor-report";
  id: string;
}

/** Erases a subject (or single records) everywhere they are held, and writes the erasure receipt. */
export interface Eraser {
  /**
   * Records an `in_progress` receipt due at `dueAt` and schedules the durable job that erases; answers
   * the receipt id. When the source is a rights request, the receipt's completion settles it.
   */
  start(
    origin: PrivacyOrigin,
    input: {
      source: ErasureSource;
      subject: SubjectRef | null;
      /** For a deletion of single records (`DeletionTarget` of type crm-object, message, call). */
      records?: readonly { type: string; id: string }[];
      dueAt: Date;
      requestedBy: PrivacyActor;
    },
  ): Promise<{ receiptId: string }>;
}

/** Runs the retention rules: every record purged at its own deadline, on the tenant's clock. */
export interface Sweeper {
  /**
   * Makes sure a sweep job is due no later than the earliest purge deadline of the tenant's records
   * (called after writes that create records with a deadline, and after closure events).
   */
  reschedule(origin: PrivacyOrigin): Promise<void>;
}

/** The answer a rights request is settled with, once its export or erasure is done. */
export type RightsRequestSettlement =
  | { type: "export"; exportId: string; sha256: string; byteLength: number; expiresAt: Date }
  | { type: "erasure"; receiptId: string };

/**
 * The job kind (served by the rights requests group) that settles a rights request once its export or
 * erasure is done: the exporter and the eraser schedule it, due at once, with payload
 * `{ rightsRequestId, settlement }` (`settlement` a `RightsRequestSettlement`, dates as ISO strings).
 * A job rather than a call keeps the parts independent of each other.
 */
export const settleRightsRequestJob = "rights-requests-settle";

/** One line of an erasure receipt's `deleted`, before the eraser stamps `deletedAt`. */
export interface ErasedItems {
  category: string;
  location: { type: "platform" } | { type: "subprocessor"; subprocessorId: string; service: string };
  recordType: string;
  count: number;
}

/**
 * What a group erases of a subject it holds data about (`eraseSubject` of an `OperationGroup`): its own
 * tables' rows, in the eraser job's transaction, answering what it removed (lines with a zero count are
 * dropped). The default eraser runs every group's, so a group added later (stored exports, rights
 * requests) erases its own copies without the eraser knowing its tables. `step` is the job's ledger
 * step, for a contribution that calls a vendor.
 */
export type SubjectEraser = (
  input: PrivacyOrigin & {
    subject: SubjectRef;
    step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  },
) => Promise<ErasedItems[]>;
