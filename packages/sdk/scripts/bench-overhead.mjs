#!/usr/bin/env node
// What the SDK costs per call, against raw `fetch` doing the same work: the same URL and headers
// (Authorization, User-Agent, Accept; Content-Type and a fresh Idempotency-Key on POST), the same
// per-call timeout signal (an AbortController and a timer, cleared once the body is read), the same
// JSON parse and status check. Three scenarios: GET, POST with a JSON body, and 16 concurrent GETs;
// and, shown but not judged, a GET while middleware is registered (the route through openapi-fetch).
//
// The server runs in a child process (its own event loop, as a real server would), so the client
// side is what is measured. The machine is shared, so within each run raw and SDK alternate in small
// blocks (raw, SDK, SDK, raw, ...) and a run's ratio is the SDK's total over raw's: a change of load
// hits both sides alike. The figures are the median of the runs' ratios with their spread (min-max
// and interquartile range), the microseconds the SDK adds per call, and the same ratio for the
// client process's CPU time, which other processes disturb less. The target is a median (wall)
// ratio of at most 1.10 over loopback. Last, the same GET and POST with both sides' fetch answered
// in memory: what the SDK's own code costs per call, apart from the network and the server.
// Bounded: a watchdog ends it after 10 minutes whatever happens.
//
// Usage: pnpm --filter @crmfactory/sdk bench [-- --runs 9 --calls 2000 --block 50]
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const TARGET = 1.1;
const TIMEOUT_MS = 30_000;

const schedule = JSON.stringify({
  policyVersion: "2026-04-01",
  rules: Array.from({ length: 8 }, (_, i) => ({ category: `category-${i}`, keepFor: "P90D" })),
});
const created = JSON.stringify({ id: "0b6f3c2e-8d1a-4f5e-9c7b-2a4d6e8f0a1b", kind: "access" });

if (process.argv[2] === "--serve") serve();
else await main();

