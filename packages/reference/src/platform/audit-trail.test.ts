import { verifyAuditTrail } from "@crmfactory/sdk/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { quoteIdentifier } from "../database/identifiers.js";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { appendAuditEntry } from "./audit-trail.js";

describe.each(drivers)("the audit trail on %s", (driver) => {
  let reference: TestReference;
  beforeAll(async () => {
    reference = await bootReference(driver);
  });

  async function tenantWithEntries(count: number) {
    const signedUp = await signUp(reference);
    const schema = (
      await reference.platform.database.transaction((tx) =>
        tx.query<{ schema_name: string }>("SELECT schema_name FROM catalog.tenants WHERE id = $1", [
          signedUp.tenant.id,
        ]),
      )
    )[0]!.schema_name;
    for (let i = 0; i < count; i++) {
      await reference.platform.database.transaction(
        (tx) =>
          appendAuditEntry(tx, {
            at: new Date(Date.UTC(2026, 3, 1, 9, i)),
            actor: { type: "user", id: signedUp.owner.id },
            action: "user.updated",
            target: { type: "user", id: signedUp.owner.id },
          }),
        { searchPath: [schema, "catalog"] },
      );
    }
    return { ...signedUp, schema };
  }

  it("chains every entry as the contract specifies, checked by the SDK's verifier", async () => {
    const { client } = await tenantWithEntries(120);
    const head = await client.audit.head();
    expect(head.sequence).toBe(121); // the sign-up's tenant.created, then the 120 appended
    const verdict = await verifyAuditTrail(client.audit, { pageSize: 50 });
    expect(verdict).toMatchObject({ valid: true, checked: 121 });
    const first = await client.audit.list({ limit: 1 });
    expect(first.data[0]).toMatchObject({ sequence: 1, action: "tenant.created", prevHash: "0".repeat(64) });
  });

  it("refuses UPDATE, DELETE and TRUNCATE of entries from the application's connection, and disabling the trigger", async () => {
    const { schema, client } = await tenantWithEntries(1);
    const table = `${quoteIdentifier(schema)}.audit_entries`;
    const attempts = [
      `UPDATE ${table} SET action = 'user.deleted' WHERE sequence = 1`,
      `DELETE FROM ${table} WHERE sequence = 2`,
      `TRUNCATE ${table}`,
      `ALTER TABLE ${table} DISABLE TRIGGER audit_entries_append_only`,
    ];
    for (const statement of attempts) {
      await expect(
        reference.platform.database.transaction((tx) => tx.query(statement)),
        statement,
      ).rejects.toThrow(/permission denied|must be owner|refused/);
    }
    expect(await verifyAuditTrail(client.audit)).toMatchObject({ valid: true, checked: 2 });
  });

  it("refuses changes to entries even from the owner's connection, by the trigger", async () => {
    const { schema } = await tenantWithEntries(1);
    const table = `${quoteIdentifier(schema)}.audit_entries`;
    for (const statement of [
      `UPDATE ${table} SET action = 'user.deleted'`,
      `DELETE FROM ${table}`,
      `TRUNCATE ${table}`,
    ]) {
      await expect(reference.platform.database.ownerTransaction((tx) => tx.query(statement))).rejects.toThrow(
        /refused/,
      );
    }
  });

  it("lets the retention purge drop the whole trail at once", async () => {
    const { schema } = await tenantWithEntries(1);
    await reference.platform.database.ownerTransaction((tx) =>
      tx.query(`DROP TABLE ${quoteIdentifier(schema)}.audit_entries`),
    );
    const left = await reference.platform.database.ownerTransaction((tx) =>
      tx.query(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'audit_entries'",
        [schema],
      ),
    );
    expect(left).toEqual([]);
  });
});
