import { createLogger, createReference, type ReferenceOptions } from "@crmfactory/reference";
import type { Fault } from "./fault.js";

// Structural copies of the suite's target types: this package is the workspace's wiring of the
// reference into the suite, and the suite never depends on it at run time.
interface TargetEnvironment {
  readonly fetch: (request: Request) => Promise<Response>;
  readonly vendorBaseUrls: Readonly<Record<string, string>>;
  readonly operatorToken: string;
}

interface DatabaseProbe {
  query<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface ReferenceTarget {
  fetch(request: Request): Promise<Response>;
  close(): Promise<void>;
  readonly probe: DatabaseProbe;
}

export interface ReferenceTargetOptions {
  /** A broken variant to put in. */
  readonly fault?: Fault;
  /** Anything else of the reference's composition (a database, limits...). */
  readonly reference?: ReferenceOptions;
}

/**
 * The reference's accounts at the subprocessors (test credentials the fakes accept on first use), so the
 * data plane that needs them (billing, messages, email contacts, profile photos) is served.
 */
const vendorAccounts = {
  credentials: {
    stripe: "sk_test_conformanceReference",
    vercel: "vercel_blob_rw_conformance_secret",
  },
  messaging: {
    twilio: { accountSid: `AC${"c0".repeat(16)}`, authToken: "conformance-auth-token", from: "+14155550100" },
    resend: { apiKey: "re_test_conformance_reference", from: "privacy@crmfactory.example" },
  },
};

/**
 * The reference as an in-process target: an embedded PGlite unless told otherwise, outbound calls to
 * the suite's fakes, jobs driven only by test clocks (no wall-clock poller).
 */
export async function createReferenceTarget(
  environment: TargetEnvironment,
  options: ReferenceTargetOptions = {},
): Promise<ReferenceTarget> {
  const base: ReferenceOptions = {
    operatorToken: environment.operatorToken,
    fetch: (request) => environment.fetch(request),
    vendorBaseUrls: { ...environment.vendorBaseUrls },
    pollIntervalMs: 0,
    schemaPoolSize: 2,
    logger: createLogger({ level: process.env.CONFORMANCE_TARGET_LOG ?? "silent" }),
    ...options.reference,
    parts: { ...vendorAccounts, ...options.reference?.parts },
  };
  const composed = options.fault ? options.fault.apply(base) : base;
  const reference = await createReference(composed);
  const database = reference.platform.database;
  return {
    fetch: (request) => reference.fetch(request),
    close: () => reference.close(),
    // The probe reads as the schema owner, so it sees every schema whatever the app role may read.
    probe: { query: (sql, params) => database.ownerTransaction((tx) => tx.query(sql, params)) },
  };
}
