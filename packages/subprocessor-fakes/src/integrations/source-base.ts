import { readClock } from "../core/clock.js";
import type { FakeContext } from "../core/context.js";
import type { InventoryItem, SubjectLinkValue } from "../core/inventory.js";
import { bearerToken, type FakeRequest, type Route, type VendorId } from "../core/vendor.js";
import {
  type IntegrationSource,
  instanceKey,
  type SeedRecord,
  type ServedLog,
  type StoredRecord,
  toStored,
} from "./served-log.js";

/** What a source is seeded with: its instance URL, its credentials and lists of records. */
export interface SourceSeed {
  readonly instanceUrl: string;
}

export interface SourceInstance<Set extends string, Seed extends SourceSeed> {
  readonly seed: Seed;
  readonly records: Record<Set, Map<string, StoredRecord>>;
}

/** An instance that issues bearer tokens from its token endpoint (Salesforce, NetSuite). */
export interface TokenIssuingInstance {
  readonly tokens: Set<string>;
}

/** How the records of one set appear in the inventory, with the subject links the vendor profile names. */
export interface SubjectRecords<Set extends string> {
  readonly set: Set;
  readonly object: string;
  /** A record's links; `records` resolves a link `via` another record (a sales order's customer). */
  readonly links: (
    record: StoredRecord,
    records: Readonly<Record<Set, Map<string, StoredRecord>>>,
  ) => SubjectLinkValue[];
}

/** What one record served to a client says in the served log; the source, time and instance are the request's. */
export interface ServedEntry {
  readonly object: string;
  readonly id: string;
  readonly fields: readonly string[];
  readonly endpoint: string;
}

/** `{ field, identifier: "email", value }` when the value is a string, else nothing. */
export function emailLink(field: string, value: unknown): SubjectLinkValue[] {
  return typeof value === "string" ? [{ field, identifier: "email", value }] : [];
}

/** True when the request carries a bearer token the instance issued. */
export function holdsIssuedToken(instance: TokenIssuingInstance, request: FakeRequest): boolean {
  const token = bearerToken(request.headers);
  return token !== undefined && instance.tokens.has(token);
}

/** The two read routes of a record set, `<name>.list` and `<name>.get` (`:id` names the record). */
export function listAndGetRoutes(
  name: string,
  paths: { readonly list: string; readonly get: string; readonly id?: string },
  list: (request: FakeRequest) => Response,
  get: (request: FakeRequest, id: string) => Response,
): Route[] {
  const id = paths.id ?? "id";
  return [
    { endpoint: `${name}.list`, method: "GET", path: paths.list, handle: (request) => list(request) },
    {
      endpoint: `${name}.get`,
      method: "GET",
      path: paths.get,
      handle: (request, params) => get(request, params[id] ?? ""),
    },
  ];
}

/**
 * What the three integration sources share: instances seeded by URL, records with ids of the source's
 * own form, authentication per instance, the inventory and the served log. A source is only what
 * differs: its routes and answers, how it authenticates, and how its ids look.
 */
export abstract class IntegrationSourceBase<
  Set extends string,
  Seed extends SourceSeed,
  Instance extends SourceInstance<Set, Seed>,
