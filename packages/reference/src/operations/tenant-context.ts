import { problem } from "../platform/problem.js";
import type { TenantRecord } from "../platform/tenant-records.js";
import type { OperationContext } from "./operation-group.js";

/** The caller's tenant; the pipeline has authenticated a tenant caller by now, so its absence is a bug. */
export function requireTenant(context: Pick<OperationContext, "tenant">): TenantRecord {
  if (!context.tenant) throw problem("internal", "The operation ran without a tenant.");
  return context.tenant;
}
