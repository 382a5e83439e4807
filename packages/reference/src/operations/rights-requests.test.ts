import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  ConflictError,
  ExtensionNotAllowedError,
  LastOwnerError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  VerificationFailedError,
} from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { addDuration } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import { findTenant } from "../platform/tenant-records.js";
import type { Eraser, Exporter } from "../privacy/privacy-parts.js";
import { settleRightsRequestJob } from "../privacy/privacy-parts.js";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { callAs, tenantSql } from "../test-support/data-plane.js";
import { digestOf, schemaOf } from "../test-support/digest.js";
import { signInAs } from "../test-support/identity.js";
import { manualClock, runDueJobs } from "../test-support/manual-clock.js";
import { rightsRequests } from "./rights-requests.js";

// The requirements digest kept in the repository (a byte copy of GUARANTEES.md): the deadline the
// tests pin is the digest's number, and the reference reads the same number from the policy.
const digest = readFileSync(new URL("../../../taxonomy/requirements/GUARANTEES.md", import.meta.url), "utf8");
const digestDays = (pattern: RegExp) => `P${pattern.exec(digest)?.[1]}D`;

const hook = "https://hooks.acme.example/rights";

/** Test parts that record their calls and settle the request by the job, as the real parts will. */
function testParts() {
  const exports: { rightsRequestId?: string; scope: unknown }[] = [];
  const erasures: { source: unknown; subject: unknown; dueAt: Date }[] = [];
  const exporter: Exporter = {
    async start(origin, input) {
      const exportId = randomUUID();
      exports.push({
        scope: input.scope,
        ...(input.rightsRequestId ? { rightsRequestId: input.rightsRequestId } : {}),
      });
      await origin.platform.jobs.schedule(origin.tx, {
        kind: settleRightsRequestJob,
        tenantId: origin.tenant.id,
        dueAt: origin.now,
        payload: {
          rightsRequestId: input.rightsRequestId,
          settlement: {
            type: "export",
            exportId,
            sha256: "ab".repeat(32),
            byteLength: 128,
            expiresAt: addDuration(origin.now, origin.platform.limits.exportLinkLifetime).toISOString(),
          },
        },
      });
      return { exportId };
    },
  };
  const eraser: Eraser = {
    async start(origin, input) {
      const receiptId = randomUUID();
      erasures.push({ source: input.source, subject: input.subject, dueAt: input.dueAt });
      await origin.platform.jobs.schedule(origin.tx, {
        kind: settleRightsRequestJob,
        tenantId: origin.tenant.id,
        dueAt: origin.now,
        payload: { rightsRequestId: input.source.id, settlement: { type: "erasure", receiptId } },
      });
      return { receiptId };
    },
  };
  return { exporter, eraser, exports, erasures };
}

