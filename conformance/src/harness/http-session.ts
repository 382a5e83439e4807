import { createPrivacyClient } from "@crmfactory/sdk";
import {
  createSubprocessorFakes,
  type LoopbackServer,
  startLoopbackServer,
} from "@crmfactory/subprocessor-fakes";
import type { Policy } from "@crmfactory/taxonomy";
import { CallLog } from "./call-log.js";
import { checkReachable, type SpawnedTarget, spawnTarget } from "./spawn-target.js";
import type { SuiteSession } from "./suite-session.js";

export interface HttpSessionOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:8787/v1`. */
  targetUrl: string;
  /** The operator token the target accepts (test clocks, operator events). */
  operatorToken: string;
  /**
   * The CLI's `--token`, presented on no call: the properties sign up tenants of their own and use the
   * tokens the target gives them (README, "HTTP targets and --spawn").
   */
  token?: string;
  /** A shell command starting the target with the fakes' environment (see {@link spawnEnvironment}). */
  spawn?: string;
  policy: Policy;
  /** Per-call timeout of the SDK, and of the reachability check. Default 30 s. */
  callTimeoutMs?: number;
  seed?: string | number;
  /** How long a spawned target may take to answer `GET /meta`. Default 120 s. */
  startTimeoutMs?: number;
}

/** The port a target URL listens on, given or implied by its scheme. */
function portOf(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : "80");
}

/**
 * The environment a `--spawn` command gets on top of the suite's: each vendor profile's base-URL
 * variable pointing at the loopback fakes (`STRIPE_API_BASE_URL`, `TWILIO_API_BASE_URL`,
 * `RESEND_BASE_URL`, `VERCEL_BLOB_API_URL` for the CRM Factory policy), the operator token, the port of
 * `targetUrl`, and the two URLs themselves.
 */
export function spawnEnvironment(
  loopback: LoopbackServer,
  options: { targetUrl: string; operatorToken: string },
): Record<string, string> {
  return {
    ...loopback.env(),
    CRMFACTORY_OPERATOR_TOKEN: options.operatorToken,
    PORT: portOf(new URL(options.targetUrl)),
    CONFORMANCE_TARGET_URL: options.targetUrl,
    CONFORMANCE_FAKES_URL: loopback.url,
  };
}

/**
 * A session against an implementation over HTTP: the fakes served on loopback for it to call, SDK
 * clients (retries off, a timeout on every call) against `targetUrl`. With `spawn`, the command is
 * started with {@link spawnEnvironment} and waited for; without, the target must answer `GET /meta`
 * at once. Either failure is a `TargetUnreachableError`. Over http the suite sees only what reaches
 * the fakes, so `outbound().seesAllTraffic` is false and there is no database probe.
 */
export async function startHttpSession(options: HttpSessionOptions): Promise<SuiteSession> {
  const { policy, operatorToken } = options;
  const targetUrl = options.targetUrl.replace(/\/$/, "");
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;
  const fakes = createSubprocessorFakes({ policy, seed: options.seed ?? "conformance" });
  const loopback = await startLoopbackServer(fakes);
  let child: SpawnedTarget | undefined;
  try {
    if (options.spawn) {
      child = await spawnTarget({
        command: options.spawn,
        env: spawnEnvironment(loopback, { targetUrl, operatorToken }),
        targetUrl,
        ...(options.startTimeoutMs ? { startTimeoutMs: options.startTimeoutMs } : {}),
      });
    } else {
      await checkReachable(targetUrl, Math.min(callTimeoutMs, 10_000));
    }
  } catch (error) {
    await loopback.close();
    throw error;
  }
  const calls = new CallLog();
  const fetch = calls.wrap((request) => globalThis.fetch(request), new URL(targetUrl).pathname);
  const client = (token: string | null) =>
    createPrivacyClient({
      baseUrl: targetUrl,
      apiKey: token,
      fetch,
      retries: false,
      timeoutMs: callTimeoutMs,
    });
  let closed: Promise<void> | undefined;
  return {
    policy,
    fakes,
    calls,
    target: {
      kind: "http",
      client,
      operator: () => client(operatorToken),
      vendorUrl: (url) => loopback.urlFor(url),
    },
    outbound: () => ({ recorded: fakes.requests().length, unrecorded: [], seesAllTraffic: false }),
    close() {
      closed ??= (async () => {
        try {
          await child?.stop();
        } finally {
          await loopback.close();
        }
      })();
      return closed;
    },
  };
}
