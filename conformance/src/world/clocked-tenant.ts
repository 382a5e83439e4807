import type { PrivacyClient } from "@crmfactory/sdk";
import type { PropertyContext } from "../harness/property.js";

/** A tenant signed up on its own test clock: the unit of isolation of every time-based property. */
export interface ClockedTenant {
  readonly clockId: string;
  readonly tenantId: string;
  readonly owner: PrivacyClient;
  readonly ownerToken: string;
  readonly ownerEmail: string;
  /** The clock's frozen time as the suite last set it. */
  now(): Date;
  /** Moves the clock to `instant` and waits until every job due by then has run. */
  advanceTo(instant: Date): Promise<void>;
  advanceBy(milliseconds: number): Promise<void>;
}

export interface ClockedTenantOptions {
  /** The clock's starting time. Default 2026-04-01T00:00:00Z. */
  readonly start?: Date;
  readonly companyName?: string;
}

/** Eight characters no other run of this process has had. */
export function uniqueSuffix(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 8);
}

const defaultStart = new Date("2026-04-01T00:00:00.000Z");

/** Creates a test clock and signs a tenant up on it through the API, with faker-generated people. */
export async function createClockedTenant(
  context: PropertyContext,
  options: ClockedTenantOptions = {},
): Promise<ClockedTenant> {
  const operator = context.target.operator();
  const start = options.start ?? defaultStart;
  const clock = await operator.testClocks.create({
    frozenTime: start.toISOString(),
    name: "conformance property run",
  });
  const { faker } = context;
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  // A nonce outside faker's stream: runs (and shrinks) of one target reuse seeds, and a value seen at
  // the fakes must belong to this run's tenant alone.
  const ownerEmail = faker.internet
    .email({ firstName, lastName, provider: "conformance.example", allowSpecialCharacters: false })
    .replace("@", `.${uniqueSuffix()}@`);
  const signUp = await context.target.client(null).tenant.create({
    companyName: options.companyName ?? faker.company.name().slice(0, 100),
    owner: {
      name: `${firstName} ${lastName}`,
      email: ownerEmail,
      birthDate: faker.date
        .birthdate({ mode: "age", min: 25, max: 70, refDate: start })
        .toISOString()
        .slice(0, 10),
    },
    testClockId: clock.id,
  });
  let now = new Date(clock.frozenTime);
  const advanceTo = async (instant: Date) => {
    if (instant.getTime() <= now.getTime()) return;
    const ready = await operator.testClocks.advanceAndWait(
      clock.id,
      { frozenTime: instant.toISOString() },
      { waitTimeoutMs: context.advanceTimeoutMs, pollIntervalMs: 20 },
    );
    now = new Date(ready.frozenTime);
  };
  return {
    clockId: clock.id,
    tenantId: signUp.tenant.id,
    owner: context.target.client(signUp.session.token),
    ownerToken: signUp.session.token,
    ownerEmail,
    now: () => now,
    advanceTo,
    advanceBy: (milliseconds) => advanceTo(new Date(now.getTime() + milliseconds)),
  };
}
