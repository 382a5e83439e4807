import { type ChildProcess, spawn } from "node:child_process";
import { SpawnedTargetError, TargetUnreachableError } from "./target-errors.js";

export interface SpawnTargetOptions {
  /** Run by the shell, in its own process group (so its children stop with it). */
  readonly command: string;
  /** Added to the suite's own environment. */
  readonly env: Readonly<Record<string, string>>;
  /** The target's base URL: the wait polls `GET {targetUrl}/meta`. */
  readonly targetUrl: string;
  /** How long the target may take to answer. Default 120 s (a JVM or a database migration can be slow). */
  readonly startTimeoutMs?: number;
  readonly cwd?: string;
}

export interface SpawnedTarget {
  readonly pid: number;
  /** SIGTERM to the process group, SIGKILL after `graceMs` (default 5 s) if it is still there. */
  stop(graceMs?: number): Promise<void>;
}

const tailLines = 20;

/** The last lines a stream wrote, for an error message. */
function lineTail(stream: NodeJS.ReadableStream | null): { lines(): string[]; add(line: string): void } {
  const lines: string[] = [];
  let partial = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    const parts = (partial + chunk).split(/\r?\n/);
    partial = parts.pop() ?? "";
    lines.push(...parts.filter((line) => line.trim() !== ""));
    lines.splice(0, Math.max(0, lines.length - tailLines));
  });
  return {
    lines: () => [...lines, ...(partial.trim() ? [partial] : [])].slice(-tailLines),
    add: (line) => lines.push(line),
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

type Probe = { kind: "ready" } | { kind: "retry"; why: string } | { kind: "refused"; status: number };

async function probeMeta(url: string): Promise<Probe> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(2_000),
      headers: { accept: "application/json" },
    });
    await response.body?.cancel();
    if (response.ok) return { kind: "ready" };
    // 502-504: a proxy or a server still warming up; anything else is the answer the target gives.
    if (response.status >= 502 && response.status <= 504)
      return { kind: "retry", why: `HTTP ${response.status}` };
    return { kind: "refused", status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { kind: "retry", why: cause ?? (error instanceof Error ? error.message : String(error)) };
  }
}

const describeTail = (tail: readonly string[]) =>
  tail.length ? `; its last stderr lines:\n  ${tail.join("\n  ")}` : "; it wrote nothing to stderr";

/**
 * Starts `command` with `env` and waits until `GET {targetUrl}/meta` answers 2xx. Fails with a
 * {@link SpawnedTargetError} (a {@link TargetUnreachableError}) naming the child's last stderr lines
 * when it exits first, answers another status, or does not answer within the time.
 */
export async function spawnTarget(options: SpawnTargetOptions): Promise<SpawnedTarget> {
  const metaUrl = `${options.targetUrl.replace(/\/$/, "")}/meta`;
  const child = spawn(options.command, {
    shell: true,
    detached: true,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  child.stdout?.resume(); // drained: a full pipe would stall the child
  const stderr = lineTail(child.stderr);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve();
    });
    child.once("error", (error) => {
      exit ??= { code: null, signal: null };
      stderr.add(error.message);
      resolve();
    });
  });
  // A suite that dies (an uncaught error, process.exit) must not leave the target running; nor one
  // interrupted (Ctrl-C, a CI job cancelled): the child is in a group of its own, so no signal reaches it.
  const onExit = () => killGroup(child, "SIGKILL");
  const onSignal = (signal: NodeJS.Signals) => {
    killGroup(child, "SIGKILL");
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("exit", onExit);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const stop = async (graceMs = 5_000) => {
    process.removeListener("exit", onExit);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    if (!exit) {
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }
    killGroup(child, "SIGKILL"); // whatever the leader left behind in its group
  };
  const fail = async (message: string): Promise<never> => {
    await stop(1_000);
    // Give the pipes a moment to deliver what the child wrote before it ended.
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw new SpawnedTargetError(
      `${message}${describeTail(stderr.lines())}`,
      options.targetUrl,
      stderr.lines(),
      exit,
    );
  };

  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  for (;;) {
    if (exit) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      return fail(`--spawn "${options.command}" ${how} before ${metaUrl} answered`);
    }
    const probe = await Promise.race([
      probeMeta(metaUrl),
      exited.then((): Probe => ({ kind: "retry", why: "exited" })),
    ]);
    if (probe.kind === "ready" && !exit) return { pid: child.pid as number, stop };
    if (probe.kind === "refused")
      return fail(
        `${metaUrl} answered HTTP ${probe.status}: is --target-url the API's base URL (e.g. http://127.0.0.1:8080/v1)?`,
      );
    if (probe.kind === "retry") last = probe.why;
    if (Date.now() >= deadline)
      return fail(
        `--spawn "${options.command}" did not answer ${metaUrl} within ${timeoutMs} ms (last: ${last})`,
      );
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), exited]);
  }
}

/** One `GET {targetUrl}/meta` without a child: a target that is not there fails fast and clearly. */
export async function checkReachable(targetUrl: string, timeoutMs: number): Promise<void> {
  const metaUrl = `${targetUrl.replace(/\/$/, "")}/meta`;
  let response: Response;
  try {
    response = await fetch(metaUrl, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "application/json" },
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${timeoutMs} ms`
        : (cause?.code ?? cause?.message ?? String(error));
    throw new TargetUnreachableError(`GET ${metaUrl} failed: ${why}`, targetUrl, { cause: error });
  }
  await response.body?.cancel();
  if (!response.ok)
    throw new TargetUnreachableError(
      `GET ${metaUrl} answered HTTP ${response.status}: is --target-url the API's base URL (e.g. http://127.0.0.1:8080/v1)?`,
      targetUrl,
    );
}
