import type { paths } from "@crmfactory/api";
import createClient from "openapi-fetch";
import { Ai } from "./resources/ai.js";
import { Audit } from "./resources/audit.js";
import { Banners } from "./resources/banners.js";
import { Billing } from "./resources/billing.js";
import { CallbackEndpoints } from "./resources/callback-endpoints.js";
import { Calls } from "./resources/calls.js";
import { Contacts } from "./resources/contacts.js";
import { CrmObjects } from "./resources/crm-objects.js";
import { Deletions } from "./resources/deletions.js";
import { ErasureReceipts } from "./resources/erasure-receipts.js";
import { Exports } from "./resources/exports.js";
import { Incidents } from "./resources/incidents.js";
import { Integrations } from "./resources/integrations.js";
import { Invoices } from "./resources/invoices.js";
import { MarketingMessages } from "./resources/marketing-messages.js";
import { Messages } from "./resources/messages.js";
import { MinorReports } from "./resources/minor-reports.js";
import { Notices } from "./resources/notices.js";
import { Passkeys } from "./resources/passkeys.js";
import { PolicyNotices } from "./resources/policy-notices.js";
import type { RawClient } from "./resources/resource.js";
import { Retention } from "./resources/retention.js";
import { RightsRequests } from "./resources/rights-requests.js";
import { Sessions } from "./resources/sessions.js";
import { Subprocessors } from "./resources/subprocessors.js";
import { Telemetry } from "./resources/telemetry.js";
import { TenantResource } from "./resources/tenant.js";
import { TestClocks } from "./resources/test-clocks.js";
import { Users } from "./resources/users.js";
import { createTransport, type TransportOptions } from "./transport.js";

/** Options of {@link createPrivacyClient}. */
export interface PrivacyClientOptions extends TransportOptions {
  /** The API's base URL, including its version prefix, e.g. `https://privacy.example.com/v1`. */
  baseUrl: string;
}

/**
 * The CRM Factory privacy API, one property per resource. Every method is typed from the OpenAPI
 * contract, resolves with the response body, throws a typed `PrivacyApiError` on an error
 * response, and takes per-request options last. List methods return a `Paginator`.
 */
export class PrivacyClient {
  // The fields are `declare`d (assigned in the constructor) so that no empty field definitions ship.
  /**
   * The underlying openapi-fetch client, for any operation exactly as the contract defines it
   * (`{ data, error, response }`, nothing thrown). It shares the transport: auth, retries,
   * idempotency keys and timeouts apply.
   */
  declare readonly raw: RawClient;
  declare readonly tenant: TenantResource;
  declare readonly users: Users;
  declare readonly sessions: Sessions;
  declare readonly passkeys: Passkeys;
  declare readonly contacts: Contacts;
  declare readonly crmObjects: CrmObjects;
  declare readonly messages: Messages;
  declare readonly calls: Calls;
  declare readonly marketingMessages: MarketingMessages;
  declare readonly integrations: Integrations;
  declare readonly telemetry: Telemetry;
  declare readonly billing: Billing;
  declare readonly invoices: Invoices;
  declare readonly rightsRequests: RightsRequests;
  declare readonly exports: Exports;
  declare readonly deletions: Deletions;
  declare readonly erasureReceipts: ErasureReceipts;
  declare readonly minorReports: MinorReports;
  declare readonly audit: Audit;
  declare readonly retention: Retention;
  declare readonly subprocessors: Subprocessors;
  declare readonly notices: Notices;
  declare readonly banners: Banners;
  declare readonly ai: Ai;
  declare readonly callbackEndpoints: CallbackEndpoints;
  declare readonly incidents: Incidents;
  declare readonly policyNotices: PolicyNotices;
  declare readonly testClocks: TestClocks;

  constructor(options: PrivacyClientOptions) {
    if (typeof options.baseUrl !== "string" || options.baseUrl === "") {
      throw new TypeError("createPrivacyClient: `baseUrl` is required");
    }
    const transport = createTransport(options);
    const raw = createClient<paths>({ baseUrl: options.baseUrl, fetch: transport });
    const context = { raw, baseUrl: options.baseUrl, transport };
    this.raw = raw;
    this.tenant = new TenantResource(context);
    this.users = new Users(context);
    this.sessions = new Sessions(context);
    this.passkeys = new Passkeys(context);
    this.contacts = new Contacts(context);
    this.crmObjects = new CrmObjects(context);
    this.messages = new Messages(context);
    this.calls = new Calls(context);
    this.marketingMessages = new MarketingMessages(context);
    this.integrations = new Integrations(context);
    this.telemetry = new Telemetry(context);
    this.billing = new Billing(context);
    this.invoices = new Invoices(context);
    this.rightsRequests = new RightsRequests(context);
    this.exports = new Exports(context);
    this.deletions = new Deletions(context);
    this.erasureReceipts = new ErasureReceipts(context);
    this.minorReports = new MinorReports(context);
    this.audit = new Audit(context);
    this.retention = new Retention(context);
    this.subprocessors = new Subprocessors(context);
    this.notices = new Notices(context);
    this.banners = new Banners(context);
    this.ai = new Ai(context);
    this.callbackEndpoints = new CallbackEndpoints(context);
    this.incidents = new Incidents(context);
    this.policyNotices = new PolicyNotices(context);
    this.testClocks = new TestClocks(context);
  }
}

/** Creates a {@link PrivacyClient}. */
export function createPrivacyClient(options: PrivacyClientOptions): PrivacyClient {
  return new PrivacyClient(options);
}
