import { readClock } from "../core/clock.js";
import type { FakeContext } from "../core/context.js";
import type { InventoryItem, SubjectLinkValue } from "../core/inventory.js";
import type { VendorId } from "../core/vendor.js";
import {
  type IntegrationSource,
  instanceKey,
  type SeedRecord,
  type ServedLog,
  type StoredRecord,
  toStored,
} from "./served-log.js";

export interface SourceInstance<Set extends string> {
  readonly records: Record<Set, Map<string, StoredRecord>>;
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

/** `{ field, identifier: "email", value }` when the value is a string, else nothing. */
export function emailLink(field: string, value: unknown): SubjectLinkValue[] {
  return typeof value === "string" ? [{ field, identifier: "email", value }] : [];
}

/** What the three integration sources share: seeded instances by URL, records, the served log. */
export abstract class IntegrationSourceBase<Set extends string, Instance extends SourceInstance<Set>> {
  abstract readonly vendor: IntegrationSource & VendorId;
  protected readonly instances = new Map<string, Instance>();

  constructor(
    protected readonly context: FakeContext,
    protected readonly served: ServedLog,
    private readonly subjects: readonly SubjectRecords<Set>[],
  ) {}

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
