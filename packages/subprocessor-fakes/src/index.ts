export type { BlobFake, HeldBlob } from "./blob/blob-fake.js";
export type { CarriedKind, CarriedLocation, CarryingMatch, CarryingOptions } from "./core/carrying.js";
export type { Clock } from "./core/clock.js";
export type { DispatchOptions, DispatchResult } from "./core/dispatcher.js";
export type { Fault, FaultCounts, FaultHandle, FaultRule } from "./core/faults.js";
export type { InventoryItem, SubjectIdentifier, SubjectLinkValue } from "./core/inventory.js";
export type { RecordedRequest, RequestFilter, RequestOutcome, ServedVia } from "./core/recorder.js";
export type { FaultStatus, VendorId } from "./core/vendor.js";
export {
  createSubprocessorFakes,
  type InventoryFilter,
  SubprocessorFakes,
  type SubprocessorFakesOptions,
} from "./create-fakes.js";
export type { IntegrationsFake } from "./integrations/integrations-fake.js";
export type { NetSuiteSeed, NetSuiteSource } from "./integrations/netsuite.js";
export type { NetSuiteM2MMapping } from "./integrations/netsuite-m2m.js";
export type { SalesforceSeed, SalesforceSource } from "./integrations/salesforce.js";
export type { SapSeed, SapSource } from "./integrations/sap.js";
export type { IntegrationSource, SeedRecord, ServedRecord, StoredRecord } from "./integrations/served-log.js";
export { type LoopbackOptions, type LoopbackServer, startLoopbackServer } from "./loopback.js";
export { createMswHandlers, type MswOptions, setupFakesServer } from "./msw.js";
export type { EmailsToOptions, HeldContact, ResendFake, SentEmail } from "./resend/resend-fake.js";
export type { CrmFactoryTags, ResendTag, StoredContact, StoredEmail } from "./resend/resend-objects.js";
export type { CustomerWithInvoices, StripeFake } from "./stripe/stripe-fake.js";
export type { StripeCustomer, StripeInvoice } from "./stripe/stripe-objects.js";
export type { HeldForPhone, TwilioFake, TwilioOptions } from "./twilio/twilio-fake.js";
export { subprocessorOf, vendorProfile } from "./vendor-profile.js";
