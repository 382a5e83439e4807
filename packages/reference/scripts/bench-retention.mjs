#!/usr/bin/env node
// Issue 11's figures on the PostgreSQL server (DATABASE_URL, a fresh database created and dropped here):
//   1. a sweep of 1,000,000 expired raw telemetry events against one set-based DELETE with the same
//      predicate on an identical table (same indexes and triggers: the same tenant migrations);
//   2. the sweep of 100,000 due rows beside 100,000 and then 1,000,000 live rows;
//   3. finding due work among 1,000 tenant schemas (which schemas an advance reads);
//   4. a tenant export of 1,000,000 records through the keyset walk, and this process's peak RSS.
// Run after `pnpm --filter @crmfactory/reference build`:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node scripts/bench-retention.mjs [tenants]
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createPrivacyClient } from "@crmfactory/sdk";
import { addDuration, crmFactoryPolicy, deadline } from "@crmfactory/taxonomy";
import pg from "pg";
import { createLogger, createPgDatabase, createReference } from "../dist/index.js";

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error(
    "bench-retention: set DATABASE_URL to a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/test)",
  );
  process.exit(2);
}
const tenantCount = Number(process.argv[2] ?? 1000);
// BENCH_SCALE=0.01 runs every step on a hundredth of the rows (a smoke run of the script itself).
const scale = Number(process.env.BENCH_SCALE ?? 1);
const rows = (count) => Math.max(1, Math.round(count * scale));
// BENCH_ONLY=1,2 runs only those figures.
const only = new Set((process.env.BENCH_ONLY ?? "1,2,3,4").split(",").map(Number));
const rawRule = crmFactoryPolicy.retention["telemetry-raw"];
const t0 = new Date("2026-04-01T00:00:00.000Z");
const due = deadline(rawRule, t0);
const seconds = (ms) => `${(ms / 1000).toFixed(3)} s`;

const databaseName = `crmf_bench_${randomBytes(5).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${databaseName}`);
const url = new URL(adminUrl);
url.pathname = `/${databaseName}`;
const operatorToken = `crmf_bench_${randomBytes(16).toString("hex")}`;
const reference = await createReference({
  database: await createPgDatabase({ connectionString: url.toString(), max: 4 }),
  logger: createLogger({ level: "silent" }),
  operatorToken,
  pollIntervalMs: 0,
  schemaPoolSize: 0,
  // An advance over a thousand tenants' jobs may take minutes on a shared machine.
  limits: { testClockAdvanceTimeout: "PT30M" },
});
const direct = new pg.Client({ connectionString: url.toString() });
await direct.connect();
const client = (token) =>
  createPrivacyClient({
    baseUrl: "http://bench.local/v1",
    apiKey: token,
    fetch: reference.fetch,
    retries: false,
  });
const operator = client(operatorToken);

/** A tenant on its own test clock at t0, with one event recorded through the API (which places its sweep). */
async function clockedTenant() {
  const clock = await operator.testClocks.create({ frozenTime: t0.toISOString(), name: "bench" });
  const suffix = randomBytes(4).toString("hex");
  const signUp = await client(null).tenant.create({
    companyName: `Bench ${suffix}`,
    owner: { name: "Bench Owner", email: `owner.${suffix}@bench.example`, birthDate: "1980-01-01" },
    testClockId: clock.id,
  });
  const owner = client(signUp.session.token);
  await owner.telemetry.recordEvent({ type: "feature-use", name: "bench-opened" });
  const {
    rows: [{ schema_name: schema }],
  } = await direct.query("SELECT schema_name FROM catalog.tenants WHERE id = $1", [signUp.tenant.id]);
  return { clockId: clock.id, tenantId: signUp.tenant.id, owner, token: signUp.session.token, schema };
}

const advance = (clockId, to) =>
  operator.testClocks.advanceAndWait(
    clockId,
    { frozenTime: to.toISOString() },
    { waitTimeoutMs: 600_000, pollIntervalMs: 20 },
  );

