import type { Queryable } from "../../database/database.js";
import { findTenant, type TenantRecord } from "../../platform/tenant-records.js";
import type { RightsRequestSettlement } from "../../privacy/privacy-parts.js";
import type { GroupJobHandler } from "../operation-group.js";
import { expireRequestToken } from "./rights-filing.js";
import { complete } from "./rights-fulfilment.js";
import { lockRightsRequest } from "./rights-store.js";
import { closeUnverified } from "./rights-transitions.js";

/** Runs `fn` in the job's tenant's schema, at the job's due time; a tenant since purged has nothing left. */
async function inTenant(
  context: Parameters<GroupJobHandler>[0],
  fn: (tx: Queryable, tenant: TenantRecord) => Promise<void>,
): Promise<void> {
  const { job, database } = context;
  const tenant = job.tenantId
    ? await database.transaction((tx) => findTenant(tx, job.tenantId as string))
    : undefined;
  if (!tenant || tenant.status === "purged") return;
  await database.transaction((tx) => fn(tx, tenant), { searchPath: [tenant.schemaName, "catalog"] });
}

/** At the end of the verification window: a request still `verifying` is closed and its requester told. */
export const closeUnverifiedRequest: GroupJobHandler = (context) =>
  inTenant(context, async (tx, tenant) => {
    const row = await lockRightsRequest(tx, String(context.job.payload.rightsRequestId));
    if (!row) return;
    await closeUnverified({ tx, platform: context.platform, tenant, now: context.now }, row);
  });

/** Payload of `settleRightsRequestJob`, dates as ISO strings. */
type SettlementPayload =
  | { type: "export"; exportId: string; sha256: string; byteLength: number; expiresAt: string }
  | { type: "erasure"; receiptId: string };

/**
 * Settles a request once its export or erasure is done (scheduled by the exporter and the eraser): the
 * request is `completed` with what the contract's `RightsRequest.result` carries, and the callback goes
 * out. A request cancelled or denied meanwhile stays as it is.
 */
export const settleRightsRequest: GroupJobHandler = (context) =>
  inTenant(context, async (tx, tenant) => {
    const row = await lockRightsRequest(tx, String(context.job.payload.rightsRequestId));
    if (row?.status !== "in_progress") return;
    const settlement = context.job.payload.settlement as SettlementPayload | RightsRequestSettlement;
    const origin = { tx, platform: context.platform, tenant, now: context.now };
    if (settlement.type === "export") {
      const expiresAt = new Date(settlement.expiresAt);
      await complete(origin, row, {
        type: "export",
        exportId: settlement.exportId,
        sha256: settlement.sha256,
        byteLength: settlement.byteLength,
        expiresAt: expiresAt.toISOString(),
      });
      await expireRequestToken(tx, row.id, expiresAt);
    } else {
      await complete(origin, row, { type: "erasure", receiptId: settlement.receiptId });
    }
  });
