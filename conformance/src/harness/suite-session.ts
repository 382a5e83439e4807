import { createPrivacyClient } from "@crmfactory/sdk";
import { createSubprocessorFakes, type SubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { crmFactoryPolicy, type Policy } from "@crmfactory/taxonomy";
import { CallLog } from "./call-log.js";
import { guardOutbound, type OutboundRecording } from "./outbound-guards.js";
import type { TargetSession } from "./property.js";
import type { InProcessTarget, TargetFactory } from "./target.js";

/** A target started for a run, with the fakes it talks to and the log of the current run's calls. */
export interface SuiteSession {
  readonly policy: Policy;
  readonly target: TargetSession;
  readonly fakes: SubprocessorFakes;
  readonly calls: CallLog;
  /** What left the target during the session: whether the report may say every request was recorded. */
  outbound(): OutboundRecording;
  close(): Promise<void>;
}

export interface InProcessSessionOptions {
  readonly policy?: Policy;
  /** Per-call timeout of the SDK. Default 30 s. */
  readonly callTimeoutMs?: number;
  readonly operatorToken?: string;
  readonly seed?: string | number;
}

const baseUrl = "http://target.conformance.test/v1";

/**
 * Starts an in-process target against a fresh set of fakes. Besides the `fetch` it is handed, the
 * target's global fetch, `node:http(s)`, undici and raw sockets are guarded for the session (see
 * `guardOutbound`), so a client that ignores the given `fetch` still meets the fakes or is refused.
 */
export async function startInProcessSession(
  factory: TargetFactory,
  options: InProcessSessionOptions = {},
): Promise<SuiteSession> {
  const policy = options.policy ?? crmFactoryPolicy;
  const operatorToken =
    options.operatorToken ?? `crmf_conformance_${crypto.randomUUID().replaceAll("-", "")}`;
  const fakes = createSubprocessorFakes({ policy, seed: options.seed ?? "conformance" });
  const guard = await guardOutbound(fakes);
  let target: InProcessTarget;
  try {
    target = await factory({
      fetch: (request) => fakes.fetch(request),
      vendorBaseUrls: {},
      operatorToken,
      policy,
    });
  } catch (error) {
    await guard.release();
    throw error;
  }
  const calls = new CallLog();
  const fetch = calls.wrap((request) => target.fetch(request), new URL(baseUrl).pathname);
  const client = (token: string | null) =>
    createPrivacyClient({
      baseUrl,
      apiKey: token,
      fetch,
      retries: false,
      timeoutMs: options.callTimeoutMs ?? 30_000,
    });
  return {
    policy,
    fakes,
    calls,
    target: {
      kind: "in-process",
      client,
      operator: () => client(operatorToken),
      vendorUrl: (url) => String(url),
      ...(target.probe ? { probe: target.probe } : {}),
    },
    outbound: () => ({
      recorded: fakes.requests().length,
      unrecorded: guard.unrecorded(),
      seesAllTraffic: true,
    }),
    async close() {
      try {
        await target.close();
      } finally {
        await guard.release();
      }
    },
  };
}
