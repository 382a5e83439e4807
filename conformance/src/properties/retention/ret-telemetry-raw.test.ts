import { describePropertyChecks } from "../../test-support/property-checks.js";
import { retTelemetryRaw } from "./ret-telemetry-raw.js";

describePropertyChecks(retTelemetryRaw, { seeds: [11, 12], numRuns: 2 });
