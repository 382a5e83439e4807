import {
  ConflictError,
  LastOwnerError,
  NotFoundError,
  RateLimitError,
  VerificationFailedError,
} from "@crmfactory/sdk";
import { addDuration } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import { verificationCodeResends } from "../limits.js";
import { drivers, signUp, type TestReference } from "../test-support/boot.js";
import { callAs, tenantSql } from "../test-support/data-plane.js";
import { signInAs } from "../test-support/identity.js";
import { runDueJobs } from "../test-support/manual-clock.js";
import { digestDays, hook, rightsTestBed } from "../test-support/rights-requests.js";

// A user's own requests (CRM Factory as controller, §9): with a session and through the privacy address.
describe.each(drivers)("a user's own rights requests on %s", (driver) => {
  const bed = rightsTestBed(driver, "rights-own");
  const { clock, fakes, parts, codeFor, emailsAbout, changesOf } = bed;
  let reference: TestReference;
  beforeAll(() => {
    reference = bed.reference;
  });
  const policy = () => reference.platform.policy;

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

  it("answers wrong codes alike, and refuses every code and every resend once the guesses are spent", async () => {
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
    // Past the limit even the right code is refused, and no new code is sent: the guesses are spent.
    await expect(owner.client.rightsRequests.verify(filed.id, { code })).rejects.toBeInstanceOf(
      RateLimitError,
    );
    await expect(owner.client.rightsRequests.resendCode(filed.id)).rejects.toBeInstanceOf(RateLimitError);
    expect(emailsAbout(owner.owner.email, "verification-code", filed.id)).toHaveLength(1);
  });

  it("counts wrong codes per request across resends, so a new code buys no more guesses", async () => {
    clock.set("2026-04-03T12:00:00.000Z");
    const owner = await signUp(reference);
    const filed = await owner.client.rightsRequests.create({ kind: "portability" });
    const verify = callAs(reference, owner.session.token);
    const limit = reference.platform.limits.verificationCodeAttempts;
    const wrongFor = (code: string) => (code === "000000" ? "111111" : "000000");
    for (let i = 0; i < limit - 1; i++) {
      const code = codeFor(owner.owner.email, filed.id);
      const response = await verify("POST", `/rights-requests/${filed.id}/verify`, { code: wrongFor(code) });
      expect(response.status).toBe(422);
    }
    await owner.client.rightsRequests.resendCode(filed.id);
    const fresh = codeFor(owner.owner.email, filed.id);
    const last = await verify("POST", `/rights-requests/${filed.id}/verify`, { code: wrongFor(fresh) });
    expect(last.status).toBe(422);
    // The resend reset nothing: the last allowed guess is spent, and even the new code is refused.
    await expect(owner.client.rightsRequests.verify(filed.id, { code: fresh })).rejects.toBeInstanceOf(
      RateLimitError,
    );
    await expect(owner.client.rightsRequests.resendCode(filed.id)).rejects.toBeInstanceOf(RateLimitError);
    expect((await owner.client.rightsRequests.get(filed.id)).status).toBe("verifying");
  });

  it("caps resends per request; a replaced code answers like a wrong one", async () => {
    clock.set("2026-04-03T14:00:00.000Z");
    const owner = await signUp(reference);
    const filed = await owner.client.rightsRequests.create({ kind: "portability" });
    const verify = callAs(reference, owner.session.token);
    const first = codeFor(owner.owner.email, filed.id);
    const wrong = await verify("POST", `/rights-requests/${filed.id}/verify`, {
      code: first === "000000" ? "111111" : "000000",
    });
    const { type, title, status, detail } = await wrong.json();
    const failedAnswer = { type, title, status, detail };
    expect(verificationCodeResends).toBeGreaterThan(0);
    let resent = filed;
    for (let i = 0; i < verificationCodeResends; i++) {
      resent = await owner.client.rightsRequests.resendCode(filed.id);
      expect(resent.status).toBe("verifying");
    }
    const fresh = codeFor(owner.owner.email, filed.id);
    if (fresh !== first) {
      const old = await verify("POST", `/rights-requests/${filed.id}/verify`, { code: first });
      expect(await old.json()).toMatchObject(failedAnswer);
    }
    // One more than the cap is refused, and no email goes out for it.
    await expect(owner.client.rightsRequests.resendCode(filed.id)).rejects.toBeInstanceOf(RateLimitError);
    expect(emailsAbout(owner.owner.email, "verification-code", filed.id)).toHaveLength(
      1 + verificationCodeResends,
    );
    const verified = await owner.client.rightsRequests.verify(filed.id, { code: fresh });
    expect(verified.status).toBe("in_progress");
    expect(resent.verification.codeExpiresAt).toBeTruthy();
  });

  it("answers an expired code like a wrong one", async () => {
    clock.set("2026-04-03T16:00:00.000Z");
    const owner = await signUp(reference);
    const filed = await owner.client.rightsRequests.create({ kind: "portability" });
    const verify = callAs(reference, owner.session.token);
    const code = codeFor(owner.owner.email, filed.id);
    const wrong = await verify("POST", `/rights-requests/${filed.id}/verify`, {
      code: code === "000000" ? "111111" : "000000",
    });
    const { type, title, status, detail } = await wrong.json();
    const failedAnswer = { type, title, status, detail };
    clock.advance(1 + Date.parse(filed.verification.codeExpiresAt ?? "") - clock.now().getTime());
    const expired = await verify("POST", `/rights-requests/${filed.id}/verify`, { code });
    expect(expired.status).toBe(422);
    expect(await expired.json()).toMatchObject(failedAnswer);
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

  it("refuses at verification a sessionless erasure naming the last owner, until there is another owner", async () => {
    clock.set("2026-04-07T10:00:00.000Z");
    const owner = await signUp(reference);
    const filed = await reference.client(null).rightsRequests.createPublic({
      tenantId: owner.tenant.id,
      email: owner.owner.email,
      request: { kind: "erasure" },
    });
    const byToken = reference.client(filed.requestToken);
    const code = codeFor(owner.owner.email, filed.request.id);
    await expect(byToken.rightsRequests.verify(filed.request.id, { code })).rejects.toBeInstanceOf(
      LastOwnerError,
    );
    // Refused as at filing: nothing started, nothing deleted, the request still waits for its code.
    expect(JSON.stringify(parts.erasures)).not.toContain(filed.request.id);
    expect(await byToken.rightsRequests.get(filed.request.id)).toMatchObject({
      status: "verifying",
      verifiedAt: null,
      result: null,
    });
    // Once ownership is shared, the same code verifies and the erasure starts.
    await signInAs(reference, owner, "owner");
    const verified = await byToken.rightsRequests.verify(filed.request.id, { code });
    expect(verified.status).toBe("in_progress");
    expect(parts.erasures).toContainEqual(
      expect.objectContaining({
        source: { type: "rights-request", id: filed.request.id },
        subject: { type: "user", userId: owner.owner.id },
      }),
    );
  });

  it("erases through the eraser, due from the policy; cancels or denies only before the deletion begins", async () => {
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
    // Nor can the operator deny it once the deletion has begun: it stays in progress, nobody is told.
    await expect(
      reference.operator().platformRightsRequests.deny(erasure.id, { reason: "excessive" }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await member.client.rightsRequests.get(erasure.id)).status).toBe("in_progress");
    expect(emailsAbout(member.user.email, "request-denied", erasure.id)).toEqual([]);
    await runDueJobs(reference, clock.now());
    const settled = await owner.client.rightsRequests.get(erasure.id);
    expect(settled).toMatchObject({ status: "completed", result: { type: "erasure" } });
  });
});
