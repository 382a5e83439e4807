import type { GuaranteeProperty } from "../../harness/property.js";
import { retBilling } from "./ret-billing.js";
import { retIntegration } from "./ret-integration.js";
import { retSecurity } from "./ret-security.js";
import { retTelemetryAgg } from "./ret-telemetry-agg.js";
import { retTelemetryRaw } from "./ret-telemetry-raw.js";

/** The properties of the retention guarantees (RET-*), in the order GUARANTEES.md lists them. */
export const retentionProperties: readonly GuaranteeProperty[] = [
  retIntegration,
  retTelemetryRaw,
  retTelemetryAgg,
  retBilling,
  retSecurity,
];
