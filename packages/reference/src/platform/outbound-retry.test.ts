import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";
import {
  answeredRepeatedAttempt,
  hintRequest,
  type OutboundRetryOptions,
  retryAfterMs,
  retryingFetch,
  seededRandom,
} from "./outbound-retry.js";

const logger = createLogger({ level: "silent" });

/** A transport answering `answers` in turn (a status, a status with headers, "hang" or "reset"). */
function transport(
  answers: (number | { status: number; headers: Record<string, string> } | "hang" | "reset")[],
) {
  const seen: { method: string; body: string; key: string | null }[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    seen.push({
      method: request.method,
      body: await request.text(),
      key: request.headers.get("idempotency-key"),
    });
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
    if (answer === "hang") return new Promise(() => {});
    if (answer === "reset") throw new TypeError("fetch failed");
    if (typeof answer === "number") return new Response(null, { status: answer });
    return new Response(null, answer);
  };
  return { fetch, seen };
}

function subject(answers: Parameters<typeof transport>[0], options: OutboundRetryOptions = {}) {
  const { fetch, seen } = transport(answers);
  const waits: number[] = [];
  const send = retryingFetch(fetch, logger, {
    jitterSeed: null,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  return { send, seen, waits };
}

const url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/SM1.json";

describe("retryingFetch", () => {
  it("retries a 5xx with doubling backoff and answers the success", async () => {
    const { send, seen, waits } = subject([503, 500, 204]);
    expect((await send(new Request(url, { method: "DELETE" }))).status).toBe(204);
    expect(seen).toHaveLength(3);
    expect(waits).toEqual([200, 400]);
  });

  it("stops after its attempts and answers the last failure, never a success", async () => {
    const { send, seen, waits } = subject([502], { attempts: 3, baseDelayMs: 10, maxDelayMs: 15 });
    expect((await send(new Request(url, { method: "DELETE" }))).status).toBe(502);
    expect(seen).toHaveLength(3);
    expect(waits).toEqual([10, 15]);
  });

  it("waits out a 429's Retry-After (seconds or a date), and answers a longer one at once", async () => {
    const seconds = subject([{ status: 429, headers: { "retry-after": "2" } }, 200]);
    expect((await seconds.send(new Request(url))).status).toBe(200);
    expect(seconds.waits).toEqual([2000]);
    const long = subject([{ status: 429, headers: { "retry-after": "30" } }, 200]);
    expect((await long.send(new Request(url))).status).toBe(429);
    expect(long.seen).toHaveLength(1);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 7_000)).toBe(3000);
    expect(retryAfterMs("soon")).toBeUndefined();
  });

  it("retries a timed-out attempt and a reset connection with the same body", async () => {
    const { send, seen } = subject(["hang", "reset", 200], { timeoutMs: 20 });
    const response = await send(
      hintRequest(new Request(`${url}/x`, { method: "POST", body: "a=1" }), { repeatable: true }),
    );
    expect(response.status).toBe(200);
    expect(seen.map((s) => s.body)).toEqual(["a=1", "a=1", "a=1"]);
  });

  it("marks a 404 answering a repeated delete, which the attempt that timed out may have caused", async () => {
    const repeated = subject(["hang", 404], { timeoutMs: 20 });
    const afterTimeout = await repeated.send(new Request(url, { method: "DELETE" }));
    expect(afterTimeout.status).toBe(404);
    expect(answeredRepeatedAttempt(afterTimeout)).toBe(true);
    const first = subject([404]);
    const atOnce = await first.send(new Request(url, { method: "DELETE" }));
    expect(answeredRepeatedAttempt(atOnce)).toBe(false);
  });

  it("gives up draining a failed answer whose body stalls, and retries", async () => {
    let calls = 0;
    const stalledBody = () => new Response(new ReadableStream({ start() {} }), { status: 503 });
    const send = retryingFetch(
      async () => (++calls === 1 ? stalledBody() : new Response(null, { status: 204 })),
      logger,
      { jitterSeed: null, timeoutMs: 20, sleep: async () => {} },
    );
    expect((await send(new Request(url, { method: "DELETE" }))).status).toBe(204);
    expect(calls).toBe(2);
  });

  it("throws the last network error once its attempts are spent", async () => {
    const { send, seen } = subject(["reset"], { attempts: 2 });
    await expect(send(new Request(url, { method: "DELETE" }))).rejects.toThrow("fetch failed");
    expect(seen).toHaveLength(2);
  });

  it("repeats a POST's 5xx only with an Idempotency-Key; its 429 always", async () => {
    const bare = subject([500, 201]);
    expect((await bare.send(new Request(url, { method: "POST", body: "To=1" }))).status).toBe(500);
    expect(bare.seen).toHaveLength(1);
    const limited = subject([429, 201]);
    expect((await limited.send(new Request(url, { method: "POST", body: "To=1" }))).status).toBe(201);
    const keyed = subject([500, 201]);
    const request = new Request(url, { method: "POST", body: "x", headers: { "idempotency-key": "k1" } });
    expect((await keyed.send(request)).status).toBe(201);
    expect(keyed.seen.map((s) => s.key)).toEqual(["k1", "k1"]);
  });

  it("never repeats a request hinted not repeatable, nor one Stripe says not to", async () => {
    const callback = subject([503, 200]);
    const request = hintRequest(new Request("https://hooks.example/cb", { method: "POST" }), {
      repeatable: false,
    });
    expect((await callback.send(request)).status).toBe(503);
    expect(callback.seen).toHaveLength(1);
    const stripe = subject([{ status: 500, headers: { "stripe-should-retry": "false" } }, 200]);
    expect(
      (await stripe.send(new Request("https://api.stripe.com/v1/customers/cus_1", { method: "DELETE" })))
        .status,
    ).toBe(500);
    expect(stripe.seen).toHaveLength(1);
  });

  it("does not retry other client errors", async () => {
    const { send, seen } = subject([404, 200]);
    expect((await send(new Request(url, { method: "DELETE" }))).status).toBe(404);
    expect(seen).toHaveLength(1);
  });

  it("draws its jitter from the seed: the same seed the same waits, within the backoff", async () => {
    const waitsFor = async (jitterSeed: string) => {
      const { send, waits } = subject([500, 500, 500, 200], { jitterSeed });
      await send(new Request(url, { method: "DELETE" }));
      return waits;
    };
    const first = await waitsFor("seed-a");
    expect(await waitsFor("seed-a")).toEqual(first);
    expect(await waitsFor("seed-b")).not.toEqual(first);
    first.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(200 * 2 ** i);
    });
    const random = seededRandom("x");
    expect(random()).toBe(seededRandom("x")());
  });
});
