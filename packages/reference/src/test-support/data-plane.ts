import { baseUrl, type TestReference } from "./boot.js";

/** A raw call as the holder of `token`, every response checked against the contract. */
export function callAs(reference: TestReference, token: string) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    reference.checkedFetch(
      new Request(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
    );
}

/** Runs `sql` in the tenant's schema as the database owner, for assertions on what was stored. */
export async function tenantSql<Row = Record<string, unknown>>(
  reference: TestReference,
  tenantId: string,
  sql: string,
  values: unknown[] = [],
): Promise<Row[]> {
  return reference.platform.database.ownerTransaction(async (tx) => {
    const [tenant] = await tx.query<{ schema_name: string }>(
      "SELECT schema_name FROM catalog.tenants WHERE id = $1",
      [tenantId],
    );
    if (!tenant) throw new Error("no such tenant");
    await tx.query(`SET LOCAL search_path TO "${tenant.schema_name}", catalog`);
    return tx.query<Row>(sql, values);
  });
}
