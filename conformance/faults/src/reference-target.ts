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

/** The messaging part the embedded reference runs with: fixed test accounts at the Twilio and Resend fakes. */
export const conformanceMessagingAccounts = {
  twilio: {
    accountSid: "AC0c0f0a0b0c0d0e0f101112131415161f",
    authToken: "conformance-twilio-auth-token",
    from: "+14155550100",
  },
  resend: { apiKey: "re_conformance_reference_key", from: "crm@reference.crmfactory.example" },
} as const;

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
    // The reference's own accounts at the messaging and email fakes (a fake takes a credential's first
    // secret as its secret), so messages, calls and email copies reach the vendors the suite watches.
    parts: { messaging: conformanceMessagingAccounts },
    ...options.reference,
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
