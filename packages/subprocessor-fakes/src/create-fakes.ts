import { crmFactoryPolicy, type Policy, type VendorProfile } from "@crmfactory/taxonomy";
import { BlobFake } from "./blob/blob-fake.js";
import { type CarryingMatch, type CarryingOptions, findCarrying } from "./core/carrying.js";
import type { Clock } from "./core/clock.js";
import type { FakeContext } from "./core/context.js";
import { Dispatcher, type DispatchOptions, type DispatchResult } from "./core/dispatcher.js";
import { type FaultCounts, type FaultHandle, FaultInjector, type FaultRule } from "./core/faults.js";
import { IdFactory } from "./core/ids.js";
import type { InventoryItem } from "./core/inventory.js";
import { type RecordedRequest, type RequestFilter, RequestLog } from "./core/recorder.js";
import type { VendorFake, VendorId } from "./core/vendor.js";
import { IntegrationsFake } from "./integrations/integrations-fake.js";
import { ResendFake } from "./resend/resend-fake.js";
import { StripeFake } from "./stripe/stripe-fake.js";
import { TwilioFake, type TwilioOptions } from "./twilio/twilio-fake.js";
import { checkProfiles, vendorProfile } from "./vendor-profile.js";

export interface SubprocessorFakesOptions {
  /** Seeds ids and fault probabilities: the same seed gives the same ids and faults (default "crmfactory"). */
  readonly seed?: string | number;
  /** "Now" for every timestamp the fakes write (default: the wall clock). */
  readonly clock?: Clock;
  readonly twilio?: TwilioOptions;
  /**
   * The policy whose vendor profiles the fakes follow: base-URL variables and defaults (`loopback.env()`),
   * endpoint ids (faults). Default: the CRM Factory policy. Its profiles may list only endpoints the
   * fakes serve, and default base URLs on hosts they serve.
   */
  readonly policy?: Policy;
}

export interface InventoryFilter {
  readonly vendor?: VendorId;
  readonly credential?: string;
}

/** Every fake, their shared request log and fault injector. Serve it with MSW or on loopback. */
export class SubprocessorFakes {
  readonly stripe: StripeFake;
  readonly twilio: TwilioFake;
  readonly resend: ResendFake;
  readonly blob: BlobFake;
  readonly integrations: IntegrationsFake;
  /** The policy whose vendor profiles the fakes follow. */
  readonly policy: Policy;
  readonly #log = new RequestLog();
  readonly #faults: FaultInjector;
  readonly #ids: IdFactory;
  readonly #vendors: readonly VendorFake[];
  readonly #dispatcher: Dispatcher;

  constructor(options: SubprocessorFakesOptions = {}) {
    const seed = options.seed ?? "crmfactory";
    const clock = options.clock ?? (() => new Date());
    this.#ids = new IdFactory(seed);
    this.#faults = new FaultInjector(seed);
    const context: FakeContext = { ids: this.#ids, clock };
    this.stripe = new StripeFake(context);
    this.twilio = new TwilioFake(context, options.twilio);
    this.resend = new ResendFake(context);
    this.blob = new BlobFake(context);
    this.integrations = new IntegrationsFake(context, this.#log);
    this.#vendors = [this.stripe, this.twilio, this.resend, this.blob, ...this.integrations.sources];
    this.#dispatcher = new Dispatcher(this.#vendors, this.#log, this.#faults, clock);
    this.policy = options.policy ?? crmFactoryPolicy;
    checkProfiles(this.policy, this.#vendors);
  }

  /** The vendor profile a fake follows, from the policy. */
  profile(vendor: VendorId): VendorProfile {
    return vendorProfile(vendor, this.policy);
  }

  /** Faults per vendor, endpoint and credential. */
  readonly faults = {
    inject: (rule: FaultRule): FaultHandle => {
      this.#checkEndpoint(rule);
      return this.#faults.inject(rule);
    },
    counts: (): FaultCounts[] => this.#faults.counts(),
    clear: (): void => this.#faults.clear(),
  };

  #checkEndpoint({ vendor, endpoint }: FaultRule): void {
    const fake = this.#vendors.find((candidate) => candidate.vendor === vendor);
    if (!fake) throw new RangeError(`no fake serves the vendor "${vendor}"`);
    const ids = fake.routes.map((route) => route.endpoint);
    if (endpoint !== undefined && !ids.includes(endpoint)) {
      throw new RangeError(
        `the ${vendor} fake has no endpoint "${endpoint}" (its endpoint ids: ${ids.join(", ")})`,
      );
    }
  }

  /** Every request that reached the fakes (served, refused, faulted, not found or to an unknown host). */
  requests(filter?: RequestFilter): RecordedRequest[] {
    return this.#log.list(filter);
  }

  /** The requests that carried `value` (an email, a phone number, a name) in any encoding. */
  findRequestsCarrying(value: string, options: CarryingOptions & RequestFilter = {}): CarryingMatch[] {
    return findCarrying(this.#log.list(options), value, options);
  }

  /** Every object the fakes hold, per credential, with its subject links. */
  inventory(filter: InventoryFilter = {}): InventoryItem[] {
    return this.#vendors
      .filter((fake) => filter.vendor === undefined || fake.vendor === filter.vendor)
      .flatMap((fake) => fake.inventory())
      .filter((item) => filter.credential === undefined || item.credential === filter.credential);
  }

  /** Whether a fake answers for this host name. */
  servesHost(hostname: string): boolean {
    return this.#dispatcher.servesHost(hostname);
  }

  /** Serves one request addressed to a vendor URL (the adapters for MSW and loopback use this). */
  dispatch(request: Request, options: DispatchOptions): Promise<DispatchResult> {
    return this.#dispatcher.dispatch(request, options);
  }

  /**
   * A `fetch` served by the fakes directly, with no interception: hand it to code that takes a
   * `fetch` option. A request to a host no fake serves rejects with a TypeError, as a network error does.
   */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const result = await this.dispatch(request, { via: "direct", publicOrigin: (host) => `https://${host}` });
    if (result.kind === "network-error")
      throw new TypeError("fetch failed", { cause: new Error(result.reason) });
    return result.response;
  };

  /** Forgets all state, requests, faults and id counters: the next ids repeat the first run's. */
  reset(): void {
    for (const fake of this.#vendors) fake.reset();
    this.integrations.reset();
    this.#log.clear();
    this.#faults.clear();
    this.#ids.reset();
  }
}

export function createSubprocessorFakes(options?: SubprocessorFakesOptions): SubprocessorFakes {
  return new SubprocessorFakes(options);
}
