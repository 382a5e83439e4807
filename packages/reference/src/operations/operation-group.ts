import type { OperationId, OperationPermission, Validator } from "@crmfactory/api";
import type { Policy } from "@crmfactory/taxonomy";
import type { Database, Queryable } from "../database/database.js";
import type { Migration } from "../database/migrate.js";
import type { SchemaStore } from "../database/schema-store.js";
import type { ImplementationLimits } from "../limits.js";
import type { AuditActor, AuditTarget } from "../platform/audit-trail.js";
import type { Clock } from "../platform/clock.js";
import type { InventorySource } from "../platform/inventory.js";
import type { JobContext, JobQueue } from "../platform/jobs.js";
import type { Logger } from "../platform/logger.js";
import type { Sealer } from "../platform/sealing.js";
import type { TenantRecord } from "../platform/tenant-records.js";
import type { SubjectEraser } from "../privacy/privacy-parts.js";

/** Who is calling, after authentication. */
export type Caller =
  | { kind: "public" }
  | { kind: "operator"; id: string }
  | { kind: "tenant"; tenant: TenantRecord; user: SessionUser; session: { id: string; createdAt: Date } }
  | { kind: "request"; tenant: TenantRecord; requestId: string };

export interface SessionUser {
  id: string;
  role: string;
}

/** An outbound `fetch` (subprocessors, integrations, callbacks); wrapped by the allow-list in adapters. */
export type OutboundFetch = (input: Request) => Promise<Response>;

/** What every handler can reach: the enforced policy and the reference's replaceable parts. */
export interface Platform {
  readonly policy: Policy;
  readonly validator: Validator;
  readonly mode: "test" | "production";
  readonly limits: ImplementationLimits;
  readonly database: Database;
  readonly schemas: SchemaStore;
  readonly jobs: JobQueue;
  readonly clock: Clock;
  readonly fetch: OutboundFetch;
  readonly logger: Logger;
  readonly implementation: { name: string; version: string };
  /** Adapters and other parts other groups register by name (`payments`, `messaging`...). */
  readonly parts: Readonly<Record<string, unknown>>;
  /** Base URL of each subprocessor with a vendor profile, by subprocessor id (`stripe`, `twilio`...). */
  readonly vendorBaseUrls: Readonly<Record<string, string>>;
  /** AES-256-GCM with the deployment's secret key, for what is kept at rest and read back. */
  readonly sealer: Sealer;
  /** Every group's inventory source, the platform's own first. */
  readonly inventorySources: readonly InventorySource[];
  /** Every group's `eraseSubject`, in group order: what the default eraser runs for a subject. */
  readonly subjectErasers: readonly SubjectEraser[];
  /** Starts work that outlives the request (a test clock's advance); `close()` waits for it. */
  background(task: Promise<unknown>): void;
}

export interface OperationContext {
  readonly operationId: OperationId;
  readonly operation: OperationPermission;
  readonly requestId: string;
  readonly request: Request;
  /** Path parameters, already checked against their schemas (a malformed id answered `not-found`). */
  readonly params: Readonly<Record<string, string>>;
  readonly caller: Caller;
  /** The caller's tenant (session or request token), once known; `useTenant` sets it for public calls. */
  readonly tenant: TenantRecord | undefined;
  /** Now on the caller's clock (the tenant's test clock in test mode), fixed for the request. */
  readonly now: Date;
  /** The request's transaction; unqualified tables are the tenant's, `catalog.*` the catalogue's. */
  readonly tx: Queryable;
  readonly platform: Platform;
  /** The request body, validated against the contract (`validation-failed`, 413, 415 otherwise). */
  body<T = unknown>(): Promise<T>;
  /** The query parameters, validated and coerced (`limit` a number, lists as arrays). */
  query<T = Record<string, unknown>>(): T;
  /**
   * Appends the operation's audit entry (`x-audit-action`); an audited operation must call it once.
   * `tenant`: whose trail, when the caller is not a tenant (operator decisions, sign-in).
   */
  audit(target: AuditTarget, options?: { actor?: AuditActor }): Promise<void>;
  /**
   * Registers how to undo an object the request made at a vendor (a stored photo, a payments customer,
   * an email contact) should its transaction roll back: run newest first, outside the transaction,
   * before the refusal is answered. A failing undo is logged; the others still run.
   */
  compensate(undo: () => Promise<unknown>): void;
  /**
   * Runs `task` once the request's transaction has committed (never if it rolls back), in the
   * background: work that must not hold the transaction (a test clock's advance, dropping schemas).
   */
  afterCommit(task: () => Promise<unknown>): void;
  /** Makes `tenant` the request's tenant: its schema first on the search path, its clock the request's. */
  useTenant(tenant: TenantRecord): Promise<void>;
}

export interface OperationResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type OperationHandler = (context: OperationContext) => Promise<OperationResult>;

/** A group's job: the queue's context plus the platform (the allow-listed fetch, the parts, the logger). */
export type GroupJobHandler = (context: JobContext & { platform: Platform }) => Promise<void>;

/**
 * One contract tag's operations, with the tables and jobs they need. Each group lives in its own module
 * under `src/operations/` and is listed once in `src/operations/index.ts`.
 */
export interface OperationGroup {
  name: string;
  operations: Partial<Record<OperationId, OperationHandler>>;
  /** Migrations of every tenant schema, ids prefixed with the group's name. */
  tenantMigrations?: readonly Migration[];
  /** Migrations of the catalogue schema, ids prefixed with the group's name. */
  catalogueMigrations?: readonly Migration[];
  jobs?: Readonly<Record<string, GroupJobHandler>>;
  /** What this group holds for a tenant, for the test-mode inventory (`getTestClockTenantInventory`). */
  inventory?: InventorySource;
  /** What this group erases of a subject (its own tables), run by the default eraser. */
  eraseSubject?: SubjectEraser;
}
