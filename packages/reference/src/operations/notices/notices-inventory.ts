import type { Holding, InventorySource } from "../../platform/inventory.js";
import { incidentRule } from "../../privacy/incident-retention.js";

/**
 * What the notices group holds for a tenant: its notices (banners and recipients included) under the
 * account rule, purged with the account's data; and its security incident records, in the catalogue,
 * under their own rule (RET-SECURITY), which neither erasure nor the account's purge reaches. A policy
 * without such a rule cannot say how long records it holds are kept: the inventory refuses to guess.
 */
export const noticesInventory: InventorySource = async ({ tx, tenant, policy }) => {
  const notices = await tx.query<{ id: string }>("SELECT id FROM notices ORDER BY published_at, id");
  const linked = await tx.query<{ incident_id: string }>(
    "SELECT incident_id FROM catalog.incident_tenants WHERE tenant_id = $1 ORDER BY incident_id",
    [tenant.id],
  );
  const holdings: Holding[] = [];
  if (notices.length > 0) {
    const account = Object.entries(policy.retention).find(([, rule]) => rule.category === "account");
    if (!account) throw new Error("the enforced policy has no retention rule for account data");
    holdings.push({
      rule: account[0],
      location: { type: "platform" },
      recordType: "notice",
      records: notices.map((n) => ({ id: n.id })),
    });
  }
  if (linked.length > 0) {
    const incidents = incidentRule(policy);
    if (!incidents)
      throw new Error("the enforced policy has no retention rule for security incident records");
    holdings.push({
      rule: incidents.name,
      location: { type: "platform" },
      recordType: "incident",
      records: linked.map((l) => ({ id: l.incident_id })),
    });
  }
  return holdings;
};
