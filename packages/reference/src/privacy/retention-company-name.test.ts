import { describe, expect, it } from "vitest";
import { bootReference, drivers, signUp } from "../test-support/boot.js";
import { retentionProbe } from "../test-support/retention.js";

const T0 = new Date("2026-04-01T00:00:00.000Z");

// RET-ACCOUNT: the company is account information (the policy table's row), so its name goes with
// the users at the account rule's deadline, though the tenant's catalogue row outlives it.
describe.each(drivers)("the company name under the account rule on %s", (driver) => {
  it("is kept to the account deadline and replaced at it", async () => {
    const reference = await bootReference(driver, {});
    const { advance, justBefore, dueOf, catalogRows } = retentionProbe(reference);
    const clock = await reference.operator().testClocks.create({ frozenTime: T0.toISOString() });
    const companyName = `Company ${crypto.randomUUID()}`;
    const { client, tenant } = await signUp(reference, { testClockId: clock.id, companyName });
    await client.tenant.close({ confirmCompanyName: companyName });
    const name = async () =>
      (await catalogRows("SELECT company_name FROM catalog.tenants WHERE id = $1", [tenant.id]))[0]
        ?.company_name;
    const due = dueOf("account", { accountClosed: T0 });
    await advance(clock.id, justBefore(due));
    expect(await name()).toBe(companyName);
    await advance(clock.id, due);
    expect(await name()).not.toBe(companyName);
    const found = await catalogRows(
      "SELECT count(*)::int AS n FROM catalog.tenants WHERE company_name LIKE $1",
      [`%${companyName}%`],
    );
    expect(found[0]?.n).toBe(0);
  }, 120_000);
});
