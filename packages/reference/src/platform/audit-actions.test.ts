import { operationPermissions } from "@crmfactory/api";
import { verifyAuditChain, verifyAuditTrail } from "@crmfactory/sdk/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { operationGroups } from "../operations/index.js";
import { baseUrl, drivers } from "../test-support/boot.js";
import { tenantSql } from "../test-support/data-plane.js";
import { createFixtureWorld, type FixtureWorld } from "../test-support/fixture-world.js";
import { operationFixtures, requestOf } from "../test-support/operation-fixtures.js";
import { type AuditEntry, auditEntryFromRow } from "./audit-trail.js";

// Every served operation the contract marks with `x-audit-action`, enumerated from the contract (so a
// newly served audited operation is covered without editing this file), is performed once through the
// API: exactly one entry is appended, with that action, the caller as actor and the resource as target,
// and the hash chain still verifies with the SDK's verifier.

const served = new Set(operationGroups.flatMap((group) => Object.keys(group.operations)));
const audited = Object.values(operationPermissions).filter(
  (op) => op.auditAction !== null && served.has(op.operationId),
);

async function trail(world: FixtureWorld, tenantId: string): Promise<AuditEntry[]> {
  const rows = await tenantSql<Parameters<typeof auditEntryFromRow>[0]>(
    world.reference,
    tenantId,
    "SELECT * FROM audit_entries ORDER BY sequence",
  );
  return rows.map(auditEntryFromRow);
}

describe("the audited operations", () => {
  it("include the administrator actions the policy's audit trail names, each served", () => {
    const actions = audited.map((op) => op.auditAction);
    for (const action of [
      "tenant.closed",
      "tenant.reopened",
      "subscription.started",
      "subscription.ended",
      "session.rotated",
      "session.revoked",
      "integration.disconnected",
      "callback-endpoint.deleted",
      "callback-endpoint.secret-rotated",
      "callback.redelivered",
    ]) {
      expect(actions, action).toContain(action);
    }
  });
});

describe.each(drivers)("each audited operation appends exactly one entry on %s", (driver) => {
  let world: FixtureWorld;
  beforeAll(async () => {
    world = await createFixtureWorld(driver);
  });

  it.each(audited.map((op) => [op.operationId, op.auditAction] as const))(
    "%s appends one %s entry, chained",
    async (operationId, action) => {
      const fixture = operationFixtures[operationId];
      expect(fixture, `${operationId} is audited and served, but no fixture drives it`).toBeDefined();
      const valid = await (fixture as NonNullable<typeof fixture>)(world);
      expect(valid.audit, `${operationId}: its fixture names no expected audit entry`).toBeDefined();
      const before = valid.tenantId ? await trail(world, valid.tenantId) : [];

      const response = await world.reference.checkedFetch(requestOf(operationId, valid));
      const text = await response.text();
      expect(response.status, `${operationId}: ${text}`).toBeLessThan(300);
      const answer =
        text && response.headers.get("content-type") === "application/json" ? JSON.parse(text) : undefined;
      const expected = valid.audit?.(answer);
      const tenantId = expected?.tenantId ?? valid.tenantId;
      expect(tenantId, `${operationId}: whose trail`).toBeTruthy();
      const after = await trail(world, tenantId as string);

      expect(after.slice(0, before.length), `${operationId} changed earlier entries`).toEqual(before);
      const appended = after.slice(before.length);
      expect(
        appended.map((entry) => entry.action),
        `${operationId} must append exactly one entry`,
      ).toEqual([action]);
      expect(appended[0]?.actor, `${operationId}: actor`).toEqual(expected?.actor);
      expect(appended[0]?.target, `${operationId}: target`).toEqual(expected?.target);
      const last = after[after.length - 1] as AuditEntry;
      expect(await verifyAuditChain(after, { head: last }), `${operationId}: chain`).toMatchObject({
        valid: true,
        checked: after.length,
      });

      // Through the API too, as an auditor reads it, with a session of the tenant that still works.
      const tokens = [answer?.session?.token, answer?.token, valid.token, world.a.token, world.b.token];
      for (const token of tokens) {
        if (typeof token !== "string") continue;
        const call = (path: string) =>
          world.reference.fetch(
            new Request(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } }),
          );
        const tenant = await call("/tenant");
        if (tenant.status !== 200 || ((await tenant.json()) as { id: string }).id !== tenantId) continue;
        // An export-only account may not read its trail through the API; the SQL check above stands.
        if ((await call("/audit-trail/head")).status !== 200) break;
        expect(await verifyAuditTrail(world.reference.client(token).audit), operationId).toMatchObject({
          valid: true,
          checked: after.length,
        });
        break;
      }
    },
  );
});
