import { describePropertyChecks } from "../../test-support/property-checks.js";
import { retSecurity } from "./ret-security.js";

describePropertyChecks(retSecurity, { seeds: [11, 12], numRuns: 2 });
