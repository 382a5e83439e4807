import type { Policy } from "@crmfactory/taxonomy";

/**
 * What the suite hands an implementation it starts in-process: where its outbound calls go (the
 * subprocessor fakes, recorded) and the operator token the suite will present.
 */
export interface TargetEnvironment {
  /** Every outbound request of the implementation (subprocessors, integrations, callbacks). */
  readonly fetch: (request: Request) => Promise<Response>;
  /** Base URL of each subprocessor's fake, by subprocessor id (http targets read these as env vars). */
  readonly vendorBaseUrls: Readonly<Record<string, string>>;
  readonly operatorToken: string;
  /** The policy under test; an implementation may ignore it and report its own (the run then refuses it). */
  readonly policy: Policy;
}

/**
 * Read access to every schema of the implementation's database: the probe that looks for seeded
 * values independently of the implementation's own inventory.
 */
export interface DatabaseProbe {
  query<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** An implementation started in-process: the API as a fetch handler. */
export interface InProcessTarget {
  fetch(request: Request): Promise<Response>;
  close(): Promise<void>;
  /** Present when the implementation lets the suite read its database. */
  readonly probe?: DatabaseProbe;
}

/** What an in-process target module exports (as `createTarget` or its default export). */
export type TargetFactory = (environment: TargetEnvironment) => Promise<InProcessTarget>;
