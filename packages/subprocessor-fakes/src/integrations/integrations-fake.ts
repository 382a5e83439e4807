import type { FakeContext } from "../core/context.js";
import type { RequestLog } from "../core/recorder.js";
import type { VendorFake } from "../core/vendor.js";
import { NetSuiteSource } from "./netsuite.js";
import { SalesforceSource } from "./salesforce.js";
import { SapSource } from "./sap.js";
import { type IntegrationSource, instanceKey, ServedLog, type ServedRecord } from "./served-log.js";

/** The integration sources a customer connects (CRM and ERP), seeded per instance URL. */
export class IntegrationsFake {
  readonly #served = new ServedLog();
  readonly salesforce: SalesforceSource;
  readonly sap: SapSource;
  readonly netsuite: NetSuiteSource;

  constructor(
    context: FakeContext,
    private readonly log: RequestLog,
  ) {
    this.salesforce = new SalesforceSource(context, this.#served);
    this.sap = new SapSource(context, this.#served);
    this.netsuite = new NetSuiteSource(context, this.#served);
  }

  get sources(): readonly VendorFake[] {
    return [this.salesforce, this.sap, this.netsuite];
  }

  /**
   * Records an instance served at or after `since` (by the fakes' clock): after a disconnect at T,
   * `servedSince(instance, T)` must be empty.
   */
  servedSince(instanceUrl: string, since: Date): ServedRecord[] {
    const key = instanceKey(instanceUrl);
    return this.#served
      .list()
      .filter((record) => record.instance === key && record.time.getTime() >= since.getTime());
  }

  /** Every record served, optionally of one source. */
  served(filter: { source?: IntegrationSource } = {}): ServedRecord[] {
    return this.#served
      .list()
      .filter((record) => filter.source === undefined || record.source === filter.source);
  }

  /** Requests to an instance at or after `since`, served or refused (a sync attempt after a disconnect shows here). */
  requestsSince(instanceUrl: string, since: Date) {
    const key = instanceKey(instanceUrl);
    return this.log.list({ since }).filter((request) => `https://${request.host}` === key);
  }

  reset(): void {
    this.#served.clear();
  }
}