function serve() {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const post = request.method === "POST";
      response.writeHead(post ? 201 : 200, {
        "Content-Type": "application/json",
        "X-Request-Id": "req_bench",
      });
      response.end(post ? created : schedule);
    });
  });
  server.listen(0, "127.0.0.1", () => process.send?.(server.address().port));
  process.on("disconnect", () => process.exit(0));
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "9" },
      calls: { type: "string", default: "2000" },
      block: { type: "string", default: "50" },
    },
  });
  const RUNS = Number(values.runs);
  const CALLS = Number(values.calls);
  const BLOCK = Number(values.block);
  const watchdog = setTimeout(() => {
    console.error("benchmark did not finish within 10 minutes");
    process.exit(2);
  }, 600_000);

  const child = fork(new URL(import.meta.url).pathname, ["--serve"], { stdio: "inherit" });
  const port = await new Promise((resolve) => child.once("message", resolve));
  const baseUrl = `http://127.0.0.1:${port}/v1`;
  const { createPrivacyClient, VERSION } = await import("../dist/index.js");
  const client = createPrivacyClient({ baseUrl, apiKey: "tok_bench", timeoutMs: TIMEOUT_MS });
  // With middleware registered, calls take the route through openapi-fetch (shown, not judged).
  const observed = createPrivacyClient({ baseUrl, apiKey: "tok_bench", timeoutMs: TIMEOUT_MS });
  observed.raw.use({ onRequest: () => undefined });

  const headers = {
    Authorization: "Bearer tok_bench",
    "User-Agent": `crmfactory-sdk-js/${VERSION}`,
    Accept: "application/json, application/problem+json",
  };
  /** Raw fetch with everything a careful caller does: timeout, headers, status check, JSON parse. */
  async function rawFetch(path, init) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(`${baseUrl}${path}`, { ...init, signal: controller.signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return await response.json();
    } finally {
      clearTimeout(timer);
    }
  }
  const body = { kind: "access", description: "All my data, please" };
  const scenarios = [
    {
      name: "GET",
      calls: CALLS,
      raw: () => rawFetch("/retention-schedule", { headers }),
      sdk: () => client.retention.schedule(),
    },
    {
      name: "POST",
      calls: CALLS,
      raw: () =>
        rawFetch("/rights-requests", {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
          body: JSON.stringify(body),
        }),
      sdk: () => client.rightsRequests.create(body),
    },
    {
      name: "GET, middleware on",
      calls: CALLS,
      informative: true,
      raw: () => rawFetch("/retention-schedule", { headers }),
      sdk: () => observed.retention.schedule(),
    },
    {
      name: "16 concurrent GETs",
      calls: Math.ceil(CALLS / 16) * 16,
      batch: 16,
      raw: () => rawFetch("/retention-schedule", { headers }),
      sdk: () => client.retention.schedule(),
    },
  ];

  /** Wall and client CPU time of `calls` calls, in ms, `batch` at a time. */
  async function time(fn, calls, batch = 1) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let done = 0; done < calls; done += batch) {
      if (batch === 1) await fn();
      else await Promise.all(Array.from({ length: batch }, fn));
    }
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
  }

  /** Each scenario, raw and SDK in alternating blocks, RUNS times. */
  async function measure(list) {
    for (const scenario of list) {
      await time(scenario.raw, scenario.calls / 2, scenario.batch);
      await time(scenario.sdk, scenario.calls / 2, scenario.batch);
    }
    const results = new Map(
      list.map((s) => [s.name, { ratios: [], cpuRatios: [], added: [], raw: [], sdk: [] }]),
    );
    for (let run = 0; run < RUNS; run++) {
      for (const scenario of list) {
        const batch = scenario.batch ?? 1;
        const block = Math.ceil(BLOCK / batch) * batch;
        const totals = { raw: { wall: 0, cpu: 0 }, sdk: { wall: 0, cpu: 0 } };
        let calls = 0;
        for (let turn = run; calls < scenario.calls; calls += block, turn++) {
          // raw, SDK, SDK, raw, ...: neither side always runs first, or pays the other's garbage.
          const order = turn % 2 === 0 ? ["raw", "sdk"] : ["sdk", "raw"];
          for (const side of order) {
            const spent = await time(scenario[side], block, batch);
            totals[side].wall += spent.wall;
            totals[side].cpu += spent.cpu;
          }
        }
        const result = results.get(scenario.name);
        result.ratios.push(totals.sdk.wall / totals.raw.wall);
        result.cpuRatios.push(totals.sdk.cpu / totals.raw.cpu);
        result.added.push(((totals.sdk.wall - totals.raw.wall) / calls) * 1000);
        result.raw.push((totals.raw.wall / calls) * 1000);
        result.sdk.push((totals.sdk.wall / calls) * 1000);
      }
    }
    return results;
  }

  const loadBefore = loadavg();
  try {
    const overLoopback = await measure(scenarios);
    // The SDK's own work, apart from the network and the server: both sides' fetch answered in memory.
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (_input, init) =>
      new Response(init?.method === "POST" ? created : schedule, {
        status: init?.method === "POST" ? 201 : 200,
        headers: { "Content-Type": "application/json", "X-Request-Id": "req_bench" },
      });
    const inMemory = await measure(
      scenarios.slice(0, 2).map((s) => ({ ...s, name: `${s.name}, in memory` })),
    );
    globalThis.fetch = realFetch;
    const loadAfter = loadavg();

    console.log(
      `@crmfactory/sdk ${VERSION}, Node ${process.versions.node}: ${RUNS} runs of ${CALLS} calls per side and scenario, in alternating blocks of ${BLOCK}`,
    );
    console.log(`load average before ${fmtLoad(loadBefore)}, after ${fmtLoad(loadAfter)}`);
    console.log("");
    console.log(
      pad("scenario", 24) +
        pad("raw µs/call", 13) +
        pad("sdk µs/call", 13) +
        pad("added µs", 10) +
        pad("median ratio", 14) +
        pad("min-max", 15) +
        pad("IQR", 15) +
        pad("CPU ratio", 11) +
        "target",
    );
    let missed = 0;
    for (const [name, r] of [...overLoopback, ...inMemory]) {
      const median = quantile(r.ratios, 0.5);
      const judged = overLoopback.has(name) && !scenarios.find((s) => s.name === name)?.informative;
      if (judged && median > TARGET) missed++;
      console.log(
        pad(name, 24) +
          pad(quantile(r.raw, 0.5).toFixed(1), 13) +
          pad(quantile(r.sdk, 0.5).toFixed(1), 13) +
          pad(quantile(r.added, 0.5).toFixed(1), 10) +
          pad(median.toFixed(3), 14) +
          pad(`${Math.min(...r.ratios).toFixed(3)}-${Math.max(...r.ratios).toFixed(3)}`, 15) +
          pad(`${quantile(r.ratios, 0.25).toFixed(3)}-${quantile(r.ratios, 0.75).toFixed(3)}`, 15) +
          pad(quantile(r.cpuRatios, 0.5).toFixed(3), 11) +
          (judged ? (median <= TARGET ? "met" : "missed") : "(shown, not judged)"),
      );
    }
    console.log("");
    console.log(`target: median ratio <= ${TARGET.toFixed(2)} on each loopback scenario (${missed} missed)`);
  } finally {
    clearTimeout(watchdog);
    child.disconnect();
  }
}

/** Linear-interpolated quantile of a sample. */
function quantile(sample, q) {
  const sorted = [...sample].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function pad(text, width) {
  return String(text).padEnd(width);
}

function fmtLoad(load) {
  return load.map((n) => n.toFixed(2)).join(" ");
}