describe.each(drivers)("rights requests on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-02T10:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `rights-${driver}`, clock: clock.now });
  const parts = testParts();
  const callbacks: { type: string; data: Record<string, unknown> }[] = [];
  beforeAll(async () => {
    reference = await bootReference(driver, {
      clock,
      fetch: async (request) => {
        if (request.url.startsWith(hook)) {
          callbacks.push(JSON.parse(await request.text()));
          return new Response(null, { status: 204 });
        }
        return fakes.fetch(request);
      },
      parts: {
        messaging: { resend: { apiKey: "re_test_rights_key", from: "privacy@crmfactory.example" } },
        exporter: parts.exporter,
        eraser: parts.eraser,
      },
    });
  });

  const policy = () => reference.platform.policy;
  const codeFor = (email: string, requestId: string) => {
    const sent = fakes.resend
      .emailsTo(email, { kind: "verification-code" })
      .filter((e) => e.crmfactory.ref === requestId);
    return sent[sent.length - 1]?.crmfactory.code as string;
  };
  const emailsAbout = (email: string, kind: string, requestId: string) =>
    fakes.resend.emailsTo(email, { kind }).filter((e) => e.crmfactory.ref === requestId);
  const changesOf = (requestId: string) =>
    callbacks
      .filter((c) => c.data.id === requestId)
      .map((c) => [c.data.previousStatus, c.data.status, c.data.change]);

  it("pins the deadlines it enforces to the policy, and the policy's to the requirements digest", () => {
    expect(policy().rights.respondWithin).toBe(digestDays(/answered within (\d+) days/));
    expect(policy().rights.extendedTotal).toBe(digestDays(/up to (\d+) days in total/));
    expect(policy().rights.verification.window).toBe(
      digestDays(/verification window \(default (\d+) days\)/),
    );
  });

  it("verifies a user's own access request by the emailed code, then exports and completes it, with callbacks", async () => {
    clock.set("2026-04-02T10:00:00.000Z");
    const owner = await signUp(reference);
    await owner.client.callbackEndpoints.create({
      url: hook,
      events: ["rightsRequest.updated"],
      secret: "whsec_rights_0123456789abcdefghijkl",
    });
    const filed = await owner.client.rightsRequests.create({
      kind: "access",
      description: "A copy, please.",
    });
    expect(filed).toMatchObject({
      kind: "access",
      regime: "gdpr",
      role: "controller",
      status: "verifying",
      subject: { type: "user", userId: owner.owner.id },
      channel: "session",
      verifiedAt: null,
      dueAt: null,
      verification: {
        method: "email-code",
        codeSentAt: clock.now().toISOString(),
        codeExpiresAt: addDuration(
          clock.now(),
          reference.platform.limits.verificationCodeLifetime,
        ).toISOString(),
        windowEndsAt: addDuration(clock.now(), policy().rights.verification.window).toISOString(),
      },
    });
    expect(filed.verification.sentTo).toMatch(/^a\*\*\*@acme\.example$/);
    const code = codeFor(owner.owner.email, filed.id);
    expect(code).toMatch(/^\d{6}$/);
    const [email] = emailsAbout(owner.owner.email, "verification-code", filed.id);
    expect(email?.crmfactory).toMatchObject({ tenant: owner.tenant.id, ref: filed.id });
    // Only a salted hash of the code is kept: no column of any table holds the code itself.
    const stored = await tenantSql<{ row: string }>(
      reference,
      owner.tenant.id,
      "SELECT r::text AS row FROM rights_requests r",
    );
    expect(stored.map((s) => s.row).join("")).not.toContain(code);
    expect(parts.exports.some((e) => e.rightsRequestId === filed.id)).toBe(false);

    clock.advance(60_000);
    const verified = await owner.client.rightsRequests.verify(filed.id, { code });
    expect(verified).toMatchObject({ status: "in_progress", verifiedAt: clock.now().toISOString() });
    // The deadline counts from verification: the policy's number, the digest's number.
    expect(verified.dueAt).toBe(
      addDuration(clock.now(), digestDays(/answered within (\d+) days/)).toISOString(),
    );
    expect(parts.exports).toContainEqual({
      rightsRequestId: filed.id,
      scope: { type: "user", userId: owner.owner.id },
    });

    await runDueJobs(reference, clock.now());
    const done = await owner.client.rightsRequests.get(filed.id);
    expect(done).toMatchObject({ status: "completed", completedAt: clock.now().toISOString() });
    expect(done.result).toMatchObject({ type: "export", sha256: "ab".repeat(32), byteLength: 128 });
    expect(emailsAbout(owner.owner.email, "request-completed", filed.id)).toHaveLength(1);
    await runDueJobs(reference, clock.now());
    // Deliveries due at the same instant may arrive in any order; each change arrives once.
    expect(changesOf(filed.id)).toHaveLength(3);
    expect(changesOf(filed.id)).toEqual(
      expect.arrayContaining([
        [null, "verifying", "filed"],
        ["verifying", "in_progress", "verified"],
        ["in_progress", "completed", "completed"],
      ]),
    );
    // The code is spent: the same code again answers as any wrong code does.
    await expect(owner.client.rightsRequests.verify(filed.id, { code })).rejects.toBeInstanceOf(
      VerificationFailedError,
    );
  });

  it("answers wrong, expired and reused codes alike, and rate-limits wrong ones until a new code", async () => {
    clock.set("2026-04-03T10:00:00.000Z");
    const owner = await signUp(reference);
    const filed = await owner.client.rightsRequests.create({ kind: "portability" });
    const code = codeFor(owner.owner.email, filed.id);
    const wrong = code === "000000" ? "111111" : "000000";
    const verify = callAs(reference, owner.session.token);
    const answers: unknown[] = [];
    const limit = reference.platform.limits.verificationCodeAttempts;
    for (let i = 0; i < limit; i++) {
      const response = await verify("POST", `/rights-requests/${filed.id}/verify`, { code: wrong });
      expect(response.status).toBe(422);
      const { type, title, status, detail } = await response.json();
      answers.push({ type, title, status, detail });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    // Past the limit even the right code is refused, until a new code is sent.
    await expect(owner.client.rightsRequests.verify(filed.id, { code })).rejects.toBeInstanceOf(
      RateLimitError,
    );
    const resent = await owner.client.rightsRequests.resendCode(filed.id);
    expect(resent.status).toBe("verifying");
    const fresh = codeFor(owner.owner.email, filed.id);
    // The previous code stopped working, and an expired fresh one answers like a wrong one.
    if (fresh !== code) {
      const old = await verify("POST", `/rights-requests/${filed.id}/verify`, { code });
      expect(await old.json()).toMatchObject(answers[0] as object);
    }
    clock.advance(1 + Date.parse(resent.verification.codeExpiresAt ?? "") - clock.now().getTime());
    const expired = await verify("POST", `/rights-requests/${filed.id}/verify`, { code: fresh });
    expect(expired.status).toBe(422);
    expect(await expired.json()).toMatchObject(answers[0] as object);
    await owner.client.rightsRequests.resendCode(filed.id);
    const verified = await owner.client.rightsRequests.verify(filed.id, {
      code: codeFor(owner.owner.email, filed.id),
    });
    expect(verified.status).toBe("in_progress");
  });

  it("files without a session alike whether the account exists; the token reaches its own request only", async () => {
    const operator = reference.operator();
    const testClock = await operator.testClocks.create({ frozenTime: "2026-05-01T00:00:00.000Z" });
    const owner = await signUp(reference, { testClockId: testClock.id });
    const anonymous = reference.client(null);
    const known = await anonymous.rightsRequests.createPublic({
      tenantId: owner.tenant.id,
      email: owner.owner.email.toUpperCase(),
      request: { kind: "know" },
    });
    const unknownEmail = `a${owner.owner.email.slice(1).replace("@", ".nobody@")}`;
    const unknown = await anonymous.rightsRequests.createPublic({
      tenantId: owner.tenant.id,
      email: unknownEmail,
      request: { kind: "know" },
    });
    const shape = (filed: typeof known) => ({
      ...filed.request,
      id: undefined,
      subject: undefined,
      verification: { ...filed.request.verification, sentTo: filed.request.verification.sentTo?.length },
    });
    expect(shape(known)).toEqual(shape(unknown));
    expect(known.request).toMatchObject({
      status: "verifying",
      channel: "privacy-address",
      testClockId: testClock.id,
    });
    expect(fakes.resend.emailsTo(unknownEmail)).toEqual([]);
    const byToken = reference.client(known.requestToken);
    expect((await byToken.rightsRequests.get(known.request.id)).id).toBe(known.request.id);
    await expect(byToken.rightsRequests.get(unknown.request.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      byToken.rightsRequests.verify(known.request.id, {
        code: "123456" === codeFor(owner.owner.email, known.request.id) ? "654321" : "123456",
      }),
    ).rejects.toBeInstanceOf(VerificationFailedError);

    // Nobody verifies: when the window ends both are closed as unverified; the account's owner is told.
    const windowEnds = addDuration(new Date(testClock.frozenTime), policy().rights.verification.window);
    await operator.testClocks.advanceAndWait(testClock.id, {
      frozenTime: new Date(windowEnds.getTime() - 1).toISOString(),
    });
    expect((await byToken.rightsRequests.get(known.request.id)).status).toBe("verifying");
    await operator.testClocks.advanceAndWait(testClock.id, { frozenTime: windowEnds.toISOString() });
    const closed = await byToken.rightsRequests.get(known.request.id);
    expect(closed).toMatchObject({
      status: "denied",
      denial: {
        reason: "unverified",
        deniedAt: windowEnds.toISOString(),
        requesterNotifiedAt: windowEnds.toISOString(),
      },
    });
    expect(emailsAbout(owner.owner.email, "request-unverified", known.request.id)).toHaveLength(1);
    const other = await reference.client(unknown.requestToken).rightsRequests.get(unknown.request.id);
    expect(other).toMatchObject({
      status: "denied",
      denial: { reason: "unverified", requesterNotifiedAt: null },
    });
  });

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

  it("erases through the eraser, due from the policy; cancels only before the deletion begins", async () => {
    clock.set("2026-04-06T10:00:00.000Z");
    const owner = await signUp(reference);
    await expect(owner.client.rightsRequests.create({ kind: "erasure" })).rejects.toBeInstanceOf(
      LastOwnerError,
    );
    const member = await signInAs(reference, owner, "member");
    const withdrawn = await member.client.rightsRequests.create({ kind: "delete" });
    const cancelled = await member.client.rightsRequests.cancel(withdrawn.id);
    expect(cancelled).toMatchObject({ status: "cancelled", cancelledAt: clock.now().toISOString() });
    await expect(member.client.rightsRequests.cancel(withdrawn.id)).rejects.toBeInstanceOf(ConflictError);

    const erasure = await member.client.rightsRequests.create({ kind: "erasure" });
    const verified = await member.client.rightsRequests.verify(erasure.id, {
      code: codeFor(member.user.email, erasure.id),
    });
    expect(parts.erasures).toContainEqual({
      source: { type: "rights-request", id: erasure.id },
      subject: { type: "user", userId: member.user.id },
      dueAt: addDuration(new Date(verified.verifiedAt ?? ""), policy().rights.erasureWithin),
    });
    await expect(member.client.rightsRequests.cancel(erasure.id)).rejects.toBeInstanceOf(ConflictError);
    await runDueJobs(reference, clock.now());
    const settled = await owner.client.rightsRequests.get(erasure.id);
    expect(settled).toMatchObject({ status: "completed", result: { type: "erasure" } });
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

describe.each(drivers)("rights requests without the privacy parts on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-02T10:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `rights-bare-${driver}`, clock: clock.now });
  beforeAll(async () => {
    reference = await bootReference(driver, {
      clock,
      fetch: (request) => fakes.fetch(request),
      parts: { messaging: { resend: { apiKey: "re_test_rights_bare", from: "privacy@crmfactory.example" } } },
    });
  });

  it("keeps an access request in progress, never faking an answer", async () => {
    const owner = await signUp(reference);
    const contact = await owner.client.contacts.create({ name: "Edsger" });
    const filed = await owner.client.rightsRequests.createForContact(contact.id, {
      kind: "access",
      identityVerifiedByTenant: true,
    });
    await runDueJobs(reference, addDuration(clock.now(), "P1D"));
    expect(await owner.client.rightsRequests.get(filed.id)).toMatchObject({
      status: "in_progress",
      result: null,
      completedAt: null,
    });
  });
});
