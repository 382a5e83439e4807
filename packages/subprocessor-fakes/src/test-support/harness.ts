import type TwilioRequestClient from "twilio/lib/base/RequestClient.js";
import { afterAll, afterEach, beforeAll } from "vitest";
import {
  createSubprocessorFakes,
  type SubprocessorFakes,
  type SubprocessorFakesOptions,
} from "../create-fakes.js";
import { type LoopbackServer, startLoopbackServer } from "../loopback.js";
import { setupFakesServer } from "../msw.js";

/** A test clock: starts at `start` and moves only when told. */
export function testClock(start = "2026-04-01T09:00:00.000Z") {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(iso: string) {
      now = new Date(iso).getTime();
    },
  };
}

/**
 * One fakes instance per test file, served both through MSW and on loopback; state is reset after
 * every test so tests never share it.
 */
export function useFakes(options: SubprocessorFakesOptions = {}): {
  fakes: SubprocessorFakes;
  loopback: () => LoopbackServer;
  /** A variable of `loopback().env()`; fails when the vendor profiles name no such variable. */
  loopbackEnv: (name: string) => string;
} {
  const fakes = createSubprocessorFakes(options);
  const server = setupFakesServer(fakes);
  let loopback: LoopbackServer | undefined;
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: "error" });
    loopback = await startLoopbackServer(fakes);
  });
  afterEach(() => fakes.reset());
  afterAll(async () => {
    server.close();
    await loopback?.close();
  });
  const started = () => {
    if (!loopback) throw new Error("the loopback server starts in beforeAll");
    return loopback;
  };
  return {
    fakes,
    loopback: started,
    loopbackEnv: (name) => {
      const value = started().env()[name];
      if (value === undefined) throw new Error(`the vendor profiles name no variable ${name}`);
      return value;
    },
  };
}

/** Stripe options reaching the loopback server (stripe-node takes host, port and protocol). */
export function stripeLoopbackOptions(baseUrl: string) {
  const url = new URL(baseUrl);
  return {
    host: url.hostname,
    port: Number(url.port),
    protocol: url.protocol.replace(":", "") as "http" | "https",
  };
}

/**
 * The twilio SDK has no base-URL option; its `httpClient` option takes a RequestClient, so this one
 * rewrites `https://api.twilio.com` to the loopback server's prefix and changes nothing else.
 */
export async function twilioLoopbackClient(accountSid: string, authToken: string, baseUrl: string) {
  const { default: twilio } = await import("twilio");
  class LoopbackRequestClient extends twilio.RequestClient {
    override request<TData>(options: RequestOptions<TData>) {
      return super.request<TData>({
        ...options,
        uri: options.uri.replace("https://api.twilio.com", baseUrl),
      });
    }
  }
  return twilio(accountSid, authToken, { httpClient: new LoopbackRequestClient() });
}

type RequestOptions<TData> = TwilioRequestClient.RequestOptions<TData>;
