import { describePropertyChecks } from "../../test-support/property-checks.js";
import { retTelemetryAgg } from "./ret-telemetry-agg.js";

describePropertyChecks(retTelemetryAgg, { seeds: [11, 12], numRuns: 2 });
