import type { TestReference } from "./boot.js";
import { tenantSql } from "./data-plane.js";

/**
 * Makes every `event` (`INSERT`, `UPDATE`, `UPDATE OF <column>`) on one of the tenant's tables fail, as a crash or a lost
 * connection would after a handler's vendor call: the request's transaction rolls back. Answers a
 * function that removes the trigger again.
 */
export async function failWritesTo(
  reference: TestReference,
  tenantId: string,
  table: string,
  event: "INSERT" | "UPDATE" | `UPDATE OF ${string}`,
): Promise<() => Promise<void>> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  if (!/^(INSERT|UPDATE|UPDATE OF [a-z_]+)$/.test(event)) throw new Error(`not a trigger event: ${event}`);
  const sql = (text: string) => tenantSql(reference, tenantId, text);
  await sql(`CREATE FUNCTION forced_failure() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'forced failure after the vendor call'; END $$`);
  await sql(`CREATE TRIGGER forced_failure BEFORE ${event} ON ${table}
    FOR EACH ROW EXECUTE FUNCTION forced_failure()`);
  return async () => {
    await sql(`DROP TRIGGER forced_failure ON ${table}`);
    await sql("DROP FUNCTION forced_failure()");
  };
}
