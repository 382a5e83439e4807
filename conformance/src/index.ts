// @crmfactory/conformance: the privacy conformance suite. The `privacy-conformance` command is the usual
// entry; these exports run it from code and let other packages define targets and properties.
export type { CliIo, OutputStream } from "./cli/cli-io.js";
export { runCli } from "./cli/run-cli.js";
export type { RecordedCall } from "./harness/call-log.js";
export {
  type CheckOptions,
  type Counterexample,
  checkProperty,
  type PropertyOutcome,
} from "./harness/check-property.js";
export {
  defineProperty,
  type GuaranteeProperty,
  type PropertyContext,
  type TargetSession,
} from "./harness/property.js";
export {
  type InProcessSessionOptions,
  type SuiteSession,
  startInProcessSession,
} from "./harness/suite-session.js";
export type { DatabaseProbe, InProcessTarget, TargetEnvironment, TargetFactory } from "./harness/target.js";
export { expectGuarantee, GuaranteeViolation } from "./harness/violation.js";
export { properties } from "./properties/index.js";
export { junitXml } from "./report/junit-xml.js";
export { reportMarkdown } from "./report/report-markdown.js";
export { writeReports } from "./report/write-reports.js";
export { exitCodeOf, type RunSuiteOptions, runSuite } from "./run/run-suite.js";
export { SuiteRefusedError } from "./run/suite-refused.js";
export type {
  GuaranteeReport,
  GuaranteeStatus,
  PropertyReport,
  SuiteReport,
  TargetReport,
} from "./run/suite-report.js";
