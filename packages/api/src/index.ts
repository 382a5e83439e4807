// @crmfactory/api: the CRM Factory privacy API contract (openapi.yaml), its generated TypeScript types,
// the parsed document, the permission of every operation, the problem catalogue and a validator.
import type { ProblemTypeEntry } from "./document-types.js";
import type { components, operations } from "./generated/openapi.js";
import { openapiDocument } from "./generated/openapi-document.js";

export type {
  HttpMethod,
  JsonSchema,
  OpenApiDocument,
  OperationObject,
  PathItemObject,
  ProblemTypeEntry,
} from "./document-types.js";
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.js";
export {
  type EvidenceClass,
  type GuaranteeObservation,
  guaranteeObservations,
  type ObservedOperation,
} from "./guarantee-observations.js";
export {
  type OperationAuth,
  type OperationPermission,
  operationPermissions,
  type Profile,
  type UppercaseHttpMethod,
} from "./operations.js";
export { retentionScheduleView, subprocessorListView } from "./policy-views.js";
export {
  createValidator,
  type SchemaName,
  type ValidateOptions,
  type ValidationIssue,
  type ValidationResult,
  type Validator,
} from "./validate.js";
export { openapiDocument };

// ---------------------------------------------------------------------------------------------------
// Convenience aliases for the main schemas.

export type Schemas = components["schemas"];
export type OperationId = keyof operations & string;

export type Problem = Schemas["Problem"];
export type ProblemFieldError = Schemas["ProblemFieldError"];
export type ProblemTypeUri = Schemas["ProblemType"];
export type NextCursor = Schemas["NextCursor"];
export type DataCategory = Schemas["DataCategory"];
export type LegalBasis = Schemas["LegalBasis"];
export type Role = Schemas["Role"];
export type SubjectRef = Schemas["SubjectRef"];
export type DataLocation = Schemas["DataLocation"];
export type Actor = Schemas["Actor"];
export type Money = Schemas["Money"];

export type Tenant = Schemas["Tenant"];
export type TenantCreate = Schemas["TenantCreate"];
export type TenantSignUp = Schemas["TenantSignUp"];
export type Subscription = Schemas["Subscription"];
export type User = Schemas["User"];
export type UserCreate = Schemas["UserCreate"];
export type Session = Schemas["Session"];
export type SessionWithToken = Schemas["SessionWithToken"];
export type CurrentSession = Schemas["CurrentSession"];
export type SessionCreate = Schemas["SessionCreate"];
export type SessionChallenge = Schemas["SessionChallenge"];
export type PasskeySignIn = Schemas["PasskeySignIn"];
export type SsoSignIn = Schemas["SsoSignIn"];
export type Passkey = Schemas["Passkey"];
export type PasskeyCreate = Schemas["PasskeyCreate"];
export type SsoConfiguration = Schemas["SsoConfiguration"];

export type Contact = Schemas["Contact"];
export type ContactCreate = Schemas["ContactCreate"];
export type ContactUpdate = Schemas["ContactUpdate"];
export type CrmObject = Schemas["CrmObject"];
export type CrmObjectCreate = Schemas["CrmObjectCreate"];
export type Message = Schemas["Message"];
export type MessageCreate = Schemas["MessageCreate"];
export type Call = Schemas["Call"];
export type MarketingMessage = Schemas["MarketingMessage"];
export type MarketingMessageCreate = Schemas["MarketingMessageCreate"];
export type Integration = Schemas["Integration"];
export type IntegrationCreate = Schemas["IntegrationCreate"];
export type IntegrationRecord = Schemas["IntegrationRecord"];
export type SyncRun = Schemas["SyncRun"];
export type TelemetryEvent = Schemas["TelemetryEvent"];
export type TelemetryEventCreate = Schemas["TelemetryEventCreate"];
export type TelemetryAggregate = Schemas["TelemetryAggregate"];
export type BillingAccount = Schemas["BillingAccount"];
export type Invoice = Schemas["Invoice"];

