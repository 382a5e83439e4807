// @crmfactory/reference: the reference implementation of the CRM Factory privacy API.
export {
  createReference,
  type DatabaseOption,
  type Reference,
  type ReferenceOptions,
} from "./create-reference.js";
export type { Database, Queryable, TransactionOptions } from "./database/database.js";
export type { Migration } from "./database/migrate.js";
export { createPgDatabase, type PgDatabaseOptions } from "./database/pg-database.js";
export { createPgliteDatabase, type PgliteDatabaseOptions } from "./database/pglite-database.js";
export { defaultLimits, type ImplementationLimits } from "./limits.js";
export { operationGroups } from "./operations/index.js";
export { defaultNotifier, type Notifier } from "./operations/notices/notifier.js";
export type {
  Caller,
  OperationContext,
  OperationGroup,
  OperationHandler,
  OperationResult,
  OutboundFetch,
  Platform,
} from "./operations/operation-group.js";
export type { Clock } from "./platform/clock.js";
export type { JobContext, JobHandler, JobRecord, ScheduleJob } from "./platform/jobs.js";
export { createLogger, type Logger, type LoggerOptions } from "./platform/logger.js";
export { ProblemError, problem } from "./platform/problem.js";
