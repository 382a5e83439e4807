// @crmfactory/sdk: the typed client of the CRM Factory privacy API. Runs wherever `fetch` and Web
// Crypto exist (Node 20+, browsers, edge runtimes); imports nothing from Node. Verifying status
// callbacks is the `@crmfactory/sdk/callbacks` entry, verifying the audit trail `@crmfactory/sdk/audit`.

export { ApiPromise, type WithResponse } from "./api-promise.js";

export type { CallbackEvent, CallbackEventType } from "./callback-types.js";
export { createPrivacyClient, PrivacyClient, type PrivacyClientOptions } from "./client.js";
export type { TransportOptions } from "./client-settings.js";
export {
  type ApiErrorClass,
  errorFromResponse,
  problemErrorClasses,
  problemType,
  readErrorResponse,
} from "./error-mapping.js";
export {
  AuthenticationError,
  BusinessRuleError,
  ConflictError,
  ConnectionError,
  ExportOnlyError,
  ExtensionNotAllowedError,
  GoneError,
  IdempotencyKeyReusedError,
  InternalServerError,
  InvalidResponseError,
  type InvalidResponseReason,
  LastOwnerError,
  NotFoundError,
  NoticePeriodTooShortError,
  PayloadTooLargeError,
  PermissionError,
  PrivacyApiError,
  type PrivacyApiErrorInit,
  PrivacyError,
  type ProblemDetails,
  type ProblemFieldError,
  type ProblemSlug,
  type ProblemType,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
  TestClockAdvancingError,
  TestClockFailedError,
  TimeoutError,
  UnderageError,
  type UnknownProblemType,
  UnsupportedMediaTypeError,
  UsageError,
  ValidationError,
  VerificationFailedError,
} from "./errors.js";
export { CONTRACT_VERSION } from "./generated/contract.js";
export type { components, operations, paths, webhooks } from "./generated/openapi.js";
export type { OperationMethods } from "./generated/operations.js";
export type {
  Ai,
  Attestations,
  Audit,
  Banners,
  Billing,
  CallbackEndpoints,
  Calls,
  ClientResources,
  Contacts,
  CrmObjects,
  Deletions,
  Discovery,
  ErasureReceipts,
  Exports,
  Incidents,
  Integrations,
  Invoices,
  MarketingMessages,
  Messages,
  MinorReports,
  Notices,
  Passkeys,
  PlatformRightsRequests,
  PolicyNotices,
  Retention,
  RightsRequests,
  Sessions,
  Subprocessors,
  Telemetry,
  TenantResource,
  TestClocks,
  Users,
} from "./generated/resources.js";
export { IDEMPOTENCY_KEY_HEADER } from "./idempotency.js";
export type { RawClient } from "./invoke.js";
export type {
  BinaryBody,
  ListParams,
  OperationId,
  PathParams,
  QueryParams,
  RequestBody,
  ResponseBody,
} from "./operation-types.js";
export {
  type Page,
  type PageFetcher,
  type PageItem,
  PaginationError,
  Paginator,
} from "./pagination.js";
export type { RequestOptions, RetryOptions } from "./request-options.js";
export type { AdvanceAndWaitOptions } from "./resources/test-clocks.js";
export { isRetryableStatus } from "./retry.js";
export type { AuditEntry, AuditHead, Schemas } from "./schemas.js";
export type { FetchLike } from "./send.js";
export { createTransport, type Transport } from "./transport.js";
export { VERSION } from "./version.js";
