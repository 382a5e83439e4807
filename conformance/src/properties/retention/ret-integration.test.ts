import { describePropertyChecks } from "../../test-support/property-checks.js";
import { retIntegration } from "./ret-integration.js";

describePropertyChecks(retIntegration, { seeds: [11, 12], numRuns: 2 });
