import type { ResponseBody } from "@crmfactory/sdk";
import type { PropertyContext } from "../harness/property.js";
import type { ClockedTenant } from "../world/clocked-tenant.js";

export type TenantInventory = ResponseBody<"getTestClockTenantInventory">;
export type InventoryHolding = TenantInventory["holdings"][number];

/** The tenant's inventory as of its clock's time: the implementation's own word (`self-reported`). */
export function tenantInventory(context: PropertyContext, tenant: ClockedTenant): Promise<TenantInventory> {
  return context.target.operator().testClocks.getTenantInventory(tenant.clockId, tenant.tenantId);
}

export interface HoldingFilter {
  readonly recordType: string;
  /** `platform`, or a subprocessor id (`stripe`, `twilio`, `resend`, `vercel-blob`...). Any when absent. */
  readonly location?: string;
  readonly rule?: string;
}

const locationOf = (holding: InventoryHolding) =>
  holding.location.type === "platform"
    ? "platform"
    : (holding.location as { subprocessorId: string }).subprocessorId;

/** The record ids the inventory lists for one record type (at one location, under one rule). */
export function heldRecordIds(inventory: TenantInventory, filter: HoldingFilter): Set<string> {
  const ids = new Set<string>();
  for (const holding of inventory.holdings) {
    if (holding.recordType !== filter.recordType) continue;
    if (filter.location && locationOf(holding) !== filter.location) continue;
    if (filter.rule && holding.rule !== filter.rule) continue;
    for (const id of holding.recordIds) ids.add(id);
  }
  return ids;
}

/** The holdings of one record type, for their windows (`availableUntil`, `purgeDueAt`, `lateAt`). */
export function holdingsOf(inventory: TenantInventory, filter: HoldingFilter): InventoryHolding[] {
  return inventory.holdings.filter(
    (holding) =>
      holding.recordType === filter.recordType &&
      (!filter.location || locationOf(holding) === filter.location) &&
      (!filter.rule || holding.rule === filter.rule),
  );
}
