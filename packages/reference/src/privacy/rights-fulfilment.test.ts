import { createHash } from "node:crypto";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { addDuration } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { callAs, tenantSql } from "../test-support/data-plane.js";
import { manualClock, runDueJobs } from "../test-support/manual-clock.js";

// The composition root's own parts, end to end: a rights request answered by the default exporter or
// eraser, settled by the rights group's job, its answer served where the contract says.
describe.each(drivers)("rights requests fulfilled by the default parts on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-02T10:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `rights-fulfilment-${driver}`, clock: clock.now });
  beforeAll(async () => {
    reference = await bootReference(driver, {
      clock,
      fetch: (request) => fakes.fetch(request),
      parts: { messaging: { resend: { apiKey: "re_test_fulfilment", from: "privacy@crmfactory.example" } } },
    });
  });

  it("answers a contact's access request with an export of that contact only, digest and length matching", async () => {
    const owner = await signUp(reference);
    const ada = await owner.client.contacts.create({ name: "Ada Lovelace", email: "ada@example.org" });
    await owner.client.contacts.create({ name: "Grace Hopper", email: "grace@example.org" });
    const filed = await owner.client.rightsRequests.createForContact(ada.id, {
      kind: "access",
      identityVerifiedByTenant: true,
    });
    await runDueJobs(reference, clock.now());

    const answered = await owner.client.rightsRequests.get(filed.id);
    expect(answered).toMatchObject({ status: "completed", result: { type: "export" } });
    const result = answered.result as {
      exportId: string;
      sha256: string;
      byteLength: number;
      expiresAt: string;
    };
    expect(result.expiresAt).toBe(
      addDuration(clock.now(), reference.platform.limits.exportLinkLifetime).toISOString(),
    );
    expect((await owner.client.exports.get(result.exportId)).status).toBe("ready");

    const response = await callAs(reference, owner.session.token)(
      "GET",
      `/rights-requests/${filed.id}/export`,
    );
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.byteLength).toBe(result.byteLength);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(result.sha256);
    const text = Buffer.from(bytes).toString("utf8");
    expect(text).toContain("ada@example.org");
    expect(text).not.toContain("grace@example.org");
    expect(text).not.toContain("Grace Hopper");
  });

  it("answers a contact's erasure request with a completed receipt, and the contact is gone by SQL", async () => {
    const owner = await signUp(reference);
    const ada = await owner.client.contacts.create({ name: "Ada Byron", email: "byron@example.org" });
    const filed = await owner.client.rightsRequests.createForContact(ada.id, {
      kind: "erasure",
      identityVerifiedByTenant: true,
    });
    await runDueJobs(reference, clock.now());

    const answered = await owner.client.rightsRequests.get(filed.id);
    expect(answered).toMatchObject({ status: "completed", result: { type: "erasure" } });
    const { receiptId } = answered.result as { receiptId: string };
    const receipt = await owner.client.rightsRequests.getReceipt(filed.id);
    expect(receipt).toMatchObject({
      id: receiptId,
      status: "completed",
      source: { type: "rights-request", id: filed.id },
      subject: { type: "contact", contactId: ada.id },
    });
    expect(receipt.deleted.some((line) => line.recordType === "contact" && line.count === 1)).toBe(true);
    const rows = await tenantSql<{ id: string }>(
      reference,
      owner.tenant.id,
      "SELECT id FROM contacts WHERE id = $1",
      [ada.id],
    );
    expect(rows).toEqual([]);
  });
});
