import { describePropertyChecks } from "../../test-support/property-checks.js";
import { retBilling } from "./ret-billing.js";

describePropertyChecks(retBilling, { seeds: [11, 12], numRuns: 2 });
