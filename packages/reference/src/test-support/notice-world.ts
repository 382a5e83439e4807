import { randomBytes } from "node:crypto";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { bootReference, type Driver, signUp, type TestReference } from "./boot.js";

/**
 * A reference wired to the email fake, and tenants on test clocks with the four roles' users: what the
 * notices tests read (the emails at the fake, as recipients would, and the API as the tenants would).
 */
export async function noticeWorld(driver: Driver) {
  const fakes = createSubprocessorFakes({ seed: `notices-${driver}-${randomBytes(3).toString("hex")}` });
  const reference: TestReference = await bootReference(driver, {
    fetch: (request) => fakes.fetch(request),
    parts: { messaging: { resend: { apiKey: "re_test_notices_key", from: "privacy@crmfactory.example" } } },
  });
  const operator = reference.operator();

  const clockAt = (frozenTime: string) => operator.testClocks.create({ frozenTime });
  const advance = (clockId: string, to: Date | string) =>
    operator.testClocks.advanceAndWait(
      clockId,
      { frozenTime: typeof to === "string" ? to : to.toISOString() },
      { pollIntervalMs: 5 },
    );

  /** A tenant on the clock with its owner, an admin, a member and a viewer (birth dates well over age). */
  async function tenantOn(testClockId: string) {
    const owner = await signUp(reference, { testClockId });
    const user = async (role: "admin" | "member" | "viewer") => {
      const suffix = randomBytes(3).toString("hex");
      return owner.client.users.create({
        name: `${role} ${suffix}`,
        email: `${role}.${suffix}@acme.example`,
        role,
        birthDate: "1980-03-04",
      });
    };
    return {
      ...owner,
      admin: await user("admin"),
      member: await user("member"),
      viewer: await user("viewer"),
    };
  }

  /** Emails of one kind the fake holds for an address. */
  const emailsTo = (address: string, kind: string) => fakes.resend.emailsTo(address, { kind });

  return { reference, fakes, operator, clockAt, advance, tenantOn, emailsTo };
}