async function seedEvents(schema, count, collectedAt) {
  await direct.query(
    `INSERT INTO "${schema}".telemetry_events (id, type, name, properties, collected_at, created_at)
     SELECT gen_random_uuid(), 'feature-use', 'bench-' || (g % 17), jsonb_build_object('n', g), $1, $1
     FROM generate_series(1, $2) AS g`,
    [collectedAt, count],
  );
  await direct.query(`ANALYZE "${schema}".telemetry_events`);
}

const countEvents = async (schema) =>
  Number((await direct.query(`SELECT count(*) AS n FROM "${schema}".telemetry_events`)).rows[0].n);

/** The sweep, timed: the tenant's clock moves from just before the deadline to it; the job purges. */
async function timedSweep(tenant) {
  const started = performance.now();
  await advance(tenant.clockId, due);
  return performance.now() - started;
}

/** The baseline: the sweep's own predicate as one DELETE in one transaction. */
async function timedDelete(tenant) {
  const started = performance.now();
  await direct.query("BEGIN");
  await direct.query(`DELETE FROM "${tenant.schema}".telemetry_events WHERE collected_at <= $1`, [t0]);
  await direct.query("COMMIT");
  return performance.now() - started;
}

async function prepared({ dueRows, liveRows }) {
  const tenant = await clockedTenant();
  // Every other job of the first days runs first, so the timed advance holds the sweep alone.
  await advance(tenant.clockId, new Date(due.getTime() - 86_400_000));
  await seedEvents(tenant.schema, dueRows, t0);
  if (liveRows > 0) await seedEvents(tenant.schema, liveRows, addDuration(t0, "P10D"));
  // The seeding's WAL is flushed now, so no checkpoint it triggered runs during the timed purge.
  await direct.query("CHECKPOINT");
  return tenant;
}

console.log(
  `PostgreSQL server, database ${databaseName}; telemetry-raw purge ${rawRule.purgeWithin} from collection`,
);

