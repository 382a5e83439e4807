import type { AuditActor } from "../platform/audit-trail.js";
import { operatorToken, signUp } from "./boot.js";
import type { FixtureWorld } from "./fixture-world.js";
import { as, audited, type Fixture, operator, suffix, type ValidRequest } from "./valid-request.js";

const operatorActor: AuditActor = { type: "operator", id: "operator" };
const clockStart = "2026-04-01T00:00:00.000Z";

/**
 * A fresh test clock with one tenant on it: platform-wide events are scoped to a clock's tenants in test
 * mode, and the world's own clock may be advancing (another operation's fixture) when these run.
 */
async function clockTenant(w: FixtureWorld) {
  const clock = await w.call(operatorToken, "POST", "/test-clocks", { frozenTime: clockStart });
  const signedUp = await signUp(w.reference, { testClockId: clock.id });
  return { testClockId: clock.id as string, tenantId: signedUp.tenant.id, token: signedUp.session.token };
}

/** A policy-change notice announced to a fresh clock tenant, and that tenant. */
async function announcedNotice(w: FixtureWorld) {
  const scope = await clockTenant(w);
  await w.call(operatorToken, "POST", "/platform/policy-notices", policyNoticeBody(scope.testClockId));
  const listed = await w.call(scope.token, "GET", "/notices");
  return { scope, noticeId: listed.data[0].id as string };
}

const incidentBody = (scope: { testClockId: string; tenantId: string }) => ({
  title: `Exposed key ${suffix()}`,
  description: "An API key of the support tool was found in a public paste.",
  detectedAt: "2026-03-31T12:00:00.000Z",
  affectedTenantIds: [scope.tenantId],
  categories: ["account"],
  testClockId: scope.testClockId,
});

const policyNoticeBody = (testClockId: string) => ({
  title: `Policy of July ${suffix()}`,
  summary: "Adds a subprocessor for support chat.",
  policyVersion: "2026-07-01",
  effectiveAt: "2026-07-01T00:00:00.000Z",
  material: true,
  testClockId,
});

/** An operator request that changes the clock tenant's schema (its notices, its trail). */
const onClockTenant = (scope: { tenantId: string }, request: ValidRequest): ValidRequest => ({
  ...request,
  tenantId: scope.tenantId,
});

/** Valid requests of incidents, policy-change announcements and the tenant's notices and banners. */
export const noticeFixtures: Record<string, Fixture> = {
  createIncident: async (w) => {
    const scope = await clockTenant(w);
    return operator({}, incidentBody(scope));
  },
  listIncidents: async () => ({ ...operator(), query: { limit: "5" } }),
  getIncident: async (w) => {
    const incident = await w.call(
      operatorToken,
      "POST",
      "/platform/incidents",
      incidentBody(await clockTenant(w)),
    );
    return operator({ incidentId: incident.id });
  },
  confirmIncident: async (w) => {
    const scope = await clockTenant(w);
    const incident = await w.call(operatorToken, "POST", "/platform/incidents", incidentBody(scope));
    return audited(
      onClockTenant(
        scope,
        operator({ incidentId: incident.id }, { summary: `Names were readable ${suffix()}` }),
      ),
      () => ({ actor: operatorActor, target: { type: "incident", id: incident.id } }),
    );
  },
  createPolicyNotice: async (w) => {
    const scope = await clockTenant(w);
    return audited(onClockTenant(scope, operator({}, policyNoticeBody(scope.testClockId))), (answer) => ({
      actor: operatorActor,
      target: { type: "policy-notice", id: answer.id },
    }));
  },
  listPolicyNotices: async () => ({ ...operator(), query: { limit: "5" } }),
  listNotices: async (w) => ({ ...as(w.a), query: { limit: "5", type: "breach" } }),
  getNotice: async (w) => {
    // Tenants a and b live on the wall clock, which platform-wide events never reach in test mode: the
    // other tenant's notice (the cross-tenant variants') is a notice of another clock's tenant.
    w.b.noticeId ??= await announcedNotice(w).then((n) => n.noticeId);
    const { scope, noticeId } = await announcedNotice(w);
    return { token: scope.token, tenantId: scope.tenantId, params: { noticeId } };
  },
  listBanners: async (w) => ({ ...as(w.a), query: { limit: "5" } }),
};
