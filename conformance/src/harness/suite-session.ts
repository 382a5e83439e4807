import { createPrivacyClient } from "@crmfactory/sdk";
import { createSubprocessorFakes, type SubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { crmFactoryPolicy, type Policy } from "@crmfactory/taxonomy";
import { CallLog } from "./call-log.js";
import type { TargetSession } from "./property.js";
import type { InProcessTarget, TargetFactory } from "./target.js";

/** A target started for a run, with the fakes it talks to and the log of the current run's calls. */
export interface SuiteSession {
  readonly policy: Policy;
  readonly target: TargetSession;
  readonly fakes: SubprocessorFakes;
  readonly calls: CallLog;
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

/** Starts an in-process target against a fresh set of fakes. */
export async function startInProcessSession(
  factory: TargetFactory,
  options: InProcessSessionOptions = {},
): Promise<SuiteSession> {
  const policy = options.policy ?? crmFactoryPolicy;
  const operatorToken =
    options.operatorToken ?? `crmf_conformance_${crypto.randomUUID().replaceAll("-", "")}`;
  const fakes = createSubprocessorFakes({ policy, seed: options.seed ?? "conformance" });
  const target: InProcessTarget = await factory({
    fetch: (request) => fakes.fetch(request),
    vendorBaseUrls: {},
    operatorToken,
    policy,
  });
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
      ...(target.probe ? { probe: target.probe } : {}),
    },
    close: () => target.close(),
  };
}
