import type { AuditActor } from "../platform/audit-trail.js";
import { operatorToken } from "./boot.js";
import type { FixtureWorld } from "./fixture-world.js";
import { as, audited, type Fixture, operator, suffix, user, type ValidRequest } from "./valid-request.js";

/** Valid requests of rights requests (a user's own, tenant-filed, sessionless, the operator's decisions) and exports. */

/** The owner's own access request, `verifying`, and the one-time code emailed for it (read at the Resend fake). */
async function ownRequest(w: FixtureWorld): Promise<{ id: string; code: () => string }> {
  const { id } = await w.call(w.a.token, "POST", "/rights-requests", { kind: "access" });
  const code = () => {
    const sent = w.fakes.resend
      .emailsTo(w.a.ownerEmail, { kind: "verification-code" })
      .filter((email) => email.crmfactory.ref === id);
    const last = sent[sent.length - 1]?.crmfactory.code;
    if (typeof last !== "string") throw new Error(`no code was emailed for ${id}`);
    return last;
  };
  return { id, code };
}

/** The owner's own access request, verified: `in_progress`, the controller's (the operator's) to decide. */
async function verifiedOwnRequest(w: FixtureWorld): Promise<string> {
  const { id, code } = await ownRequest(w);
  await w.call(w.a.token, "POST", `/rights-requests/${id}/verify`, { code: code() });
  return id;
}

/** A tenant-filed access request about the world's contact, `in_progress` (its export not written yet). */
async function contactRequest(w: FixtureWorld): Promise<string> {
  const { id } = await w.call(w.a.token, "POST", `/contacts/${w.a.contactId}/rights-requests`, {
    kind: "access",
    identityVerifiedByTenant: true,
  });
  return id;
}

const onRequest = (actor: AuditActor, id: string) => () => ({
  actor,
  target: { type: "rights-request", id },
});
const operatorActor: AuditActor = { type: "operator", id: "operator" };
/** An operator decision on a request of tenant a: the operator's token, tenant a's schema and trail. */
const decision = (id: string, body: unknown): ValidRequest => ({
  token: operatorToken,
  tenantId: null,
  params: { requestId: id },
  body,
});

export const rightsFixtures: Record<string, Fixture> = {
  createRightsRequest: async (w) =>
    as(w.a, {}, { kind: "access", description: `A copy, please ${suffix()}` }),
  listRightsRequests: async (w) => ({ ...as(w.a), query: { limit: "5", contactId: w.a.contactId } }),
  createContactRightsRequest: async (w) =>
    audited(
      as(
        w.a,
        { contactId: w.a.contactId },
        { kind: "access", identityVerifiedByTenant: true, description: `Asked by phone ${suffix()}` },
      ),
      (answer) => ({ actor: user(w.a.ownerId), target: { type: "rights-request", id: answer.id } }),
    ),
  getRightsRequest: async (w) => as(w.a, { requestId: w.a.requestId }),
  // A fresh `verifying` request each build: an accepted code is spent, and verifies its request once.
  verifyRightsRequest: async (w) => {
    const { id, code } = await ownRequest(w);
    return as(w.a, { requestId: id }, { code: code() });
  },
  resendRightsRequestCode: async (w) => as(w.a, { requestId: (await ownRequest(w)).id }),
  cancelRightsRequest: async (w) => as(w.a, { requestId: (await ownRequest(w)).id }),
  extendRightsRequest: async (w) => {
    const id = await contactRequest(w);
    return audited(
      as(w.a, { requestId: id }, { reason: `The contact's data spans many systems ${suffix()}` }),
      onRequest(user(w.a.ownerId), id),
    );
  },
  denyRightsRequest: async (w) => {
    const id = await contactRequest(w);
    return audited(
      as(w.a, { requestId: id }, { reason: "excessive", detail: `The third request this month ${suffix()}` }),
      onRequest(user(w.a.ownerId), id),
    );
  },
  createPublicRightsRequest: async (w) => ({
    token: null,
    tenantId: w.a.tenantId,
    params: {},
    body: {
      tenantId: w.a.tenantId,
      email: w.a.ownerEmail,
      request: { kind: "access", description: `My data, please ${suffix()}` },
    },
  }),
  listPlatformRightsRequests: async (w) => ({
    ...operator(),
    query: { limit: "5", testClockId: w.testClockId },
  }),
  extendPlatformRightsRequest: async (w) => {
    const id = await verifiedOwnRequest(w);
    return audited(
      { ...decision(id, { reason: `Many systems hold this account ${suffix()}` }), tenantId: w.a.tenantId },
      onRequest(operatorActor, id),
    );
  },
  denyPlatformRightsRequest: async (w) => {
    const id = await verifiedOwnRequest(w);
    return audited(
      {
        ...decision(id, { reason: "manifestly-unfounded", detail: `No account data ${suffix()}` }),
        tenantId: w.a.tenantId,
      },
      onRequest(operatorActor, id),
    );
  },

  createExport: async (w) =>
    audited(as(w.a, {}, { scope: { type: "contact", contactId: w.a.contactId } }), (answer) => ({
      actor: user(w.a.ownerId),
      target: { type: "export", id: answer.id },
    })),
  listExports: async (w) => ({ ...as(w.a), query: { limit: "5" } }),
  getExport: async (w) => as(w.a, { exportId: w.a.exportId }),
  getExportDocument: async (w) => as(w.a, { exportId: w.a.exportId }),
  getExportSchema: async (w) => as(w.a),
  getRightsRequestExport: async (w) => as(w.a, { requestId: w.a.accessRequestId }),
};
