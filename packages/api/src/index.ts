// @crmfactory/api: the CRM Factory privacy API contract (openapi.yaml), its generated TypeScript types,
// the parsed document, the permission of every operation, the problem catalogue and a validator.
import type { HttpMethod, OperationObject, ProblemTypeEntry } from "./document-types.js";
import { httpMethods } from "./document-types.js";
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

export type UppercaseHttpMethod = Uppercase<HttpMethod>;

/** What the contract says about one operation's access. */
export interface OperationPermission {
  operationId: OperationId;
  /** The one permission of `@crmfactory/taxonomy` the operation needs (`x-permission`). */
  permission: string;
  method: UppercaseHttpMethod;
  /** The path template, relative to the server URL (`/rights-requests/{requestId}`). */
  path: string;
  /** `false` for the few public operations (sign-up, sign-in), which say why in `x-unauthenticated-reason`. */
  authenticated: boolean;
  /** The operation works while the account is export-only (`x-export-only`). */
  exportOnly: boolean;
  /** The operation exists only in test mode (`x-test-mode-only`). */
  testModeOnly: boolean;
}

function deriveOperationPermissions(): Readonly<Record<OperationId, Readonly<OperationPermission>>> {
  const out: Record<string, Readonly<OperationPermission>> = {};
  for (const [path, item] of Object.entries(openapiDocument.paths)) {
    for (const method of httpMethods) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      const permission = operation["x-permission"];
      if (typeof permission !== "string") throw new Error(`${operation.operationId} has no x-permission`);
      out[operation.operationId] = Object.freeze({
        operationId: operation.operationId as OperationId,
        permission,
        method: method.toUpperCase() as UppercaseHttpMethod,
        path,
        authenticated: !(Array.isArray(operation.security) && operation.security.length === 0),
        exportOnly: operation["x-export-only"] === true,
        testModeOnly: operation["x-test-mode-only"] === true,
      });
    }
  }
  return Object.freeze(out) as Readonly<Record<OperationId, Readonly<OperationPermission>>>;
}

/** operationId -> the permission it needs, its method and path (from `x-permission`). */
export const operationPermissions = deriveOperationPermissions();

/** Header names the contract defines. */
export const headerNames = Object.freeze({
  requestId: "X-Request-Id",
  idempotencyKey: "Idempotency-Key",
  idempotentReplayed: "Idempotent-Replayed",
  retryAfter: "Retry-After",
  callbackSignature: "CRMFactory-Signature",
  callbackEventId: "CRMFactory-Event-Id",
});

/** `prevHash` of the first audit entry: 64 zeros (see `AuditEntry`). */
export const auditGenesisHash = "0".repeat(64);
