import { addDuration } from "@crmfactory/taxonomy";
import type { Platform } from "../operations/operation-group.js";
import { ProblemError, problem, problemBody } from "./problem.js";

/**
 * Runs every job of a test clock due up to `target`, in due order, each with its due time as now (the
 * clock shows it meanwhile); then the clock is `ready` at `target`. A failing job stops the clock at its
 * due time (`failed`, the job left pending so the next advance retries it first); an advance running past
 * `limits.testClockAdvanceTimeout` of wall clock ends `failed` too.
 */
export async function advanceTestClock(platform: Platform, clockId: string, target: Date): Promise<void> {
  const { database, jobs } = platform;
  const timeout = platform.limits.testClockAdvanceTimeout;
  const started = platform.clock.now();
  const deadlineMs = timeout ? addDuration(new Date(0), timeout).getTime() : undefined;
  let timedOut = false;
  let current: { kind: string; dueAt: Date; tenantId: string | null } | undefined;
  const fail = (failure: { job: string; dueAt: Date; tenantId: string | null; error: ProblemError }) =>
    database.transaction((tx) =>
      tx.query(
        `UPDATE catalog.test_clocks SET status = 'failed', advancing_to = NULL, frozen_time = $2, failure = $3::jsonb
         WHERE id = $1 AND status = 'advancing'`,
        [
          clockId,
          failure.dueAt,
          JSON.stringify({
            job: failure.job,
            dueAt: failure.dueAt.toISOString(),
            tenantId: failure.tenantId,
            failedAt: new Date().toISOString(),
            problem: problemBody(failure.error, `req_clock_${clockId.replaceAll("-", "")}`),
          }),
        ],
      ),
    );
  const run = async () => {
    for (;;) {
      if (timedOut) return;
      const job = await jobs.claimNext({ testClockId: clockId }, target);
      if (!job) break;
      current = { kind: job.kind, dueAt: job.dueAt, tenantId: job.tenantId };
      await database.transaction((tx) =>
        tx.query("UPDATE catalog.test_clocks SET frozen_time = GREATEST(frozen_time, $2) WHERE id = $1", [
          clockId,
          job.dueAt,
        ]),
      );
      const failure = await jobs.run(job);
      if (timedOut) return;
      if (failure) {
        const error =
          failure.error instanceof ProblemError
            ? failure.error
            : problem("internal", `The job ${job.kind} failed.`);
        await fail({ job: job.kind, dueAt: job.dueAt, tenantId: job.tenantId, error });
        return;
      }
    }
    await database.transaction((tx) =>
      tx.query(
        `UPDATE catalog.test_clocks SET status = 'ready', frozen_time = $2, advancing_to = NULL, failure = NULL
         WHERE id = $1 AND status = 'advancing'`,
        [clockId, target],
      ),
    );
  };
  if (deadlineMs === undefined) return run();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(
      () => resolve("expired"),
      Math.max(0, deadlineMs - (platform.clock.now().getTime() - started.getTime())),
    );
  });
  const running = run();
  const outcome = await Promise.race([running.then(() => "done" as const), expired]);
  clearTimeout(timer);
  if (outcome === "expired") {
    timedOut = true;
    await fail({
      job: current?.kind ?? "advance",
      dueAt: current?.dueAt ?? target,
      tenantId: current?.tenantId ?? null,
      error: problem("unavailable", `The advance ran longer than ${timeout} and was stopped.`),
    });
    await running.catch(() => {});
  }
}
