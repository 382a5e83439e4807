import { describe, expect, it } from "vitest";
import { bootReference, drivers, signUp } from "../test-support/boot.js";

describe.each(drivers)("the schema pool on %s", (driver) => {
  it("signs tenants up once the pool is empty, migrating a schema in the sign-up's own transaction", async () => {
    const reference = await bootReference(driver, { schemaPoolSize: 0 });
    await reference.platform.database.ownerTransaction((tx) => tx.query("DELETE FROM catalog.schema_pool"));
    const { tenant, client } = await signUp(reference);
    expect((await client.tenant.get()).id).toBe(tenant.id);
    const [row] = await reference.platform.database.transaction((tx) =>
      tx.query<{ schema_name: string }>("SELECT schema_name FROM catalog.tenants WHERE id = $1", [tenant.id]),
    );
    const applied = await reference.platform.database.ownerTransaction((tx) =>
      tx.query<{ id: string }>(`SELECT id FROM "${row!.schema_name}".schema_migrations ORDER BY id`),
    );
    expect(applied.map((m) => m.id)).toContain("platform/002-audit-trail");
    // The application role is back in force for the rest of the request: the trail stayed append-only.
    await expect(
      reference.platform.database.transaction((tx) =>
        tx.query(`DELETE FROM "${row!.schema_name}".audit_entries`),
      ),
    ).rejects.toThrow(/permission denied|refused/);
  });

  it("keeps the pool filled to its size, and hands out each schema once", async () => {
    const reference = await bootReference(driver, { schemaPoolSize: 3 });
    await reference.platform.schemas.fillPool();
    const count = async () =>
      (
        await reference.platform.database.ownerTransaction((tx) =>
          tx.query<{ count: number }>("SELECT count(*)::int AS count FROM catalog.schema_pool"),
        )
      )[0]!.count;
    expect(await count()).toBeGreaterThanOrEqual(3);
    const a = await signUp(reference);
    const b = await signUp(reference);
    const schemas = await reference.platform.database.transaction((tx) =>
      tx.query<{ schema_name: string }>(
        "SELECT schema_name FROM catalog.tenants WHERE id = ANY($1::uuid[])",
        [[a.tenant.id, b.tenant.id]],
      ),
    );
    expect(new Set(schemas.map((s) => s.schema_name)).size).toBe(2);
    await reference.platform.schemas.fillPool();
    expect(await count()).toBeGreaterThanOrEqual(3);
  });
});
