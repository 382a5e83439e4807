export { roleAllows, rolesAllowed } from "./access-control.js";
export { canonicalJson } from "./canonical-json.js";
export { type CrmFactoryPermission, permissions } from "./crm-factory/permissions.js";
export { crmFactoryPolicy, crmFactoryPolicySource } from "./crm-factory/policy.js";
export {
  type AnchorEvent,
  type AnchorTimes,
  anchorEvent,
  anchorTime,
  availableUntil,
  type ClockAnchor,
  deadline,
  InconsistentRetentionClockError,
  isDue,
  isLate,
  mustBeAvailable,
  type PurgeWindow,
  purgeWindow,
  type RetentionClock,
  requestDueAt,
} from "./deadlines.js";
export { definePolicy, loadPolicy, type PolicyIssue, PolicyValidationError } from "./define-policy.js";
export {
  addDuration,
  compareDurations,
  type Duration,
  DurationSyntaxError,
  formatDuration,
  isDurationString,
  parseDuration,
  subtractDuration,
  sumDurations,
} from "./duration.js";
export {
  type DurationDifferenceRange,
  type DurationSequence,
  describeSpan,
  durationDifferenceRange,
} from "./duration-range.js";
export { findNumbers } from "./find-numbers.js";
export {
  type GuaranteeEntry,
  guaranteeCatalogue,
  guaranteeParameters,
  guaranteesByMethod,
} from "./guarantee-catalogue.js";
export { humanizeDuration } from "./humanize-duration.js";
export { resolvePointer } from "./pointer.js";
export { policyHash } from "./policy-hash.js";
export type {
  Category,
  Guarantee,
  GuaranteeMethod,
  Policy,
  PolicyInput,
  Resolved,
  RetentionRule,
  RightKind,
  Role,
  SubjectLink,
  Subprocessor,
  VendorEndpoint,
  VendorProfile,
} from "./policy-schema.js";
export { policyJsonSchema, policySchema } from "./policy-schema.js";
export { type RenderOptions, renderGuaranteeCatalogue, renderRetentionSchedule } from "./render-text.js";
export { type DurationReference, findDurationReferences } from "./resolve-references.js";
export { type RetentionScheduleEntry, retentionSchedule } from "./retention-schedule.js";
export { type CliIo, type CliResult, runCli } from "./run-cli.js";
export type { DurationRef } from "./schema-parts.js";
export { endpointRoute, hostMatches, isHostAllowed } from "./vendor-schema.js";