> {
  abstract readonly vendor: IntegrationSource & VendorId;
  protected readonly instances = new Map<string, Instance>();

  constructor(
    protected readonly context: FakeContext,
    protected readonly served: ServedLog,
    private readonly subjects: readonly SubjectRecords<Set>[],
  ) {}

  /** A fresh instance for a seed, with empty record sets. */
  protected abstract newInstance(seed: Seed): Instance;
  /** The field holding a record's id in a set (`Id`, `BusinessPartner`, `id`). */
  protected abstract idField(set: Set): string;
  /** The id a new record of the set gets, in the source's own form. */
  protected abstract newId(instance: Instance, set: Set, instanceUrl: string): string;
  /** Whether a request carries the instance's credentials. */
  protected abstract authenticates(instance: Instance, request: FakeRequest): boolean;
  /** The source's own answer to a request without valid credentials. */
  protected abstract unauthorised(request: FakeRequest): Response;

  /** Fields the source derives from the others (Salesforce's `Name`). */
  protected derivedFields(_set: Set, _record: SeedRecord): SeedRecord {
    return {};
  }

  /** Adds a record (or, with an id, replaces one) the way a user editing the source would. */
  upsert(instanceUrl: string, set: Set, record: SeedRecord): StoredRecord {
    const key = instanceKey(instanceUrl);
    const instance = this.require(key);
    const field = this.idField(set);
    const given = record[field];
    const id = typeof given === "string" ? given : this.newId(instance, set, key);
    return this.store(key, set, id, { ...record, ...this.derivedFields(set, record), [field]: id });
  }

  /** Removes a record, as a user deleting it in the source would. */
  remove(instanceUrl: string, set: Set, id: string): boolean {
    return this.require(instanceKey(instanceUrl)).records[set].delete(id);
  }

  servesHost(host: string): boolean {
    return this.instances.has(`https://${host}`);
  }

  credentialOf(_method: string, url: URL): string | undefined {
    return this.instances.has(`https://${url.host}`) ? `https://${url.host}` : undefined;
  }

  inventory(): InventoryItem[] {
    return [...this.instances].flatMap(([instance, { records }]) =>
      this.subjects.flatMap(({ set, object, links }) =>
        [...records[set].values()].map(
          (record): InventoryItem => ({
            vendor: this.vendor,
            credential: instance,
            object,
            id: record.id,
            links: links(record, records),
            deletable: false,
          }),
        ),
      ),
    );
  }

  reset(): void {
    this.instances.clear();
  }

  /**
   * Seeds an instance (replacing one at the same URL) and upserts each list of the seed into its set,
   * in the order `lists` names them; returns the stored records under the lists' names.
   */
  protected seedInstance<List extends keyof Seed & string>(
    seed: Seed,
    lists: Readonly<Record<List, Set>>,
  ): { instanceUrl: string } & Record<List, StoredRecord[]> {
    const key = instanceKey(seed.instanceUrl);
    this.instances.set(key, this.newInstance(seed));
    const stored = Object.fromEntries(
      (Object.entries(lists) as [List, Set][]).map(([list, set]) => [
        list,
        ((seed[list] as readonly SeedRecord[] | undefined) ?? []).map((record) =>
          this.upsert(key, set, record),
        ),
      ]),
    ) as Record<List, StoredRecord[]>;
    return { instanceUrl: key, ...stored };
  }

  /** The instance a request reached, when it carries the instance's credentials; else the source's 401. */
  protected authorised(request: FakeRequest): Instance | Response {
    const instance = this.instances.get(`https://${request.url.host}`);
    return instance && this.authenticates(instance, request) ? instance : this.unauthorised(request);
  }

  /** The record a request asks for, with its instance; else the source's 401, or `missing()` for an unknown id. */
  protected authorisedRecord(
    request: FakeRequest,
    set: Set,
    id: string,
    missing: () => Response,
  ): { instance: Instance; record: StoredRecord } | Response {
    const instance = this.authorised(request);
    if (instance instanceof Response) return instance;
    const record = instance.records[set].get(id);
    return record ? { instance, record } : missing();
  }

  /** Notes a record this request sent to the client. */
  protected logServed(request: FakeRequest, entry: ServedEntry): void {
    this.served.add({
      time: request.time,
      source: this.vendor,
      instance: `https://${request.url.host}`,
      ...entry,
    });
  }

  protected require(key: string): Instance {
    const instance = this.instances.get(key);
    if (!instance) throw new Error(`no ${this.vendor} instance seeded at ${key}`);
    return instance;
  }

  /** Stores a record under `id`, keeping its creation time when it replaces one. */
  protected store(instanceUrl: string, set: Set, id: string, record: SeedRecord): StoredRecord {
    const instance = this.require(instanceKey(instanceUrl));
    const existing = instance.records[set].get(id);
    const stored = toStored(id, record, readClock(this.context.clock));
    if (existing) stored.created = existing.created;
    instance.records[set].set(id, stored);
    return stored;
  }
}
