import { randomBytes } from "node:crypto";
import { ConflictError } from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { tenantSql } from "../test-support/data-plane.js";
import { signInAs } from "../test-support/identity.js";
import { manualClock, runDueJobs } from "../test-support/manual-clock.js";

// §9's restriction, objection, withdrawal of consent and rectification, observed where the processing
// happens: AI scoring, marketing at the email and messaging fakes, the copies at the vendors.
describe.each(drivers)("restriction, objection, consent and rectification on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-10T12:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `rights-processing-${driver}`, clock: clock.now });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const stripeKey = `sk_test_rectify${randomBytes(6).toString("hex")}`;
  beforeAll(async () => {
    fakes.twilio.addAccount(accountSid, "twilio-auth-token");
    reference = await bootReference(driver, {
      clock,
      fetch: (request) => fakes.fetch(request),
      parts: {
        messaging: {
          twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
          resend: { apiKey: "re_test_rights_processing", from: "crm@acme.example" },
        },
        credentials: { stripe: stripeKey },
      },
    });
  });

  type Owner = Awaited<ReturnType<typeof signUp>>;
  const newContact = (owner: Owner) => {
    const suffix = randomBytes(3).toString("hex");
    return owner.client.contacts.create({
      name: `Grace ${suffix}`,
      email: `grace.${suffix}@example.com`,
      phone: `+1415555${String(1000 + Math.floor(Math.random() * 8999))}`,
      consent: { marketingEmail: true, marketingSms: true },
    });
  };
  const file = (owner: Owner, contactId: string, body: Record<string, unknown>) =>
    owner.client.rightsRequests.createForContact(contactId, {
      identityVerifiedByTenant: true,
      ...body,
    } as never);

  it("stops AI scoring, AI analysis and marketing for a contact who restricted or objected to each", async () => {
    const owner = await signUp(reference);
    for (const feature of ["lead-scoring", "sentiment-analysis", "response-suggestions"] as const)
      await owner.client.ai.updateFeature(feature, { enabled: true });
    const objecting = await newContact(owner);
    const restricting = await newContact(owner);
    const scored = await owner.client.ai.run({ feature: "lead-scoring", contactId: objecting.id });
    expect(scored.outcome).toBe("completed");

    expect(await file(owner, objecting.id, { kind: "objection", processing: ["ai-scoring"] })).toMatchObject({
      status: "completed",
    });
    expect(
      await file(owner, restricting.id, { kind: "restriction", processing: ["ai-analysis", "marketing"] }),
    ).toMatchObject({ status: "completed" });

    clock.advance(1000);
    const skipped = await owner.client.ai.run({ feature: "lead-scoring", contactId: objecting.id });
    expect(skipped).toMatchObject({
      outcome: "skipped",
      skippedReason: "processing-restricted",
      scoreId: null,
    });
    expect((await owner.client.ai.listScores({ contactId: objecting.id })).data.map((s) => s.id)).toEqual([
      scored.scoreId,
    ]);
    // Only the processing named stops: analysis still runs for the one who objected to scoring alone.
    expect(
      (await owner.client.ai.run({ feature: "sentiment-analysis", contactId: objecting.id })).outcome,
    ).toBe("completed");
    for (const run of [
      { feature: "sentiment-analysis" as const, contactId: restricting.id },
      { feature: "response-suggestions" as const, contactId: restricting.id, channel: "email" as const },
    ]) {
      expect(await owner.client.ai.run(run)).toMatchObject({
        outcome: "skipped",
        skippedReason: "processing-restricted",
      });
    }
    expect((await owner.client.ai.listProposals({ contactId: restricting.id })).data).toEqual([]);
    expect(
      await tenantSql(reference, owner.tenant.id, "SELECT id FROM ai_runs WHERE contact_id = $1", [
        restricting.id,
      ]),
    ).toEqual([]);

    const campaign = await owner.client.marketingMessages.create({
      channel: "email",
      contactIds: [objecting.id, restricting.id],
      subject: "Spring offers",
      body: "Offers.",
    });
    await runDueJobs(reference, clock.now());
    const sent = await owner.client.marketingMessages.get(campaign.id);
    expect(sent.recipients.map((r) => [r.contactId, r.status, r.suppressedReason])).toEqual([
      [objecting.id, "sent", null],
      [restricting.id, "suppressed", "processing-restricted"],
    ]);
    expect(fakes.resend.emailsTo(restricting.email ?? "", { kind: "marketing" })).toEqual([]);
    expect(fakes.resend.emailsTo(objecting.email ?? "", { kind: "marketing" })).toHaveLength(1);
  });

  it("refuses to apply a pending AI disqualification once the contact objected to AI scoring", async () => {
    const owner = await signUp(reference);
    await owner.client.ai.updateFeature("workflow-automation", { enabled: true });
    const contact = await newContact(owner);
    const run = await owner.client.ai.run({
      feature: "workflow-automation",
      contactId: contact.id,
      workflow: "disqualify-lead",
    });
    await file(owner, contact.id, { kind: "objection", processing: ["ai-scoring"] });
    await expect(owner.client.ai.approveProposal(run.proposalId ?? "", {})).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await owner.client.contacts.get(contact.id)).toMatchObject({ disqualified: false });
    expect(await owner.client.ai.rejectProposal(run.proposalId ?? "", {})).toMatchObject({
      status: "rejected",
    });
  });

  it("withdrawing SMS consent cancels a queued SMS before it reaches the messaging provider", async () => {
    const owner = await signUp(reference);
    const leaving = await newContact(owner);
    const staying = await newContact(owner);
    const queued = await owner.client.marketingMessages.create({
      channel: "sms",
      contactIds: [leaving.id, staying.id],
      body: "20% off this week.",
      scheduledFor: new Date(clock.now().getTime() + 3_600_000).toISOString(),
    });
    const withdrawn = await file(owner, leaving.id, { kind: "withdraw-consent", channels: ["sms"] });
    expect(withdrawn).toMatchObject({
      status: "completed",
      result: { type: "consent-withdrawn", channels: ["sms"], suppressedMessages: 1 },
    });
    // Cancelled for the contact at once, while the message is still scheduled.
    const cancelled = await owner.client.marketingMessages.get(queued.id);
    expect(cancelled).toMatchObject({ status: "scheduled" });
    expect(cancelled.recipients.map((r) => r.status)).toEqual(["suppressed", "pending"]);
    clock.advance(3_600_000);
    await runDueJobs(reference, clock.now());
    const delivered = await owner.client.marketingMessages.get(queued.id);
    expect(delivered.recipients.map((r) => [r.status, r.suppressedReason])).toEqual([
      ["suppressed", "consent-withdrawn"],
      ["sent", null],
    ]);
    const texts = (phone: string | null) =>
      fakes.twilio.heldFor({ phone: phone ?? "", accountSid }).flatMap((h) => h.messages);
    expect(texts(leaving.phone)).toEqual([]);
    expect(texts(staying.phone)).toHaveLength(1);
    // Email consent, not withdrawn, stays.
    expect((await owner.client.contacts.get(leaving.id)).consent).toMatchObject({
      marketingEmail: true,
      marketingSms: false,
    });
  });

  it("rectifies a contact's email at the email provider: the old address is gone there", async () => {
    const owner = await signUp(reference);
    const contact = await newContact(owner);
    const old = contact.email ?? "";
    expect(fakes.resend.contactsFor({ email: old })).toHaveLength(1);
    const corrected = `corrected.${randomBytes(3).toString("hex")}@example.com`;
    const request = await file(owner, contact.id, {
      kind: "rectification",
      changes: [{ field: "email", value: corrected }],
    });
    expect(request.result).toMatchObject({
      type: "rectification",
      changedFields: [
        {
          field: "email",
          locations: [{ type: "platform" }, { type: "subprocessor", subprocessorId: "resend" }],
        },
      ],
    });
    expect(fakes.resend.contactsFor({ email: old })).toEqual([]);
    expect(fakes.resend.contactsFor({ email: corrected })).toMatchObject([{ unsubscribed: false }]);
    expect((await owner.client.contacts.get(contact.id)).email).toBe(corrected);
  });

  it("rectifies the owner's email at the payments provider too, after the emailed code", async () => {
    const owner = await signUp(reference);
    await owner.client.billing.changePlan({ plan: "growth" });
    const old = owner.owner.email;
    expect(fakes.stripe.customers({ apiKey: stripeKey, tenantId: owner.tenant.id })).toMatchObject([
      { email: old },
    ]);
    const corrected = `ada.${randomBytes(3).toString("hex")}@acme.example`;
    const filed = await owner.client.rightsRequests.create({
      kind: "rectification",
      changes: [{ field: "email", value: corrected }],
    });
    const [code] = fakes.resend
      .emailsTo(old, { kind: "verification-code" })
      .filter((e) => e.crmfactory.ref === filed.id)
      .map((e) => e.crmfactory.code as string);
    const done = await owner.client.rightsRequests.verify(filed.id, { code: code ?? "" });
    expect(done).toMatchObject({ status: "completed" });
    expect(done.result).toMatchObject({
      changedFields: [
        {
          field: "email",
          locations: [{ type: "platform" }, { type: "subprocessor", subprocessorId: "stripe" }],
        },
      ],
    });
    expect(fakes.stripe.customers({ apiKey: stripeKey, email: old })).toEqual([]);
    expect(fakes.stripe.customers({ apiKey: stripeKey, tenantId: owner.tenant.id })).toMatchObject([
      { email: corrected },
    ]);
  });

  it("completes a user's own restriction, objection and withdrawal of consent, recorded on the account", async () => {
    const owner = await signUp(reference);
    const admin = await signInAs(reference, owner, "admin");
    const own = async (body: Record<string, unknown>) => {
      const filed = await admin.client.rightsRequests.create(body as never);
      const [code] = fakes.resend
        .emailsTo(admin.user.email, { kind: "verification-code" })
        .filter((e) => e.crmfactory.ref === filed.id)
        .map((e) => e.crmfactory.code as string);
      return admin.client.rightsRequests.verify(filed.id, { code: code ?? "" });
    };
    expect(await own({ kind: "restriction", processing: ["marketing"] })).toMatchObject({
      status: "completed",
      result: { type: "processing-restricted", processing: ["marketing"] },
    });
    clock.advance(1000);
    expect(await own({ kind: "objection", processing: ["ai-scoring"] })).toMatchObject({
      status: "completed",
    });
    clock.advance(1000);
    expect(await own({ kind: "withdraw-consent" })).toMatchObject({
      status: "completed",
      result: { type: "consent-withdrawn", channels: ["email", "sms"], suppressedMessages: 0 },
    });
    const [flags] = await tenantSql(
      reference,
      owner.tenant.id,
      "SELECT processing_restrictions, marketing_consent_withdrawn FROM users WHERE id = $1",
      [admin.user.id],
    );
    expect(flags).toEqual({
      processing_restrictions: ["ai-scoring", "marketing"],
      marketing_consent_withdrawn: ["email", "sms"],
    });
  });
});
