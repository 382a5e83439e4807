#!/usr/bin/env node
// Prints the platform's figures: boot (fresh PGlite, migrations), restore from a snapshot, sign-up with
// a pooled schema and without one, on PGlite (and the PostgreSQL server when DATABASE_URL is set).
// Run after `pnpm --filter @crmfactory/reference build`: node scripts/measure-platform.mjs
import { PGlite } from "@electric-sql/pglite";
import { createLogger, createPgDatabase, createPgliteDatabase, createReference } from "../dist/index.js";

const silent = createLogger({ level: "silent" });
const ms = (start) => `${(performance.now() - start).toFixed(0)} ms`;
let n = 0;
const signUp = (reference) =>
  reference.fetch(
    new Request("http://reference.local/v1/tenants", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        companyName: `Measure ${n}`,
        owner: { name: "M", email: `m${n++}@measure.example`, birthDate: "1980-01-01" },
      }),
    }),
  );

async function timeSignUps(reference, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const response = await signUp(reference);
    if (response.status !== 201) throw new Error(`sign-up answered ${response.status}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return `median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`;
}

let start = performance.now();
const instance = await PGlite.create();
console.log(`PGlite boot: ${ms(start)}`);
start = performance.now();
const reference = await createReference({
  database: await createPgliteDatabase({ instance }),
  logger: silent,
  schemaPoolSize: 10,
  pollIntervalMs: 0,
});
console.log(`catalogue migrations and composition: ${ms(start)}`);
start = performance.now();
await reference.platform.schemas.fillPool();
console.log(`pool of 10 tenant schemas migrated: ${ms(start)}`);
console.log(`sign-up with a pooled schema (8): ${await timeSignUps(reference, 8)}`);
await reference.close();
start = performance.now();
const dump = await instance.dumpDataDir("none");
console.log(`dumpDataDir: ${ms(start)} (${(dump.size / 1e6).toFixed(1)} MB)`);
await instance.close();
start = performance.now();
const restored = await PGlite.create({ loadDataDir: dump });
console.log(`restore from the snapshot: ${ms(start)}`);
const unpooled = await createReference({
  database: await createPgliteDatabase({ instance: restored }),
  logger: silent,
  schemaPoolSize: 0,
  pollIntervalMs: 0,
});
await unpooled.platform.database.ownerTransaction((tx) => tx.query("DELETE FROM catalog.schema_pool"));
console.log(`sign-up migrating its schema on the spot (5): ${await timeSignUps(unpooled, 5)}`);
await unpooled.close();
await restored.close();
console.log(`RSS: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);

if (process.env.DATABASE_URL) {
  start = performance.now();
  const server = await createReference({
    database: await createPgDatabase({ connectionString: process.env.DATABASE_URL }),
    logger: silent,
    schemaPoolSize: 10,
    pollIntervalMs: 0,
  });
  console.log(`pg: migrations and composition: ${ms(start)}`);
  start = performance.now();
  await server.platform.schemas.fillPool();
  console.log(`pg: pool filled to 10: ${ms(start)}`);
  console.log(`pg: sign-up with a pooled schema (8): ${await timeSignUps(server, 8)}`);
  await server.close();
}