// 1. Sweep against a set-based DELETE, alternated so neither always runs on a warmer cache.
if (only.has(1)) {
  const million = rows(1_000_000);
  const sweeps = [];
  const deletes = [];
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  for (let round = 0; round < rounds; round++) {
    for (const kind of round % 2 === 0 ? ["delete", "sweep"] : ["sweep", "delete"]) {
      const tenant = await prepared({ dueRows: million, liveRows: 0 });
      const ms = kind === "sweep" ? await timedSweep(tenant) : await timedDelete(tenant);
      const left = await countEvents(tenant.schema);
      if (left !== 0) throw new Error(`${kind} left ${left} rows`);
      (kind === "sweep" ? sweeps : deletes).push(ms);
      console.log(`   ${kind} of ${million + 1} expired rows: ${seconds(ms)}`);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const throughputRatio = median(deletes) / median(sweeps);
  console.log(
    `1. sweep throughput / set-based DELETE throughput (medians of ${rounds}): ${throughputRatio.toFixed(2)} (target >= 0.80)`,
  );
}

// 2. The same due rows beside ten times more live rows, in alternated rounds (medians).
if (only.has(2)) {
  const dueRows = rows(100_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const timings = { small: [], large: [] };
  for (let round = 0; round < rounds; round++) {
    for (const size of round % 2 === 0 ? ["small", "large"] : ["large", "small"]) {
      const live = rows(size === "small" ? 100_000 : 1_000_000);
      const tenant = await prepared({ dueRows, liveRows: live });
      timings[size].push(await timedSweep(tenant));
      const left = await countEvents(tenant.schema);
      if (left !== live) throw new Error(`the sweep left ${left} rows, expected the ${live} live ones`);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const [smallMs, largeMs] = [median(timings.small), median(timings.large)];
  console.log(
    `2. sweep of ${dueRows} due rows (medians of ${rounds}): beside ${rows(100_000)} live ${seconds(smallMs)}, beside ${rows(1_000_000)} live ${seconds(largeMs)}: ratio ${(largeMs / smallMs).toFixed(2)} (target <= 1.50)`,
  );
}

// 3. Due work among many tenant schemas: all on one clock, 10 of them with events due.
if (only.has(3)) {
  const shared = await operator.testClocks.create({ frozenTime: t0.toISOString(), name: "bench many" });
  const started = performance.now();
  const many = [];
  const signUpOne = () => {
    const suffix = randomBytes(4).toString("hex");
    return client(null).tenant.create({
      companyName: `Many ${suffix}`,
      owner: { name: "Many Owner", email: `many.${suffix}@bench.example`, birthDate: "1980-01-01" },
      testClockId: shared.id,
    });
  };
  // Four at a time: each sign-up migrates a schema of its own, mostly server-side work.
  while (many.length < tenantCount) {
    const batch = Math.min(4, tenantCount - many.length);
    many.push(...(await Promise.all(Array.from({ length: batch }, signUpOne))));
  }
  console.log(`   (${tenantCount} tenants signed up in ${seconds(performance.now() - started)})`);
  const withDue = many.slice(0, 10);
  for (const signUp of withDue)
    await client(signUp.session.token).telemetry.recordEvent({ type: "feature-use", name: "due" });
  await advance(shared.id, new Date(due.getTime() - 86_400_000));
  const statsBySchema = async () =>
    new Map(
      (
        await direct.query(
          `SELECT schemaname AS schema, sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::bigint AS scans
         FROM pg_stat_user_tables WHERE schemaname LIKE 'tenant_%' GROUP BY schemaname`,
        )
      ).rows.map((row) => [row.schema, Number(row.scans)]),
    );
  // Backends flush their table statistics when idle (at most every 10 s): wait them out around the advance.
  await sleep(11_000);
  const before = await statsBySchema();
  const advanceStarted = performance.now();
  await advance(shared.id, due);
  const advanceMs = performance.now() - advanceStarted;
  await sleep(11_000);
  const after = await statsBySchema();
  const touched = [...after].filter(([schema, scans]) => scans > (before.get(schema) ?? 0)).length;
  const explain = await direct.query(
    `EXPLAIN SELECT id FROM catalog.jobs WHERE status = 'pending' AND due_at <= now() AND test_clock_id = $1
   ORDER BY due_at, id LIMIT 1`,
    [shared.id],
  );

  console.log(
    `3. advance finding due work for 10 of ${tenantCount} tenants: ${seconds(advanceMs)}, tenant schemas read ${touched} of ${after.size}; next-job lookup: ${explain.rows.map((row) => row["QUERY PLAN"].trim()).join(" / ")}`,
  );
}

// 4. A tenant export of 1,000,000 records, downloaded and counted, never held whole.
if (only.has(4)) {
  const exporting = await clockedTenant();
  await seedEvents(exporting.schema, rows(1_000_000), t0);
  const rssBefore = process.resourceUsage().maxRSS / 1024;
  const exportStarted = performance.now();
  const created = await exporting.owner.exports.create({ scope: { type: "tenant" } });
  await advance(exporting.clockId, new Date(t0.getTime() + 60_000));
  const exported = await exporting.owner.exports.get(created.id);
  if (exported.status !== "ready") throw new Error(`the export ended ${exported.status}`);
  const response = await reference.fetch(
    new Request(`http://bench.local/v1/exports/${created.id}/document`, {
      headers: { authorization: `Bearer ${exporting.token}` },
    }),
  );
  let downloaded = 0;
  for await (const chunk of response.body) downloaded += chunk.byteLength;
  if (downloaded !== exported.byteLength)
    throw new Error(`downloaded ${downloaded} of ${exported.byteLength} bytes`);
  console.log(
    `4. export of ${exported.recordCount} records written and downloaded in ${seconds(performance.now() - exportStarted)} (${(exported.byteLength / 1e6).toFixed(0)} MB); peak RSS ${rssBefore.toFixed(0)} MB before, ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB after (target < 300 MB)`,
  );
}

await reference.close();
await direct.end();
await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
await admin.end();
