import { Writable } from "node:stream";
import type { Reference } from "../create-reference.js";
import { createLogger, type Logger } from "../platform/logger.js";

/** A wall clock a test moves by hand (tenants without a test clock live on it). */
export function manualClock(start: string) {
  let current = new Date(start);
  return {
    now: () => new Date(current.getTime()),
    set(to: Date | string) {
      current = new Date(to);
    },
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** Runs every wall-clock job due by `upTo`, in due order; answers how many ran. */
export async function runDueJobs(reference: Reference, upTo: Date): Promise<number> {
  let ran = 0;
  for (;;) {
    const job = await reference.platform.jobs.claimNext({ wallClock: true }, upTo);
    if (!job) return ran;
    const failure = await reference.platform.jobs.run(job);
    if (failure) throw failure.error;
    ran++;
  }
}

/** A logger whose lines a test reads back. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: "debug", destination }), lines };
}
