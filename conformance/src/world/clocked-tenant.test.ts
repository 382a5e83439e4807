import { createReferenceTarget } from "@crmfactory/conformance-faults";
import { en, Faker } from "@faker-js/faker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PropertyContext } from "../harness/property.js";
import { type SuiteSession, startInProcessSession } from "../harness/suite-session.js";
import { createClockedTenant } from "./clocked-tenant.js";

let session: SuiteSession;
beforeAll(async () => {
  session = await startInProcessSession((environment) => createReferenceTarget(environment));
});
afterAll(() => session?.close());

const contextFor = (seed: number): PropertyContext => {
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  return {
    policy: session.policy,
    target: session.target,
    fakes: session.fakes,
    faker,
    scenario: () => {},
    edge: () => {},
    selfReported: () => {},
    advanceTimeoutMs: 60_000,
  };
};

describe("createClockedTenant", () => {
  it("signs a tenant up on its own clock and moves that clock only", async () => {
    const start = new Date("2026-05-01T00:00:00.000Z");
    const first = await createClockedTenant(contextFor(1), { start });
    const second = await createClockedTenant(contextFor(1), { start });
    expect(first.tenantId).not.toBe(second.tenantId);
    expect(first.ownerEmail).not.toBe(second.ownerEmail);

    await first.advanceBy(3 * 86_400_000);
    expect(first.now().toISOString()).toBe("2026-05-04T00:00:00.000Z");
    const clocks = session.target.operator().testClocks;
    expect((await clocks.get(first.clockId)).frozenTime).toBe("2026-05-04T00:00:00.000Z");
    expect((await clocks.get(second.clockId)).frozenTime).toBe("2026-05-01T00:00:00.000Z");
    expect((await first.owner.tenant.get()).id).toBe(first.tenantId);
  });
});
