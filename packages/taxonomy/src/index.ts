export { roleAllows, rolesAllowed } from "./access-control.js";
export { type CrmFactoryPermission, permissions } from "./crm-factory/permissions.js";
export { crmFactoryPolicy } from "./crm-factory/policy.js";
export {
  type AnchorEvent,
  type AnchorTimes,
  anchorTime,
  availableUntil,
  deadline,
  isDue,
  purgeWindow,
  type RetentionClock,
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
  type GuaranteeEntry,
  guaranteeCatalogue,
  guaranteeParameters,
  guaranteesByMethod,
} from "./guarantee-catalogue.js";
export { humanizeDuration } from "./humanize-duration.js";
export { resolvePointer } from "./pointer.js";
export type {
  Category,
  Guarantee,
  GuaranteeMethod,
  Policy,
  PolicyInput,
  RetentionRule,
  RightKind,
  Role,
  Subprocessor,
} from "./policy-schema.js";
export { policyJsonSchema, policySchema } from "./policy-schema.js";
export { renderGuaranteeCatalogue, renderRetentionSchedule } from "./render-text.js";
export { type RetentionScheduleEntry, retentionSchedule } from "./retention-schedule.js";