export type RightsRequest = Schemas["RightsRequest"];
export type RightsRequestKind = Schemas["RightsRequestKind"];
export type RightsRequestStatus = Schemas["RightsRequestStatus"];
export type RightsRequestCreate = Schemas["RightsRequestCreate"];
export type ContactRightsRequestCreate = Schemas["ContactRightsRequestCreate"];
export type RightsRequestResult = Schemas["RightsRequestResult"];
export type RightsRequestExtension = Schemas["RightsRequestExtension"];
export type Export = Schemas["Export"];
export type ExportCreate = Schemas["ExportCreate"];
export type ExportDocument = Schemas["ExportDocument"];
export type ExportRecord = Schemas["ExportRecord"];
export type Deletion = Schemas["Deletion"];
export type DeletionCreate = Schemas["DeletionCreate"];
export type ErasureReceipt = Schemas["ErasureReceipt"];
export type MinorReport = Schemas["MinorReport"];
export type AuditEntry = Schemas["AuditEntry"];
export type AuditHead = Schemas["AuditHead"];
export type RetentionSchedule = Schemas["RetentionSchedule"];
export type RetentionRule = Schemas["RetentionRule"];
export type Subprocessor = Schemas["Subprocessor"];
export type Notice = Schemas["Notice"];
export type Banner = Schemas["Banner"];
export type AiFeature = Schemas["AiFeature"];
export type AiSettings = Schemas["AiSettings"];
export type AiRun = Schemas["AiRun"];
export type AiScore = Schemas["AiScore"];
export type AiProposal = Schemas["AiProposal"];
export type CallbackEndpoint = Schemas["CallbackEndpoint"];
export type CallbackEndpointCreate = Schemas["CallbackEndpointCreate"];
export type CallbackEventType = Schemas["CallbackEventType"];
export type Incident = Schemas["Incident"];
export type PolicyNotice = Schemas["PolicyNotice"];
export type TestClock = Schemas["TestClock"];
export type TestClockFailure = Schemas["TestClockFailure"];
export type TenantInventory = Schemas["TenantInventory"];
export type InventoryHolding = Schemas["InventoryHolding"];
export type SubjectInventory = Schemas["SubjectInventory"];
export type Meta = Schemas["Meta"];
export type ImplementationLimits = Schemas["ImplementationLimits"];
export type Attestation = Schemas["Attestation"];
export type AttestationPut = Schemas["AttestationPut"];
export type PublicRightsRequestCreate = Schemas["PublicRightsRequestCreate"];
export type PublicRightsRequestFiled = Schemas["PublicRightsRequestFiled"];
export type CallbackDelivery = Schemas["CallbackDelivery"];
export type CallbackSecretRotate = Schemas["CallbackSecretRotate"];
export type SuppressedIdentifiers = Schemas["SuppressedIdentifiers"];

// ---------------------------------------------------------------------------------------------------
// Facts derived from the document at load time.

export const problemTypeBase = "https://crmfactory.ai/problems/";

/** `validation-failed`, `not-found`, ...: the slug of each problem type of the catalogue. */
export type ProblemSlug = ProblemTypeUri extends `${typeof problemTypeBase}${infer Slug}` ? Slug : never;

/** The problem catalogue (`x-problem-types`), by slug. */
export const problemTypes = Object.freeze(
  Object.fromEntries(
    openapiDocument["x-problem-types"].map((entry) => [entry.slug, Object.freeze({ ...entry })]),
  ),
) as Readonly<Record<ProblemSlug, Readonly<ProblemTypeEntry>>>;

/** Header names the contract defines. */
export const headerNames = Object.freeze({
  requestId: "X-Request-Id",
  idempotencyKey: "Idempotency-Key",
  idempotentReplayed: "Idempotent-Replayed",
  rotatedToken: "CRMFactory-Rotated-Token",
  testClock: "CRMFactory-Test-Clock",
  retryAfter: "Retry-After",
  callbackSignature: "CRMFactory-Signature",
  callbackEventId: "CRMFactory-Event-Id",
});

/** `prevHash` of the first audit entry: 64 zeros (see `AuditEntry`). */
export const auditGenesisHash = "0".repeat(64);
