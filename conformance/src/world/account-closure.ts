import type { ResponseBody } from "@crmfactory/sdk";
import type { PropertyContext } from "../harness/property.js";
import type { ClockedTenant } from "./clocked-tenant.js";

/** How an account leaves `active`: either event starts the export window (whichever comes first). */
export type ClosureVia = "close" | "end-subscription";

export type ExportDocument = ResponseBody<"getExportDocument">;

/**
 * Closes the account or ends its subscription, and answers the instant it happened on the tenant's
 * clock (frozen, so the suite's own `now()`): the anchor the model counts every window from.
 */
export async function endAccount(tenant: ClockedTenant, via: ClosureVia): Promise<Date> {
  if (via === "close") {
    const current = await tenant.owner.tenant.get();
    await tenant.owner.tenant.close({ confirmCompanyName: current.companyName });
  } else {
    await tenant.owner.tenant.endSubscription();
  }
  return tenant.now();
}

/** Undoes `endAccount` inside the window: reopening a closed account, or resubscribing. */
export async function resumeAccount(tenant: ClockedTenant, via: ClosureVia): Promise<void> {
  if (via === "close") await tenant.owner.tenant.reopen();
  else await tenant.owner.tenant.startSubscription({ plan: "starter" });
}

/**
 * Runs every job already due on the tenant's clock without moving it: an advance to the clock's own
 * time (allowed: a clock only refuses to move back), which waits for the jobs as any advance does.
 */
export async function runDueJobs(context: PropertyContext, tenant: ClockedTenant): Promise<void> {
  await context.target
    .operator()
    .testClocks.advanceAndWait(
      tenant.clockId,
      { frozenTime: tenant.now().toISOString() },
      { waitTimeoutMs: context.advanceTimeoutMs, pollIntervalMs: 20 },
    );
}

/**
 * A whole-tenant export made and downloaded at the clock's current instant (the export job runs
 * without the clock moving): what the account holds, by value, as the policy's export promises it.
 */
export async function exportTenantNow(
  context: PropertyContext,
  tenant: ClockedTenant,
  client = tenant.owner,
): Promise<ExportDocument> {
  const started = await client.exports.create({ scope: { type: "tenant" } });
  await runDueJobs(context, tenant);
  const view = await client.exports.get(started.id);
  if (view.status !== "ready") throw new Error(`the export ${started.id} is ${view.status}, not ready`);
  return client.exports.getDocument(started.id);
}

/** The records of one category of an export document (empty when the category is absent). */
export function exportedRecords(document: ExportDocument, category: string): Record<string, unknown>[] {
  const categories = (document as { categories?: Record<string, unknown> }).categories ?? {};
  const records = categories[category];
  return Array.isArray(records) ? (records as Record<string, unknown>[]) : [];
}
