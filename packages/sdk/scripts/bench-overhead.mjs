#!/usr/bin/env node
// What the SDK costs per call: 1,000 calls through the built SDK (openapi-fetch, transport with auth,
// timeouts and retry bookkeeping, typed unwrapping) against 1,000 raw `fetch` calls, both to the
// same loopback node:http server. Calls run one at a time, in interleaved rounds so that drift
// (JIT, GC, the OS) hits both sides alike. Prints the ratio; the target is <= 1.10.
// Bounded: it stops by itself after the calls, or after 60 s whatever happens.
//
// Usage: pnpm --filter @crmfactory/sdk build && node scripts/bench-overhead.mjs [calls=1000]
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { createPrivacyClient } from "../dist/index.js";

const CALLS = Number(process.argv[2] ?? 1000);
const ROUNDS = 20;
const WARMUP = 500;
const TARGET = 1.1;

const watchdog = setTimeout(() => {
  console.error("benchmark did not finish within 60 s");
  process.exit(2);
}, 60_000);

const payload = JSON.stringify({
  tenantId: "3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b",
  policyVersion: "2026-04-01",
  rules: Array.from({ length: 8 }, (_, i) => ({
    category: `category-${i}`,
    duration: "P90D",
    anchor: "collected",
  })),
});
const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, { "Content-Type": "application/json", "X-Request-Id": "req_bench" });
  response.end(payload);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
const baseUrl = `http://127.0.0.1:${port}/v1`;

const client = createPrivacyClient({ baseUrl, apiKey: "tok_bench" });
const raw = async () => {
  const response = await fetch(`${baseUrl}/retention-schedule`, {
    headers: { Authorization: "Bearer tok_bench" },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
};
const sdk = () => client.retention.schedule();

async function time(fn, n) {
  const started = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return performance.now() - started;
}

try {
  await time(raw, WARMUP);
  await time(sdk, WARMUP);
  let rawMs = 0;
  let sdkMs = 0;
  const roundRatios = [];
  const perRound = Math.ceil(CALLS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which side goes first, so neither always runs on a warmer connection or heap.
    const first = round % 2 === 0 ? raw : sdk;
    const second = first === raw ? sdk : raw;
    const firstMs = await time(first, perRound);
    const secondMs = await time(second, perRound);
    const [roundRaw, roundSdk] = first === raw ? [firstMs, secondMs] : [secondMs, firstMs];
    rawMs += roundRaw;
    sdkMs += roundSdk;
    roundRatios.push(roundSdk / roundRaw);
  }
  const calls = perRound * ROUNDS;
  const ratio = sdkMs / rawMs;
  const median = roundRatios.sort((a, b) => a - b)[Math.floor(roundRatios.length / 2)] ?? ratio;
  console.log(
    `raw fetch: ${calls} calls in ${rawMs.toFixed(0)} ms (${((rawMs / calls) * 1000).toFixed(0)} µs/call)`,
  );
  console.log(
    `sdk:       ${calls} calls in ${sdkMs.toFixed(0)} ms (${((sdkMs / calls) * 1000).toFixed(0)} µs/call)`,
  );
  console.log(`median round ratio: ${median.toFixed(3)}`);
  console.log(
    `overhead ratio sdk/raw: ${ratio.toFixed(3)} (target <= ${TARGET.toFixed(2)}: ${ratio <= TARGET ? "met" : "missed"})`,
  );
} finally {
  clearTimeout(watchdog);
  server.closeAllConnections();
  server.close();
}
