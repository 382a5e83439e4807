// The reference enforces the policy it is given: another company's numbers, roles and vocabularies.
import { addDuration, crmFactoryPolicy, definePolicy, policyHash } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "./test-support/boot.js";
import { signInAs } from "./test-support/identity.js";

/** CRM Factory's policy with another id, export window, minimum age and an extra role. */
function anotherCompanysPolicy() {
  const input = structuredClone(crmFactoryPolicy) as unknown as {
    id: string;
    parameters: { exportWindow: string };
    retention: Record<string, { keepFor?: string }>;
    notices: { minimumAge: number };
    roles: Record<string, { level: number; description: string; permissions: string[] }>;
  };
  const window = input.parameters.exportWindow;
  input.id = "another-company";
  input.parameters.exportWindow = "P10D";
  for (const rule of Object.values(input.retention)) if (rule.keepFor === window) rule.keepFor = "P10D";
  input.notices.minimumAge = crmFactoryPolicy.notices.minimumAge + 5;
  input.roles.auditor = {
    level: 5,
    description: "Reads the audit trail and nothing of the CRM.",
    permissions: [
      "meta:read",
      "tenant:read",
      "sessions:manage",
      "rights:create",
      "rights:read",
      "audit:read",
    ],
  };
  return definePolicy(input as never);
}

describe.each(drivers)("another company's policy on %s", (driver) => {
  const policy = anotherCompanysPolicy();
  let reference: TestReference;
  beforeAll(async () => {
    reference = await bootReference(driver, { policy });
  });

  it("is the policy discovery reports, by id and hash", async () => {
    const meta = await reference.client(null).meta.get();
    expect(meta.policy).toMatchObject({ id: "another-company", hash: policyHash(policy) });
    expect(policyHash(policy)).not.toBe(policyHash(crmFactoryPolicy));
  });

  it("keeps an account closed for its export window, not CRM Factory's", async () => {
    const clock = await reference.operator().testClocks.create({ frozenTime: "2027-03-01T00:00:00.000Z" });
    const owner = await signUp(reference, { testClockId: clock.id });
    const closed = await owner.client.tenant.close({ confirmCompanyName: owner.tenant.companyName });
    expect(closed.exportWindowEndsAt).toBe(
      addDuration(new Date("2027-03-01T00:00:00.000Z"), "P10D").toISOString(),
    );
  });

  it("refuses a sign-up under its minimum age, which CRM Factory's would accept", async () => {
    const now = new Date("2027-03-01T00:00:00.000Z");
    const clock = await reference.operator().testClocks.create({ frozenTime: now.toISOString() });
    const birthYear = now.getUTCFullYear() - crmFactoryPolicy.notices.minimumAge - 1;
    await expect(
      reference.client(null).tenant.create({
        companyName: "Young Co",
        owner: { name: "Young", email: "young@young.example", birthDate: `${birthYear}-01-01` },
        testClockId: clock.id,
      }),
    ).rejects.toMatchObject({ status: 422, problem: { type: "https://crmfactory.ai/problems/underage" } });
  });

  it("gives its own role exactly that role's permissions", async () => {
    const owner = await signUp(reference);
    const auditor = await signInAs(reference, owner, "auditor");
    await expect(auditor.client.audit.head()).resolves.toBeDefined();
    await expect(auditor.client.users.list()).rejects.toMatchObject({ status: 403 });
    await expect(auditor.client.contacts.list()).rejects.toMatchObject({ status: 403 });
  });
});
