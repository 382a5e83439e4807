import type { FixtureWorld, TenantFixture } from "./fixture-world.js";
import { runDueJobs } from "./manual-clock.js";
import { as, audited, type Fixture, suffix, user } from "./valid-request.js";

/** The privacy resources every tenant of the fixture world holds (so the other tenant's ids are at hand). */
export interface PrivacyIds {
  deletionId: string;
  /** The erasure receipt of the deletion above. */
  receiptId: string;
  reportId: string;
  /** A tenant-filed erasure request about a contact, answered: its erasure receipt exists. */
  requestId: string;
  /** A tenant-filed access request about a contact, answered by a ready export. */
  accessRequestId: string;
  /** A ready export of the tenant. */
  exportId: string;
}

type Maker = Pick<FixtureWorld, "reference" | "call" | "contact">;

/**
 * One deletion, one report of a child's data, an erasure and an access request about contacts, and an
 * export; the due jobs run, so the exports are ready and the erasures done (their receipts completed).
 */
export async function privacyResources(w: Maker, t: TenantFixture): Promise<PrivacyIds> {
  const deletion = await w.call(t.token, "POST", "/deletions", {
    targets: [{ type: "contact", id: await w.contact(t) }],
  });
  const report = await w.call(t.token, "POST", "/minor-reports", {
    subject: { type: "contact", contactId: await w.contact(t) },
  });
  const erasure = await w.call(t.token, "POST", `/contacts/${await w.contact(t)}/rights-requests`, {
    kind: "erasure",
    identityVerifiedByTenant: true,
  });
  const access = await w.call(t.token, "POST", `/contacts/${t.contactId}/rights-requests`, {
    kind: "access",
    identityVerifiedByTenant: true,
  });
  const created = await w.call(t.token, "POST", "/exports", { scope: { type: "tenant" } });
  await runDueJobs(w.reference, w.reference.platform.clock.now());
  return {
    deletionId: deletion.id,
    receiptId: deletion.receiptId,
    reportId: report.id,
    requestId: erasure.id,
    accessRequestId: access.id,
    exportId: created.id,
  };
}

const list = (t: TenantFixture) => ({ ...as(t), query: { limit: "5" } });

/** Valid requests of erasure: early deletions, reports of a child's data, erasure receipts. */
export const privacyFixtures: Record<string, Fixture> = {
  // Each erases what it names: a fresh contact per build, so an accepted variant leaves the next one valid.
  createDeletion: async (w) =>
    audited(
      as(
        w.a,
        {},
        {
          targets: [{ type: "contact", id: await w.contact(w.a) }],
          reason: `Asked to be forgotten ${suffix()}`,
        },
      ),
      (answer) => ({ actor: user(w.a.ownerId), target: { type: "deletion", id: answer.id } }),
    ),
  listDeletions: async (w) => list(w.a),
  getDeletion: async (w) => as(w.a, { deletionId: w.a.deletionId }),
  listErasureReceipts: async (w) => ({ ...list(w.a), query: { limit: "5", status: "in_progress" } }),
  getErasureReceipt: async (w) => as(w.a, { receiptId: w.a.receiptId }),
  createMinorReport: async (w) =>
    audited(
      as(
        w.a,
        {},
        {
          subject: { type: "contact", contactId: await w.contact(w.a) },
          note: `Reported by a parent ${suffix()}`,
        },
      ),
      (answer) => ({ actor: user(w.a.ownerId), target: { type: "minor-report", id: answer.id } }),
    ),
  listMinorReports: async (w) => list(w.a),
  getMinorReport: async (w) => as(w.a, { reportId: w.a.reportId }),
  getRightsRequestReceipt: async (w) => as(w.a, { requestId: w.a.requestId }),
};
