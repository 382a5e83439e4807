import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createSubprocessorFakes,
  type LoopbackServer,
  startLoopbackServer,
} from "@crmfactory/subprocessor-fakes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseOption } from "../create-reference.js";
import { seededRandom } from "../platform/outbound-retry.js";
import { drivers, serverDatabaseUrl } from "../test-support/boot.js";

/**
 * SIGKILL half-way through an erasure, on both drivers (§9): a child process runs the reference's
 * sources on a PGlite data directory or a server database, with the subprocessor fakes a loopback server
 * in this process so their state outlives the child. The child kills itself at a point of the vendor
 * steps drawn from a logged seed (CRASH_SEED=<seed> replays a run), most often in the gap between a
 * vendor's answer and the ledger row recording it; restarted on the same data until the receipt is
 * completed, each vendor object must have been deleted exactly once and counted once on the receipt.
 */
const seed = process.env.CRASH_SEED ?? randomBytes(4).toString("hex");
const child = fileURLToPath(new URL("../test-support/crash/erasure-child.ts", import.meta.url));
const register = fileURLToPath(new URL("../test-support/crash/ts-register.mjs", import.meta.url));
const phases = ["intent", "answered", "outcome"] as const;
const crashes = 3;

interface ChildResult {
  signal: NodeJS.Signals | null;
  code: number | null;
  lines: Record<string, unknown>[];
  stderr: string;
  ms: number;
}

function runChild(args: string[], env: Record<string, string>): Promise<ChildResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", register, child, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    proc.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    proc.on("error", reject);
    proc.on("close", (code, signal) =>
      resolve({
        code,
        signal,
        stderr,
        ms: Date.now() - started,
        lines: stdout
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      }),
    );
  });
}

describe.each(drivers)("an erasure killed with SIGKILL on %s", (driver) => {
  let now = new Date("2026-04-02T09:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `crash-${driver}-${seed}`, clock: () => now });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  let loopback: LoopbackServer;
  let database: DatabaseOption;
  let dataDir: string | undefined;
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "crash-auth-token");
    loopback = await startLoopbackServer(fakes);
    if (driver === "pglite") {
      dataDir = mkdtempSync(join(tmpdir(), "crmf-crash-"));
      database = { driver: "pglite", dataDir };
    } else {
      database = { driver: "pg", connectionString: await serverDatabaseUrl() };
    }
  });
  afterAll(async () => {
    await loopback?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("finishes after kills between vendor calls and their ledger rows, deleting each object once", async () => {
    const random = seededRandom(`${seed}-${driver}`);
    console.info(`erasure crash test on ${driver}: seed ${seed} (CRASH_SEED=${seed} replays it)`);
    const env = {
      ...loopback.env(),
      CRASH_DATABASE: JSON.stringify(database),
      CRASH_TWILIO_SID: accountSid,
    };
    const setup = await runChild(["setup"], env);
    expect(setup.code, setup.stderr).toBe(0);
    const filed = setup.lines[0] as {
      token: string;
      receiptId: string;
      phone: string;
      email: string;
      messages: number;
    };
    // The messages are delivered and the voicemail's recording made by the time the erasure runs.
    now = new Date(now.getTime() + 3600_000);
    const held = () => fakes.twilio.heldFor({ phone: filed.phone, accountSid });
    expect(held().flatMap((h) => h.messages)).toHaveLength(filed.messages);
    expect(held().flatMap((h) => h.recordings)).toHaveLength(1);
    expect(fakes.resend.contactsFor({ email: filed.email })).toHaveLength(1);
    const objects = filed.messages + 2;
    const runEnv = { ...env, CRASH_TOKEN: filed.token, CRASH_RECEIPT: filed.receiptId };

    // Each run kills itself at a drawn point among the objects still to do: half the time in the gap
    // (the vendor answered, the ledger does not say so yet), else just before the call or just after.
    let remaining = objects;
    const kills: { probe: number; point: string; key: string; ms: number }[] = [];
    for (let i = 0; i < crashes && remaining > 0; i++) {
      const object = Math.floor(random() * remaining);
      const draw = random();
      const phase = draw < 0.5 ? 1 : draw < 0.75 ? 0 : 2;
      const killAt = object * phases.length + phase + 1;
      const run = await runChild(["run"], { ...runEnv, CRASH_KILL_AT: String(killAt) });
      expect(run.signal, run.stderr).toBe("SIGKILL");
      const killed = run.lines.find((line) => "killedAt" in line)?.killedAt as (typeof kills)[number];
      expect(killed).toMatchObject({ probe: killAt, point: phases[phase] });
      kills.push({ ...killed, ms: run.ms });
      remaining -= object + (phase === 2 ? 1 : 0);
    }
    const final = await runChild(["run"], runEnv);
    expect(final.code, final.stderr).toBe(0);
    console.info(
      `erasure crash test on ${driver}: setup ${setup.ms} ms, kills ${JSON.stringify(kills)}, final run ${final.ms} ms`,
    );
    const result = final.lines.at(-1) as {
      receipt: {
        status: string;
        deleted: { recordType: string; location: { type: string }; count: number }[];
      };
    };
    expect(result.receipt.status).toBe("completed");

    // At the fakes: every object gone, and at most one successful deletion of each (a retried
    // deletion after a crash in the gap answers 404, counted as done).
    expect(held().flatMap((h) => [...h.messages, ...h.recordings])).toEqual([]);
    expect(fakes.resend.contactsFor({ email: filed.email })).toEqual([]);
    const deletions = [
      ...fakes.requests({ vendor: "twilio", endpoint: "messages.delete" }),
      ...fakes.requests({ vendor: "twilio", endpoint: "recordings.delete" }),
      ...fakes.requests({ vendor: "resend", endpoint: "contacts.delete" }),
    ];
    const succeeded = new Map<string, number>();
    for (const request of deletions) {
      expect([200, 204, 404]).toContain(request.status);
      if (request.status !== 404) succeeded.set(request.path, (succeeded.get(request.path) ?? 0) + 1);
    }
    expect(succeeded.size).toBe(objects);
    expect([...succeeded.values()].every((count) => count === 1)).toBe(true);
    // The receipt counts each object once, those a killed run deleted included.
    const atVendors = (recordType: string) =>
      result.receipt.deleted
        .filter((line) => line.recordType === recordType && line.location.type === "subprocessor")
        .reduce((sum, line) => sum + line.count, 0);
    expect(atVendors("message")).toBe(filed.messages);
    expect(atVendors("recording")).toBe(1);
    expect(atVendors("email-contact")).toBe(1);
  }, 900_000);
});
