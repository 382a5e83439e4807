import type { VendorId } from "../core/vendor.js";

export type IntegrationSource = Extract<VendorId, "salesforce" | "sap" | "netsuite">;

/** One record an integration source sent to a client. */
export interface ServedRecord {
  readonly time: Date;
  readonly source: IntegrationSource;
  /** The instance URL (`https://acme.my.salesforce.com`): the state and credential key of a connection. */
  readonly instance: string;
  readonly object: string;
  readonly id: string;
  /** The fields the answer carried. */
  readonly fields: readonly string[];
  /** The endpoint that served it. */
  readonly endpoint: string;
}

export class ServedLog {
  readonly #served: ServedRecord[] = [];

  add(record: ServedRecord): void {
    this.#served.push(record);
  }

  list(): readonly ServedRecord[] {
    return this.#served;
  }

  clear(): void {
    this.#served.length = 0;
  }
}

/** `https://Acme.my.salesforce.com/` → `https://acme.my.salesforce.com` */
export function instanceKey(instanceUrl: string): string {
  const url = new URL(instanceUrl);
  if (url.protocol !== "https:") throw new TypeError(`an instance URL is https: ${instanceUrl}`);
  return `https://${url.host.toLowerCase()}`;
}

/** An integration record: string fields plus timestamps the fakes maintain. */
export type SeedRecord = Record<string, string | number | boolean | null | undefined>;

export interface StoredRecord {
  id: string;
  fields: Record<string, string | number | boolean | null>;
  created: Date;
  modified: Date;
}

export function toStored(id: string, record: SeedRecord, now: Date): StoredRecord {
  const fields: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) fields[key] = value;
  return { id, fields, created: now, modified: now };
}
