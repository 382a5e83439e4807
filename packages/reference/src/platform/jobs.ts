import { randomUUID } from "node:crypto";
import type { Database, Queryable } from "../database/database.js";
import type { Logger } from "./logger.js";
import { ProblemError, problem } from "./problem.js";

export interface JobRecord {
  id: string;
  kind: string;
  tenantId: string | null;
  testClockId: string | null;
  dueAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface JobContext {
  job: JobRecord;
  /** The job's own due time: what "now" is for everything it does. */
  now: Date;
  database: Database;
  /**
   * Runs `fn` once per job: a step already recorded in the ledger answers its recorded result, so a job
   * resumed after a crash never repeats a step it finished (a vendor call, a deletion).
   */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Schedules a further job (it runs in this advance too when it falls due before the target). */
  schedule(tx: Queryable, job: ScheduleJob): Promise<string>;
}

export type JobHandler = (context: JobContext) => Promise<void>;

export interface ScheduleJob {
  kind: string;
  tenantId: string | null;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

export interface JobFailure {
  job: JobRecord;
  error: unknown;
}

/** Which pending jobs a run may take: one test clock's, or those on the wall clock (no test clock). */
export type JobScope = { testClockId: string } | { wallClock: true };

interface JobRow {
  id: string;
  kind: string;
  tenant_id: string | null;
  test_clock_id: string | null;
  due_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Jobs in a table of our own, due on each record's own deadline under its tenant's clock. A job is
 * claimed with `FOR UPDATE SKIP LOCKED`, runs with its due time as now, and records finished steps in a
 * ledger; a job interrupted by a crash is put back on boot and resumes after its last recorded step.
 */
export class JobQueue {
  readonly #database: Database;
  readonly #handlers = new Map<string, JobHandler>();
  readonly #logger: Logger;

  constructor(database: Database, logger: Logger, handlers: Record<string, JobHandler> = {}) {
    this.#database = database;
    this.#logger = logger;
    for (const [kind, handler] of Object.entries(handlers)) this.register(kind, handler);
  }

  register(kind: string, handler: JobHandler): void {
    if (this.#handlers.has(kind)) throw new Error(`job kind ${kind} registered twice`);
    this.#handlers.set(kind, handler);
  }

  /** Whether a handler serves `kind` (a part scheduling another group's job checks that it is there). */
  has(kind: string): boolean {
    return this.#handlers.has(kind);
  }

  /** Inserts a job in the caller's transaction, bound to its tenant's test clock if it has one. */
  async schedule(tx: Queryable, job: ScheduleJob): Promise<string> {
    if (!this.#handlers.has(job.kind)) throw new Error(`no handler for job kind ${job.kind}`);
    const id = randomUUID();
    await tx.query(
      `INSERT INTO catalog.jobs (id, kind, tenant_id, test_clock_id, due_at, payload)
       VALUES ($1, $2, $3, (SELECT test_clock_id FROM catalog.tenants WHERE id = $3), $4, $5::jsonb)`,
      [id, job.kind, job.tenantId, job.dueAt, JSON.stringify(job.payload ?? {})],
    );
    return id;
  }

  /** Puts back jobs a crash left running (boot). */
  async recover(): Promise<number> {
    const rows = await this.#database.transaction((tx) =>
      tx.query("UPDATE catalog.jobs SET status = 'pending' WHERE status = 'running' RETURNING id"),
    );
    return rows.length;
  }

  /** The next job of the scope due at or before `upTo`, claimed; `undefined` when none is. */
  async claimNext(scope: JobScope, upTo: Date): Promise<JobRecord | undefined> {
    const [row] = await this.#database.transaction((tx) =>
      tx.query<JobRow>(
        `UPDATE catalog.jobs SET status = 'running', attempts = attempts + 1
         WHERE id = (
           SELECT id FROM catalog.jobs
           WHERE status = 'pending' AND due_at <= $1
             AND ${"testClockId" in scope ? "test_clock_id = $2" : "test_clock_id IS NULL AND $2::text IS NULL"}
           ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
         ) RETURNING id, kind, tenant_id, test_clock_id, due_at, payload, attempts`,
        [upTo, "testClockId" in scope ? scope.testClockId : null],
      ),
    );
    if (!row) return undefined;
    return {
      id: row.id,
      kind: row.kind,
      tenantId: row.tenant_id,
      testClockId: row.test_clock_id,
      dueAt: row.due_at,
      payload: row.payload,
      attempts: row.attempts,
    };
  }

  /** Runs a claimed job. On failure it goes back to pending (a later run retries it) and the failure is answered. */
  async run(job: JobRecord): Promise<JobFailure | undefined> {
    const handler = this.#handlers.get(job.kind);
    try {
      if (!handler) throw problem("internal", `no handler for job kind ${job.kind}`);
      await handler(this.#context(job));
      await this.#database.transaction((tx) =>
        tx.query(
          "UPDATE catalog.jobs SET status = 'done', finished_at = now(), last_error = NULL WHERE id = $1",
          [job.id],
        ),
      );
      return undefined;
    } catch (error) {
      const summary =
        error instanceof ProblemError ? { slug: error.slug, detail: error.detail } : { slug: "internal" };
      this.#logger.warn({ jobId: job.id, kind: job.kind, err: error }, "job failed");
      await this.#database.transaction((tx) =>
        tx.query("UPDATE catalog.jobs SET status = 'pending', last_error = $2::jsonb WHERE id = $1", [
          job.id,
          JSON.stringify(summary),
        ]),
      );
      return { job, error };
    }
  }

  #context(job: JobRecord): JobContext {
    const database = this.#database;
    return {
      job,
      now: job.dueAt,
      database,
      schedule: (tx, next) => this.schedule(tx, next),
      async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
        const [done] = await database.transaction((tx) =>
          tx.query<{ result: { value: T } }>(
            "SELECT result FROM catalog.job_steps WHERE job_id = $1 AND step = $2",
            [job.id, name],
          ),
        );
        if (done) return done.result.value;
        const value = await fn();
        await database.transaction((tx) =>
          tx.query("INSERT INTO catalog.job_steps (job_id, step, result) VALUES ($1, $2, $3::jsonb)", [
            job.id,
            name,
            JSON.stringify({ value: value ?? null }),
          ]),
        );
        return value;
      },
    };
  }
}
