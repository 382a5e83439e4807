import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl, bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";

// NOTICE-MINOR: a birth date under the policy's minimum age is refused at sign-up (and when a user is
// added) with the contract's `underage` problem, and nothing of it is stored: a probe reads every table
// of every schema for the submitted values. Ages count on the tenant's test clock, set years away from
// the wall clock so an age taken from the wall clock would answer otherwise.

const underage = "https://crmfactory.ai/problems/underage";
const clockTime = "2040-06-15T12:00:00.000Z";

/** `YYYY-MM-DD` of the clock's day `years` earlier, shifted by `days`. */
function birthDate(years: number, days = 0): string {
  const at = new Date(clockTime);
  at.setUTCFullYear(at.getUTCFullYear() - years);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

describe.each(drivers)("the minimum age on %s", (driver) => {
  let reference: TestReference;
  beforeAll(async () => {
    reference = await bootReference(driver);
  });
  const minimumAge = () => reference.platform.policy.notices.minimumAge;

  /** Tables of any schema (the catalogue, every tenant's, the pool's) holding `value` in any column. */
  async function tablesHolding(value: string): Promise<string[]> {
    return reference.platform.database.ownerTransaction(async (tx) => {
      const tables = await tx.query<{ schema: string; name: string }>(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
         WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
      );
      const found: string[] = [];
      for (const { schema, name } of tables) {
        const [row] = await tx.query<{ found: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM "${schema}"."${name}" AS t WHERE t::text ILIKE '%' || $1 || '%') AS found`,
          [value],
        );
        if (row?.found) found.push(`${schema}.${name}`);
      }
      return found;
    });
  }

  const counts = () =>
    reference.platform.database.ownerTransaction((tx) =>
      tx.query(
        `SELECT (SELECT count(*)::int FROM catalog.tenants) AS tenants, (SELECT count(*)::int FROM catalog.jobs) AS jobs,
           (SELECT count(*)::int FROM catalog.schema_pool) AS pool,
           (SELECT count(*)::int FROM catalog.idempotent_responses) AS responses`,
      ),
    );

  const post = (path: string, body: unknown, token?: string) =>
    reference.checkedFetch(
      new Request(`${baseUrl}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": `minor-${randomBytes(6).toString("hex")}`,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      }),
    );

  it("refuses a sign-up one day under the minimum age on the tenant's clock, storing nothing", async () => {
    const clock = await reference.operator().testClocks.create({ frozenTime: clockTime });
    const suffix = randomBytes(4).toString("hex");
    const email = `young.${suffix}@acme.example`;
    const company = `Young Co ${suffix}`;
    const before = await counts();
    const refused = await post("/tenants", {
      companyName: company,
      owner: { name: `Young ${suffix}`, email, birthDate: birthDate(minimumAge(), 1) },
      testClockId: clock.id,
    });
    expect(refused.status).toBe(422);
    expect((await refused.json()).type).toBe(underage);
    expect(await tablesHolding(email)).toEqual([]);
    expect(await tablesHolding(company)).toEqual([]);
    expect(await counts()).toEqual(before);
    expect((await reference.operator().testClocks.get(clock.id)).tenantCount).toBe(0);

    // On the birthday itself, the same sign-up is accepted (the boundary is the policy's age).
    const accepted = await post("/tenants", {
      companyName: company,
      owner: { name: `Young ${suffix}`, email, birthDate: birthDate(minimumAge()) },
      testClockId: clock.id,
    });
    expect(accepted.status).toBe(201);
    expect(await tablesHolding(email)).not.toEqual([]);
  });

  it("refuses adding a user under the minimum age, storing nothing of them", async () => {
    const clock = await reference.operator().testClocks.create({ frozenTime: clockTime });
    const owner = await signUp(reference, { testClockId: clock.id });
    const suffix = randomBytes(4).toString("hex");
    const email = `minor.${suffix}@acme.example`;
    const before = await counts();
    const refused = await post(
      "/users",
      { name: `Minor ${suffix}`, email, role: "viewer", birthDate: birthDate(minimumAge(), 1) },
      owner.session.token,
    );
    expect(refused.status).toBe(422);
    expect((await refused.json()).type).toBe(underage);
    expect(await tablesHolding(email)).toEqual([]);
    expect(await counts()).toEqual(before);
    expect((await owner.client.users.list({ limit: 100 })).data.map((u) => u.email)).not.toContain(email);
  });
});
