#!/usr/bin/env node
// Issue 11's erasure figure: a contact with 10,000 local records and 100 objects at subprocessors
// (99 text messages at the messaging provider and the email provider's contact), erased on PGlite, from
// the deletion request to the completed receipt. Prints the time of each round and their median.
// Run after `pnpm --filter @crmfactory/reference build`: node scripts/bench-erasure.mjs [rounds]
import { randomBytes } from "node:crypto";
import { createPrivacyClient } from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { PGlite } from "@electric-sql/pglite";
import { createLogger, createPgliteDatabase, createReference } from "../dist/index.js";

const rounds = Number(process.argv[2] ?? 3);
const localRecords = 10_000;
const vendorMessages = 99;
let now = new Date("2026-04-02T14:00:00.000Z");
const clock = { now: () => new Date(now.getTime()) };
const fakes = createSubprocessorFakes({ seed: "bench-erasure", clock: clock.now });
const accountSid = `AC${randomBytes(16).toString("hex")}`;
fakes.twilio.addAccount(accountSid, "twilio-auth-token");
const reference = await createReference({
  database: await createPgliteDatabase({ instance: await PGlite.create() }),
  logger: createLogger({ level: "silent" }),
  clock,
  fetch: (request) => fakes.fetch(request),
  pollIntervalMs: 0,
  schemaPoolSize: 0,
  parts: {
    messaging: {
      twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
      resend: { apiKey: "re_test_bench_key", from: "crm@acme.example" },
    },
  },
});
const client = (token) =>
  createPrivacyClient({
    baseUrl: "http://bench.local/v1",
    apiKey: token,
    fetch: reference.fetch,
    retries: false,
  });

async function runDueJobs() {
  for (;;) {
    const job = await reference.platform.jobs.claimNext({ wallClock: true }, clock.now());
    if (!job) return;
    const failure = await reference.platform.jobs.run(job);
    if (failure) throw failure.error;
  }
}

/** Signs a tenant up and seeds one contact: the vendor objects through the API, the local rows in bulk. */
async function seededContact(round) {
  const suffix = randomBytes(3).toString("hex");
  const signUp = await client(null).tenant.create({
    companyName: `Bench ${suffix}`,
    owner: { name: "Bench Owner", email: `owner.${suffix}@bench.example`, birthDate: "1980-01-01" },
  });
  const owner = client(signUp.session.token);
  const contact = await owner.contacts.create({
    name: `Erased ${suffix}`,
    email: `erased.${suffix}@bench.example`,
    phone: `+1415555${String(1000 + round)}`,
    consent: { marketingEmail: true, marketingSms: true },
  });
  for (let i = 0; i < vendorMessages; i++) {
    await owner.messages.send({ contactId: contact.id, channel: "sms", body: `Message ${i} ${suffix}` });
  }
  const [{ schema_name: schema }] = await reference.platform.database.ownerTransaction((tx) =>
    tx.query("SELECT schema_name FROM catalog.tenants WHERE id = $1", [signUp.tenant.id]),
  );
  const at = clock.now();
  // A third each of telemetry events, calls without recordings and notes linked to the contact.
  const third = Math.floor(localRecords / 3);
  await reference.platform.database.ownerTransaction(async (tx) => {
    await tx.query(
      `INSERT INTO "${schema}".telemetry_events (id, type, name, contact_id, properties, collected_at, created_at)
       SELECT gen_random_uuid(), 'feature-use', 'contact-opened', $1, '{}'::jsonb, $2, $2 FROM generate_series(1, $3)`,
      [contact.id, at, third],
    );
    await tx.query(
      `INSERT INTO "${schema}".calls (id, contact_id, kind, direction, duration_seconds, transcript, call_sid, occurred_at, created_at)
       SELECT gen_random_uuid(), $1, 'voicemail', 'inbound', 12, 'Transcript ' || g, 'CA' || md5(g::text), $2, $2
       FROM generate_series(1, $3) AS g`,
      [contact.id, at, third],
    );
    await tx.query(
      `WITH objects AS (
         INSERT INTO "${schema}".crm_objects (id, type, name, source_type, created_at, updated_at)
         SELECT gen_random_uuid(), 'note', 'Note ' || g, 'platform', $2, $2 FROM generate_series(1, $3) AS g RETURNING id)
       INSERT INTO "${schema}".crm_object_contacts (crm_object_id, contact_id, ordinal, created_at)
       SELECT id, $1, 0, $2 FROM objects`,
      [contact.id, at, localRecords - 2 * third],
    );
  });
  return { owner, contact, schema };
}

/** The figure counts only if the erasure really happened: no local row and no vendor copy is left. */
async function expectErased(schema, contact) {
  const [left] = await reference.platform.database.ownerTransaction((tx) =>
    tx.query(
      `SELECT (SELECT count(*) FROM "${schema}".telemetry_events WHERE contact_id = $1)
            + (SELECT count(*) FROM "${schema}".calls WHERE contact_id = $1)
            + (SELECT count(*) FROM "${schema}".crm_objects o WHERE o.name LIKE 'Note %')
            + (SELECT count(*) FROM "${schema}".messages WHERE contact_id = $1) AS rows`,
      [contact.id],
    ),
  );
  const atVendors = fakes.inventory().filter((item) => JSON.stringify(item).includes(contact.phone));
  if (Number(left.rows) !== 0 || atVendors.length !== 0) {
    throw new Error(`erasure left ${left.rows} local rows and ${atVendors.length} vendor objects`);
  }
}

const timings = [];
for (let round = 0; round < rounds; round++) {
  const { owner, contact, schema } = await seededContact(round);
  now = new Date(now.getTime() + 60_000);
  const started = performance.now();
  const deletion = await owner.deletions.create({
    targets: [{ type: "contact", id: contact.id }],
    reason: "Benchmark erasure.",
  });
  await runDueJobs();
  const receipt = await owner.erasureReceipts.get(deletion.receiptId);
  const elapsed = performance.now() - started;
  if (receipt.status !== "completed") throw new Error(`the erasure ended ${receipt.status}`);
  await expectErased(schema, contact);
  timings.push(elapsed);
  console.log(`round ${round + 1}: ${elapsed.toFixed(0)} ms`);
}
timings.sort((a, b) => a - b);
console.log(
  `erasure of a contact with ${localRecords} local records and ${vendorMessages + 1} vendor objects on PGlite: median ${timings[Math.floor(timings.length / 2)].toFixed(0)} ms (target < 3000 ms)`,
);
await reference.close();
