import type { Policy } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import { findRule } from "./retention-clock.js";
import type { ClosureTarget } from "./retention-targets.js";

/** The enforced policy's rule for security incident records (RET-SECURITY), by name or by what it keeps. */
export function incidentRule(policy: Policy) {
  return findRule(
    policy,
    "security-incidents",
    (rule) => rule.hold !== undefined && /incident/i.test(rule.records),
  );
}

/** Whether the notices group's catalogue tables are in this composition (a subset of `groups`). */
async function served(tx: Queryable): Promise<boolean> {
  const [row] = await tx.query<{ found: boolean }>(
    "SELECT to_regclass('catalog.incident_tenants') IS NOT NULL AS found",
  );
  return row?.found === true;
}

/**
 * §4 and §11 (RET-SECURITY): a tenant's security incident records live in the catalogue, out of reach of
 * erasure and of the account's purge, and go only at their own rule's deadline from the closure events.
 * Then the tenant's link to each incident goes, and an incident no remaining tenant is linked to goes
 * with it.
 */
export const securityIncidents: ClosureTarget = {
  kind: "closure",
  name: "security-incidents",
  rule: incidentRule,
  remains: async (tx, tenant) => {
    if (!(await served(tx))) return false;
    const [row] = await tx.query<{ found: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM catalog.incident_tenants WHERE tenant_id = $1) AS found",
      [tenant.id],
    );
    return row?.found === true;
  },
  purge: ({ inTenant, tenant }) =>
    inTenant(async (tx) => {
      const removed = await tx.query<{ incident_id: string }>(
        "DELETE FROM catalog.incident_tenants WHERE tenant_id = $1 RETURNING incident_id",
        [tenant.id],
      );
      await tx.query(
        `DELETE FROM catalog.incidents i WHERE i.id = ANY($1::uuid[])
           AND NOT EXISTS (SELECT 1 FROM catalog.incident_tenants a WHERE a.incident_id = i.id)`,
        [removed.map((r) => r.incident_id)],
      );
    }),
};
