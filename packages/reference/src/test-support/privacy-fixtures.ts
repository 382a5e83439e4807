import { addDuration } from "@crmfactory/taxonomy";
import { findTenant } from "../platform/tenant-records.js";
import { defaultEraser } from "../privacy/default-eraser.js";
import type { Eraser } from "../privacy/privacy-parts.js";
import { schemaOf } from "./digest.js";
import type { FixtureWorld, TenantFixture } from "./fixture-world.js";
import { as, audited, type Fixture, suffix, user } from "./valid-request.js";

/** The privacy resources every tenant of the fixture world holds (so the other tenant's ids are at hand). */
export interface PrivacyIds {
  deletionId: string;
  /** The erasure receipt of the deletion above. */
  receiptId: string;
  reportId: string;
  /** A rights request whose erasure receipt exists. */
  requestId: string;
}

type Maker = Pick<FixtureWorld, "reference" | "call" | "contact">;

/**
 * An erasure receipt whose source is a rights request of `requestId`, started through the eraser part as
 * the rights-request group does once the request is verified: the receipt a requester reads.
 */
async function rightsRequestReceipt(w: Maker, t: TenantFixture, requestId: string) {
  const { platform } = w.reference;
  const contactId = await w.contact(t);
  const schema = await schemaOf(w.reference, t.tenantId);
  const eraser = (platform.parts.eraser as Eraser | undefined) ?? defaultEraser;
  return platform.database.transaction(
    async (tx) => {
      const tenant = await findTenant(tx, t.tenantId);
      if (!tenant) throw new Error(`no tenant ${t.tenantId}`);
      const now = tenant.clockTime ?? platform.clock.now();
      return eraser.start(
        { tx, platform, tenant, now },
        {
          source: { type: "rights-request", id: requestId },
          subject: { type: "contact", contactId },
          dueAt: addDuration(now, platform.policy.rights.erasureWithin),
          requestedBy: { type: "system", id: "fixture-world" },
        },
      );
    },
    { searchPath: [schema, "catalog"] },
  );
}

/** One deletion, one report of a child's data and one rights request's receipt, each of a fresh contact. */
export async function privacyResources(w: Maker, t: TenantFixture): Promise<PrivacyIds> {
  const deletion = await w.call(t.token, "POST", "/deletions", {
    targets: [{ type: "contact", id: await w.contact(t) }],
  });
  const report = await w.call(t.token, "POST", "/minor-reports", {
    subject: { type: "contact", contactId: await w.contact(t) },
  });
  const requestId = crypto.randomUUID();
  await rightsRequestReceipt(w, t, requestId);
  return { deletionId: deletion.id, receiptId: deletion.receiptId, reportId: report.id, requestId };
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
