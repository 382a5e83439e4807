import { randomBytes } from "node:crypto";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { signInAs } from "../test-support/identity.js";
import { manualClock, runDueJobs } from "../test-support/manual-clock.js";

// RIGHTS-NO-DISCRIMINATION (§9, the CCPA paragraph): exercising any right, the user's own or the
// tenant's on behalf of a contact, leaves the plan, its price, every role and the feature settings as
// they were (erasure of one's own account excepted: the account is what it removes, so it is not filed).
describe.each(drivers)("no discrimination for exercising rights on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-10T12:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `no-discrimination-${driver}`, clock: clock.now });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "twilio-auth-token");
    reference = await bootReference(driver, {
      clock,
      fetch: (request) => fakes.fetch(request),
      parts: {
        messaging: {
          twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
          resend: { apiKey: "re_test_no_discrimination", from: "crm@acme.example" },
        },
        credentials: { stripe: `sk_test_nodiscrimination${randomBytes(6).toString("hex")}` },
      },
    });
  });

  it("leaves plan, price, roles and AI feature settings unchanged after every kind of request", async () => {
    const owner = await signUp(reference);
    await owner.client.billing.changePlan({ plan: "growth" });
    await owner.client.ai.updateFeature("lead-scoring", { enabled: true });
    await owner.client.ai.updateFeature("response-suggestions", { enabled: true });
    const admin = await signInAs(reference, owner, "admin");
    const contact = await owner.client.contacts.create({
      name: "Grace Hopper",
      email: `grace.${randomBytes(3).toString("hex")}@example.com`,
      consent: { marketingEmail: true, marketingSms: true },
    });
    const erased = await owner.client.contacts.create({ name: "Ada Erased" });

    const terms = async () => {
      const tenant = await owner.client.tenant.get();
      const billing = await owner.client.billing.get();
      const users = (await owner.client.users.list()).data.map((u) => [u.id, u.role]);
      const ai = (await owner.client.ai.getSettings()).features.map((f) => [f.feature, f.enabled]);
      return {
        subscription: tenant.subscription,
        status: tenant.status,
        billing: { plan: billing.plan, price: billing.price, interval: billing.interval },
        users,
        ai,
      };
    };
    const before = await terms();
    expect(before).toMatchObject({ subscription: { plan: "growth" }, billing: { plan: "growth" } });

    const codeOf = (email: string, requestId: string) =>
      fakes.resend
        .emailsTo(email, { kind: "verification-code" })
        .filter((e) => e.crmfactory.ref === requestId)
        .map((e) => e.crmfactory.code as string)
        .at(-1) ?? "";
    const ownRequests: Record<string, unknown>[] = [
      { kind: "access" },
      { kind: "portability" },
      { kind: "know" },
      { kind: "rectification", changes: [{ field: "jobTitle", value: "Head of sales" }] },
      { kind: "restriction", processing: ["marketing", "ai-scoring"] },
      { kind: "objection", processing: ["ai-analysis"] },
      { kind: "withdraw-consent" },
      { kind: "opt-out-of-sale" },
    ];
    for (const [who, client, email] of [
      ["admin", admin.client, admin.user.email],
      ["owner", owner.client, owner.owner.email],
    ] as const) {
      for (const body of ownRequests) {
        clock.advance(1000);
        const filed = await client.rightsRequests.create(body as never);
        const verified = await client.rightsRequests.verify(filed.id, { code: codeOf(email, filed.id) });
        expect(verified.status, `${who} ${String(body.kind)}`).not.toBe("verifying");
      }
    }
    for (const body of ownRequests.filter((b) => b.kind !== "rectification")) {
      clock.advance(1000);
      await owner.client.rightsRequests.createForContact(contact.id, {
        identityVerifiedByTenant: true,
        ...body,
      } as never);
    }
    await owner.client.rightsRequests.createForContact(erased.id, {
      kind: "erasure",
      identityVerifiedByTenant: true,
    });
    await runDueJobs(reference, clock.now());

    expect(await terms()).toEqual(before);
    // Service goes on as before: the AI features still serve the tenant's other contacts.
    const other = await owner.client.contacts.create({ name: "Linus", email: "linus@example.com" });
    expect((await owner.client.ai.run({ feature: "lead-scoring", contactId: other.id })).outcome).toBe(
      "completed",
    );
    expect((await admin.client.contacts.list()).data.length).toBeGreaterThan(0);
  });
});
