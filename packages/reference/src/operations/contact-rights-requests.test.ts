import { randomUUID } from "node:crypto";
import { ConflictError, ExtensionNotAllowedError, NotFoundError, PermissionError } from "@crmfactory/sdk";
import { addDuration } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import { findTenant } from "../platform/tenant-records.js";
import { drivers, signUp, type TestReference } from "../test-support/boot.js";
import { tenantSql } from "../test-support/data-plane.js";
import { digestOf, schemaOf } from "../test-support/digest.js";
import { signInAs } from "../test-support/identity.js";
import { runDueJobs } from "../test-support/manual-clock.js";
import { hook, rightsTestBed } from "../test-support/rights-requests.js";
import { rightsRequests } from "./rights-requests.js";

// Tenant-filed requests about contacts (CRM Factory as processor), the tenant's and the operator's
// decisions, the inventory and erasure of what requests hold (§9, §11).
describe.each(drivers)("tenant-filed rights requests and decisions on %s", (driver) => {
  const bed = rightsTestBed(driver, "rights-tenant");
  const { clock, fakes, codeFor, emailsAbout, changesOf } = bed;
  let reference: TestReference;
  beforeAll(() => {
    reference = bed.reference;
  });
  const policy = () => reference.platform.policy;

  it("files, restricts, withdraws consent and rectifies for a contact at once, deadline from filing", async () => {
    clock.set("2026-04-04T10:00:00.000Z");
    const owner = await signUp(reference);
    const contact = await owner.client.contacts.create({
      name: "Grace Hopper",
      email: `grace.${randomUUID().slice(0, 8)}@example.com`,
      consent: { marketingEmail: true, marketingSms: true },
    });
    const restricted = await owner.client.rightsRequests.createForContact(contact.id, {
      kind: "objection",
      identityVerifiedByTenant: true,
      processing: ["marketing"],
    });
    expect(restricted).toMatchObject({
      role: "processor",
      channel: "tenant",
      status: "completed",
      receivedAt: clock.now().toISOString(),
      dueAt: addDuration(clock.now(), policy().rights.respondWithin).toISOString(),
      verification: { method: "tenant-vouched", sentTo: null, codeSentAt: null },
      result: { type: "processing-restricted", processing: ["marketing"] },
    });
    const scheduledFor = addDuration(clock.now(), "P1D");
    const queued = await owner.client.marketingMessages.create({
      channel: "email",
      contactIds: [contact.id],
      subject: "Spring offers",
      body: "Offers for you.",
      scheduledFor: scheduledFor.toISOString(),
    });
    clock.advance(1000);
    const withdrawn = await owner.client.rightsRequests.createForContact(contact.id, {
      kind: "withdraw-consent",
      identityVerifiedByTenant: true,
    });
    expect(withdrawn.result).toMatchObject({
      type: "consent-withdrawn",
      channels: ["email", "sms"],
      suppressedMessages: 1,
    });
    clock.advance(1000);
    const rectified = await owner.client.rightsRequests.createForContact(contact.id, {
      kind: "rectification",
      identityVerifiedByTenant: true,
      changes: [
        { field: "name", value: "Grace B. Hopper" },
        { field: "customFields.tier", value: "gold" },
      ],
    });
    expect(rectified.result).toMatchObject({ type: "rectification" });
    const after = await owner.client.contacts.get(contact.id);
    expect(after).toMatchObject({
      name: "Grace B. Hopper",
      customFields: { tier: "gold" },
      processingRestrictions: ["marketing"],
      consent: { marketingEmail: false, marketingSms: false },
    });
    clock.advance(1000);
    const optOut = await owner.client.rightsRequests.createForContact(contact.id, {
      kind: "opt-out-of-sale",
      identityVerifiedByTenant: true,
    });
    expect(optOut.result).toMatchObject({ type: "opt-out-of-sale", answer: "we-do-not-sell" });
    // The message queued before the withdrawal does not reach the contact (RIGHTS-CONSENT).
    clock.set(scheduledFor);
    await runDueJobs(reference, scheduledFor);
    const delivered = await owner.client.marketingMessages.get(queued.id);
    expect(delivered.recipients).toMatchObject([{ contactId: contact.id, status: "suppressed" }]);
    expect(fakes.resend.emailsTo(contact.email ?? "", { kind: "marketing" })).toEqual([]);
    const listed = await owner.client.rightsRequests.list({ contactId: contact.id });
    expect(listed.data.map((r) => r.id)).toEqual([restricted.id, withdrawn.id, rectified.id, optOut.id]);
  });

  it("extends a tenant-filed request only before its first deadline, once, never for erasure, with notice", async () => {
    clock.set("2026-04-05T10:00:00.000Z");
    const owner = await signUp(reference);
    const admin = await signInAs(reference, owner, "admin");
    await owner.client.callbackEndpoints.create({
      url: hook,
      events: ["rightsRequest.updated"],
      secret: "whsec_rights_0123456789abcdefghijkl",
    });
    const contact = await owner.client.contacts.create({ name: "Ada" });
    const late = await owner.client.rightsRequests.createForContact(contact.id, {
      kind: "access",
      identityVerifiedByTenant: true,
    });
    const onTime = await owner.client.rightsRequests.createForContact(contact.id, {
      kind: "access",
      identityVerifiedByTenant: true,
    });
    const erasure = await owner.client.rightsRequests.createForContact(contact.id, {
      kind: "erasure",
      identityVerifiedByTenant: true,
    });
    expect(erasure.status).toBe("in_progress");
    const reason = "Many linked records across integrations to review.";
    await expect(owner.client.rightsRequests.extend(erasure.id, { reason })).rejects.toBeInstanceOf(
      ExtensionNotAllowedError,
    );
    // The erasure has begun at filing: the tenant cannot deny it any more than cancel it.
    await expect(
      owner.client.rightsRequests.deny(erasure.id, { reason: "excessive" }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await owner.client.rightsRequests.get(erasure.id)).status).toBe("in_progress");
    const due = new Date(onTime.dueAt ?? "");
    expect(due.toISOString()).toBe(
      addDuration(new Date(onTime.receivedAt), policy().rights.respondWithin).toISOString(),
    );
    clock.set(new Date(due.getTime() - 1));
    const extended = await owner.client.rightsRequests.extend(onTime.id, { reason });
    expect(extended).toMatchObject({
      status: "in_progress",
      dueAt: onTime.dueAt,
      extendedDueAt: addDuration(new Date(onTime.receivedAt), policy().rights.extendedTotal).toISOString(),
      extension: {
        reason,
        noticeSentAt: clock.now().toISOString(),
        extendedBy: { type: "user", id: owner.owner.id },
      },
    });
    expect(emailsAbout(owner.owner.email, "extension-notice", onTime.id)).toHaveLength(1);
    expect(emailsAbout(admin.user.email, "extension-notice", onTime.id)).toHaveLength(1);
    const schemas = [await schemaOf(reference, owner.tenant.id), "catalog"];
    // The schema pool refills in the background after a sign-up: let it settle before comparing digests.
    await reference.platform.schemas.fillPool();
    const before = await digestOf(reference, schemas);
    await expect(owner.client.rightsRequests.extend(onTime.id, { reason })).rejects.toBeInstanceOf(
      ExtensionNotAllowedError,
    );
    // At the first deadline itself (the end of day 30 from filing) it is too late.
    clock.set(due);
    await expect(owner.client.rightsRequests.extend(late.id, { reason })).rejects.toBeInstanceOf(
      ExtensionNotAllowedError,
    );
    expect(await digestOf(reference, schemas)).toBe(before);
    const overdue = await owner.client.rightsRequests.list({ overdue: true, kind: "access" });
    expect(overdue.data.map((r) => r.id)).toEqual([late.id]);
    const denied = await owner.client.rightsRequests.deny(late.id, {
      reason: "excessive",
      detail: "Third request this week.",
    });
    expect(denied).toMatchObject({
      status: "denied",
      denial: { reason: "excessive", detail: "Third request this week." },
    });
    await expect(owner.client.rightsRequests.deny(late.id, { reason: "excessive" })).rejects.toBeInstanceOf(
      ConflictError,
    );
    // The notice reached the tenant's endpoints too, thin and signed (the test exporter then settles the
    // extended request, a third change).
    await runDueJobs(reference, clock.now());
    expect(changesOf(onTime.id)).toHaveLength(3);
    expect(changesOf(onTime.id)).toEqual(
      expect.arrayContaining([
        [null, "in_progress", "filed"],
        ["in_progress", "in_progress", "extended"],
        ["in_progress", "completed", "completed"],
      ]),
    );
  });

  it("leaves the operator the controller's decisions; a refused call writes nothing", async () => {
    const operator = reference.operator();
    const testClock = await operator.testClocks.create({ frozenTime: "2026-06-01T00:00:00.000Z" });
    const owner = await signUp(reference, { testClockId: testClock.id });
    const member = await signInAs(reference, owner, "member");
    const own = await member.client.rightsRequests.create({ kind: "access" });
    const verified = await member.client.rightsRequests.verify(own.id, {
      code: codeFor(member.user.email, own.id),
    });
    const schemas = [await schemaOf(reference, owner.tenant.id), "catalog"];
    await reference.platform.schemas.fillPool();
    const untouched = await digestOf(reference, schemas);
    await expect(
      owner.client.rightsRequests.extend(own.id, { reason: "The tenant cannot decide this." }),
    ).rejects.toBeInstanceOf(PermissionError);
    await expect(owner.client.rightsRequests.cancel(own.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      member.client.rightsRequests.extend(own.id, { reason: "Members may not extend." }),
    ).rejects.toBeInstanceOf(PermissionError);
    expect(await digestOf(reference, schemas)).toBe(untouched);

    const listed = await operator.platformRightsRequests.list({ testClockId: testClock.id });
    expect(listed.data.map((r) => r.id)).toEqual([own.id]);
    const reason = "The account spans several linked workspaces.";
    // The export's settle job waits for the clock to advance: the request is still open.
    const extended = await operator.platformRightsRequests.extend(own.id, { reason });
    expect(extended.extendedDueAt).toBe(
      addDuration(new Date(verified.verifiedAt ?? ""), policy().rights.extendedTotal).toISOString(),
    );
    expect(emailsAbout(member.user.email, "extension-notice", own.id)).toHaveLength(1);
    const denied = await operator.platformRightsRequests.deny(own.id, { reason: "legal-exemption" });
    expect(denied.denial).toMatchObject({
      reason: "legal-exemption",
      requesterNotifiedAt: testClock.frozenTime,
    });
    expect(emailsAbout(member.user.email, "request-denied", own.id)).toHaveLength(1);
    const contact = await owner.client.contacts.create({ name: "Linus" });
    const tenantFiled = await owner.client.rightsRequests.createForContact(contact.id, {
      kind: "access",
      identityVerifiedByTenant: true,
    });
    await expect(
      operator.platformRightsRequests.deny(tenantFiled.id, { reason: "excessive" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists requests in the inventory by subject, and erasure removes what the requester wrote", async () => {
    const operator = reference.operator();
    const testClock = await operator.testClocks.create({ frozenTime: "2026-07-01T00:00:00.000Z" });
    const owner = await signUp(reference, { testClockId: testClock.id });
    const contact = await owner.client.contacts.create({ name: "Barbara" });
    const description = "She called from +1 415 555 0199 about her records.";
    const filed = await owner.client.rightsRequests.createForContact(contact.id, {
      kind: "access",
      identityVerifiedByTenant: true,
      description,
    });
    const inventory = await operator.testClocks.getTenantInventory(testClock.id, owner.tenant.id);
    const held = inventory.holdings.filter((h) => h.recordType === "rights-request");
    expect(held.map((h) => [h.category, h.recordIds])).toEqual([["crm", [filed.id]]]);

    const eraseSubject = rightsRequests.eraseSubject;
    if (!eraseSubject) throw new Error("the rights requests group erases its copies of a subject");
    const tenant = await reference.platform.database.transaction((tx) => findTenant(tx, owner.tenant.id));
    if (!tenant) throw new Error("no tenant");
    const erased = await reference.platform.database.transaction(
      (tx) =>
        eraseSubject({
          tx,
          platform: reference.platform,
          tenant,
          now: new Date(testClock.frozenTime),
          subject: { type: "contact", contactId: contact.id },
          step: (_name, fn) => fn(),
        }),
      { searchPath: [tenant.schemaName, "catalog"] },
    );
    expect(erased).toEqual([
      { category: "crm", location: { type: "platform" }, recordType: "rights-request-details", count: 1 },
    ]);
    const after = await owner.client.rightsRequests.get(filed.id);
    expect(after).toMatchObject({
      id: filed.id,
      kind: "access",
      details: { description: null, changes: [] },
    });
    const rows = await tenantSql<{ row: string }>(
      reference,
      owner.tenant.id,
      "SELECT r::text AS row FROM rights_requests r",
    );
    expect(rows.map((r) => r.row).join("")).not.toContain("555 0199");
  });
});
