// @crmfactory/sdk: the typed client of the CRM Factory privacy API. Runs wherever `fetch` and Web
// Crypto exist (Node 20+, browsers, edge runtimes); imports nothing from Node.

export {
  AUDIT_GENESIS_HASH,
  type AuditChainFailure,
  type AuditChainPoint,
  type AuditChainResult,
  computeAuditEntryHash,
  type VerifyAuditChainOptions,
  verifyAuditChain,
} from "./audit-chain.js";
export {
  CALLBACK_SIGNATURE_HEADER,
  type CallbackEvent,
  type CallbackEventType,
  type CallbackPayload,
  CallbackSignatureError,
  type CallbackSignatureFailure,
  type CallbackTime,
  DEFAULT_CALLBACK_TOLERANCE_SECONDS,
  generateTestCallbackHeader,
  type SignCallbackOptions,
  signCallbackPayload,
  type TestCallbackHeaderOptions,
  type VerifiedCallback,
  type VerifyCallbackOptions,
  verifyCallbackSignature,
} from "./callbacks.js";
export { canonicalJson } from "./canonical-json.js";
export { createPrivacyClient, PrivacyClient, type PrivacyClientOptions } from "./client.js";
export {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  errorFromResponse,
  GoneError,
  IdempotencyKeyReusedError,
  NotFoundError,
  PermissionError,
  PROBLEM_TYPE_PREFIX,
  PrivacyApiError,
  type PrivacyApiErrorInit,
  PrivacyError,
  type ProblemDetails,
  type ProblemFieldError,
  ProblemTypes,
  problemType,
  RateLimitError,
  readErrorResponse,
  ServerError,
  TimeoutError,
  ValidationError,
  VerificationFailedError,
} from "./errors.js";
export { createIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from "./idempotency.js";
export type {
  ListParams,
  OperationId,
  PathParams,
  QueryParams,
  RequestBody,
  ResponseBody,
} from "./operation-types.js";
export {
  MAX_TO_ARRAY_LIMIT,
  type Page,
  type PageFetcher,
  type PageItem,
  PaginationError,
  Paginator,
  paginate,
} from "./pagination.js";
export type { Ai } from "./resources/ai.js";
export type { Audit, VerifyChainOptions } from "./resources/audit.js";
export type { Banners } from "./resources/banners.js";
export type { Billing } from "./resources/billing.js";
export type { CallbackEndpoints } from "./resources/callback-endpoints.js";
export type { Calls } from "./resources/calls.js";
export type { Contacts } from "./resources/contacts.js";
export type { CrmObjects } from "./resources/crm-objects.js";
export type { Deletions } from "./resources/deletions.js";
export type { ErasureReceipts } from "./resources/erasure-receipts.js";
export type { Exports } from "./resources/exports.js";
export type { Incidents } from "./resources/incidents.js";
export type { Integrations } from "./resources/integrations.js";
export type { Invoices } from "./resources/invoices.js";
export type { MarketingMessages } from "./resources/marketing-messages.js";
export type { Messages } from "./resources/messages.js";
export type { MinorReports } from "./resources/minor-reports.js";
export type { Notices } from "./resources/notices.js";
export type { Passkeys } from "./resources/passkeys.js";
export type { PolicyNotices } from "./resources/policy-notices.js";
export type { RawClient } from "./resources/resource.js";
export type { Retention } from "./resources/retention.js";
export type { RightsRequests } from "./resources/rights-requests.js";
export type { Sessions } from "./resources/sessions.js";
export type { Subprocessors } from "./resources/subprocessors.js";
export type { Telemetry } from "./resources/telemetry.js";
export type { TenantResource } from "./resources/tenant.js";
export type { AdvanceAndWaitOptions, TestClocks } from "./resources/test-clocks.js";
export type { ProfilePhotoType, Users } from "./resources/users.js";
export { isRetryableStatus } from "./retry.js";
export {
  createTransport,
  DEFAULT_TIMEOUT_MS,
  type FetchLike,
  type RequestOptions,
  type Transport,
  type TransportOptions,
} from "./transport.js";
export { VERSION } from "./version.js";
