// The child process of the erasure crash test (`src/privacy/erasure-crash.test.ts`), run by Node with
// ./ts-register.mjs on the sources. `setup` signs a tenant up, gives a contact copies at the messaging
// and email subprocessors (the parent's loopback fakes) and files its deletion; `run` boots on the same
// data, runs the due jobs and prints the receipt. With CRASH_KILL_AT=n, `run` SIGKILLs itself at the
// n-th point of the erasure's vendor steps (see `ErasureProbePoint`), printing where first.
import { writeSync } from "node:fs";
import { createPrivacyClient } from "@crmfactory/sdk";
import { createReference, type DatabaseOption } from "../../create-reference.js";
import { createLogger } from "../../platform/logger.js";
import type { ErasureProbe } from "../../privacy/erasure-vendor-steps.js";

const env = process.env;
const mode = process.argv[2];
const database = JSON.parse(env.CRASH_DATABASE ?? "null") as DatabaseOption;
const killAt = Number(env.CRASH_KILL_AT ?? 0);
const operatorToken = "crmf_operator_crash_token_0123456789abcdef";
const baseUrl = "http://reference.test/v1";

function say(line: Record<string, unknown>): void {
  // Synchronous: a line written just before SIGKILL must reach the parent.
  writeSync(1, `${JSON.stringify(line)}\n`);
}

let probes = 0;
const erasureProbe: ErasureProbe = async (point, key) => {
  probes++;
  say({ probe: probes, point, key });
  if (probes !== killAt) return;
  say({ killedAt: { probe: probes, point, key } });
  process.kill(process.pid, "SIGKILL");
  await new Promise(() => {});
};

const reference = await createReference({
  database,
  operatorToken,
  pollIntervalMs: 0,
  schemaPoolSize: 0,
  secretKey: "ab".repeat(32),
  logger: createLogger({ level: env.CRASH_LOG ?? "silent" }),
  outboundRetry: { baseDelayMs: 5, maxDelayMs: 20, jitterSeed: "crash-child" },
  parts: {
    messaging: {
      twilio: { accountSid: env.CRASH_TWILIO_SID ?? "", authToken: "crash-auth-token", from: "+14155550100" },
      resend: { apiKey: "re_test_crash_key", from: "crm@acme.example" },
    },
    erasureProbe,
  },
});
const client = (token: string | null) =>
  createPrivacyClient({ baseUrl, apiKey: token, fetch: reference.fetch, retries: false });

if (mode === "setup") {
  const messages = Number(env.CRASH_MESSAGES ?? 4);
  const signUp = await client(null).tenant.create({
    companyName: "Crash Test Co",
    owner: { name: "Ada Crash", email: "ada@crash.example", birthDate: "1990-12-10" },
  });
  const owner = client(signUp.session.token);
  const phone = "+14155550177";
  const email = "grace.crash@example.com";
  const contact = await owner.contacts.create({ name: "Grace Crash", email, phone });
  for (let i = 0; i < messages; i++)
    await owner.messages.send({ contactId: contact.id, channel: "sms", body: `Body ${i}` });
  await owner.calls.create({
    contactId: contact.id,
    kind: "voicemail",
    direction: "inbound",
    durationSeconds: 9,
  });
  const deletion = await owner.deletions.create({ targets: [{ type: "contact", id: contact.id }] });
  say({ token: signUp.session.token, receiptId: deletion.receiptId, phone, email, messages });
} else if (mode === "run") {
  // Continuations (a busy vendor) fall due minutes later: run everything due within the next day.
  const horizon = new Date(Date.now() + 24 * 3600_000);
  let ran = 0;
  for (;;) {
    const job = await reference.platform.jobs.claimNext({ wallClock: true }, horizon);
    if (!job) break;
    const failure = await reference.platform.jobs.run(job);
    if (failure) {
      say({ failedJob: job.kind, error: String(failure.error) });
      process.exit(3);
    }
    ran++;
  }
  const receipt = await client(env.CRASH_TOKEN ?? "").erasureReceipts.get(env.CRASH_RECEIPT ?? "");
  say({ ran, probes, receipt: { status: receipt.status, deleted: receipt.deleted } });
} else {
  throw new Error(`unknown mode ${mode}`);
}
await reference.close();
