import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createPrivacyClient, type PrivacyClient } from "@crmfactory/sdk";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { createReference, type Reference, type ReferenceOptions } from "../create-reference.js";
import { createPgDatabase } from "../database/pg-database.js";
import { createPgliteDatabase } from "../database/pglite-database.js";
import { createLogger } from "../platform/logger.js";
import { expectContractResponse } from "./contract-check.js";

export type Driver = "pglite" | "pg";

/** PGlite always; the PostgreSQL server too when DATABASE_URL is set (CI sets it; unreachable fails). */
export const drivers: readonly Driver[] = process.env.DATABASE_URL ? ["pglite", "pg"] : ["pglite"];

export const operatorToken = "crmf_operator_test_token_0123456789abcdef";
export const baseUrl = "http://reference.test/v1";

let sharedPglite: Promise<PGlite> | undefined;

/** One PGlite per test file, restored from the global setup's snapshot. */
function pgliteInstance(): Promise<PGlite> {
  sharedPglite ??= (async () => {
    const snapshot = readFileSync(inject("pgliteSnapshot"));
    const instance = await PGlite.create({ loadDataDir: new Blob([snapshot]) });
    afterAll(() => instance.close());
    return instance;
  })();
  return sharedPglite;
}

/** A fresh database on the server for this test file, dropped when the file ends. */
export async function serverDatabaseUrl(): Promise<string> {
  const adminUrl = process.env.DATABASE_URL as string;
  const name = `crmf_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  afterAll(async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestReference extends Reference {
  /** `fetch`, with every response checked against the contract's schemas. */
  checkedFetch(request: Request): Promise<Response>;
  client(token: string | null): PrivacyClient;
  operator(): PrivacyClient;
}

/** A database for a test on `driver`: the file's shared PGlite, or a fresh database on the server. */
export async function testDatabase(driver: Driver) {
  return driver === "pglite"
    ? createPgliteDatabase({ instance: await pgliteInstance() })
    : createPgDatabase({ connectionString: await serverDatabaseUrl(), max: 4 });
}

/** Boots a reference on `driver`, closed after the file's tests. */
export async function bootReference(driver: Driver, options: ReferenceOptions = {}): Promise<TestReference> {
  const database = await testDatabase(driver);
  const reference = await createReference({
    database,
    // REFERENCE_TEST_LOG=error (or debug) shows the reference's log while a test runs.
    logger: createLogger({ level: process.env.REFERENCE_TEST_LOG ?? "silent" }),
    operatorToken,
    pollIntervalMs: 0,
    schemaPoolSize: driver === "pglite" ? 0 : 2,
    // Short backoffs and a fixed jitter seed: a test's waits are milliseconds, the same on every run.
    outboundRetry: { baseDelayMs: 5, maxDelayMs: 20, jitterSeed: "reference-tests" },
    ...options,
  });
  afterAll(() => reference.close());
  const checkedFetch = async (request: Request) => {
    const copy = request.clone();
    const response = await reference.fetch(request);
    await expectContractResponse(copy, response, reference.platform.validator);
    return response;
  };
  const client = (token: string | null) =>
    createPrivacyClient({ baseUrl, apiKey: token, fetch: checkedFetch, retries: false });
  return Object.assign(reference, { checkedFetch, client, operator: () => client(operatorToken) });
}

/** Signs a new tenant up through the API and answers its owner's client. */
export async function signUp(
  reference: TestReference,
  input: { testClockId?: string; companyName?: string } = {},
) {
  const anonymous = reference.client(null);
  const suffix = randomBytes(4).toString("hex");
  const signUp = await anonymous.tenant.create({
    companyName: input.companyName ?? `Acme ${suffix}`,
    owner: { name: `Ada ${suffix}`, email: `ada.${suffix}@acme.example`, birthDate: "1990-12-10" },
    ...(input.testClockId ? { testClockId: input.testClockId } : {}),
  });
  return { ...signUp, client: reference.client(signUp.session.token) };
}
