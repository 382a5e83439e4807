import type { Policy } from "@crmfactory/taxonomy";
import { type SuiteSession, startInProcessSession } from "../harness/suite-session.js";
import { SuiteRefusedError } from "../run/suite-refused.js";
import { type FaultsModule, findFault, importFaults } from "./load-faults.js";
import { loadTargetModule } from "./load-target-module.js";
import type { TargetChoice } from "./parse-run-options.js";

/** The signature of `startHttpSession` (src/harness/http-session.ts): the fakes on loopback, the target over HTTP. */
export type StartHttpSession = (options: {
  targetUrl: string;
  operatorToken: string;
  token?: string;
  spawn?: string;
  policy: Policy;
  callTimeoutMs?: number;
  seed?: string | number;
}) => Promise<SuiteSession>;

// Loaded lazily: the HTTP harness (loopback fakes, spawning, outbound guards) is another module of the
// suite, and an in-process run should not pay for it.
async function importHttpSession(): Promise<StartHttpSession> {
  const { startHttpSession } = await import("../harness/http-session.js");
  return startHttpSession;
}

export interface StartSessionOptions {
  readonly policy: Policy;
  readonly cwd: string;
  readonly seed: number;
  readonly callTimeoutMs?: number;
  /** The faults package; tests hand in their own registry. */
  readonly loadFaults?: () => Promise<FaultsModule>;
  readonly loadHttpSession?: () => Promise<StartHttpSession>;
}

export interface StartedTarget {
  readonly session: SuiteSession;
  /** How reports name the target. */
  readonly description: string;
  readonly fault: string | null;
}

const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Starts the session `choice` names: the embedded reference (with a fault), a target module, or a URL. */
export async function startSession(
  choice: TargetChoice,
  options: StartSessionOptions,
): Promise<StartedTarget> {
  const common = {
    policy: options.policy,
    seed: String(options.seed),
    ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
  };
  if (choice.kind === "http") {
    const start = await (options.loadHttpSession ?? importHttpSession)();
    try {
      const session = await start({
        targetUrl: choice.url,
        operatorToken: choice.operatorToken,
        ...(choice.token ? { token: choice.token } : {}),
        ...(choice.spawn ? { spawn: choice.spawn } : {}),
        ...common,
      });
      return { session, description: choice.url, fault: null };
    } catch (error) {
      throw new SuiteRefusedError(`The target at ${choice.url} could not be reached: ${why(error)}`);
    }
  }
  if (choice.kind === "module") {
    const factory = await loadTargetModule(choice.module, options.cwd);
    try {
      return {
        session: await startInProcessSession(factory, common),
        description: choice.module,
        fault: null,
      };
    } catch (error) {
      throw new SuiteRefusedError(`--target ${choice.module}: the target did not start: ${why(error)}`);
    }
  }
  const faults = await (options.loadFaults ?? importFaults)();
  const fault = choice.fault ? findFault(faults, choice.fault) : undefined;
  try {
    const session = await startInProcessSession(
      (environment) => faults.createReferenceTarget(environment, fault ? { fault } : {}),
      common,
    );
    return { session, description: "the embedded reference (in-process)", fault: fault?.name ?? null };
  } catch (error) {
    throw new SuiteRefusedError(`The embedded reference did not start: ${why(error)}`);
  }
}
