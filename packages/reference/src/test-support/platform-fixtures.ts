import { operatorToken } from "./boot.js";
import { type FixtureWorld, png, ssoAudience } from "./fixture-world.js";
import { createAuthenticator } from "./identity.js";
import { as, audited, type Fixture, onTenant, operator, suffix, user } from "./valid-request.js";

/** Valid requests of the platform's operations: discovery, tenants, users, sessions, the trail, attestations, test clocks. */
const newUser = () => {
  const s = suffix();
  return { name: `User ${s}`, email: `user.${s}@acme.example`, role: "viewer", birthDate: "1985-05-05" };
};
const freshTenant = async (w: FixtureWorld) => {
  const t = await w.signUpTenant();
  return { ...t, as: (body?: unknown) => ({ token: t.token, tenantId: t.tenantId, params: {}, body }) };
};
const attestation = {
  attestedBy: { name: "Jane Operator", role: "Head of Security" },
  evidence: { reference: "https://trust.crmfactory.ai/soc2.pdf", description: "The SOC 2 report." },
  validUntil: "2027-04-01T00:00:00.000Z",
};

export const platformFixtures: Record<string, Fixture> = {
  getMeta: async () => ({ token: null, tenantId: null, params: {} }),
  getMetaPolicy: async () => ({ token: null, tenantId: null, params: {} }),
  createTenant: async () => {
    const s = suffix();
    return {
      token: null,
      tenantId: null,
      params: {},
      body: {
        companyName: `Acme ${s}`,
        owner: { name: `Ada ${s}`, email: `ada.${s}@acme.example`, birthDate: "1990-12-10", jobTitle: "CEO" },
        plan: "growth",
      },
      audit: (answer) => ({
        tenantId: answer.tenant.id,
        actor: user(answer.owner.id),
        target: { type: "tenant", id: answer.tenant.id },
      }),
    };
  },
  getTenant: async (w) => as(w.a),
  closeTenant: async (w) => {
    const t = await freshTenant(w);
    return audited(t.as({ confirmCompanyName: t.companyName, reason: "Moving on" }), onTenant(t, t.ownerId));
  },
  reopenTenant: async (w) => {
    const t = await freshTenant(w);
    await w.call(t.token, "POST", "/tenant/close", { confirmCompanyName: t.companyName });
    return audited(t.as(), onTenant(t, t.ownerId));
  },
  startSubscription: async (w) => {
    const t = await freshTenant(w);
    await w.call(t.token, "DELETE", "/tenant/subscription");
    return audited(t.as({ plan: "growth" }), onTenant(t, t.ownerId));
  },
  endSubscription: async (w) => {
    const t = await freshTenant(w);
    return audited(t.as(), onTenant(t, t.ownerId));
  },
  getSsoConfiguration: async (w) => as(w.a),
  configureSso: async (w) =>
    audited(
      as(w.a, {}, { issuer: w.a.idp.issuer, audience: ssoAudience, jwks: w.a.idp.jwks }),
      onTenant(w.a, w.a.ownerId),
    ),
  listUsers: async (w) => ({ ...as(w.a), query: { limit: "5" } }),
  createUser: async (w) =>
    audited(as(w.a, {}, { ...newUser(), jobTitle: "Analyst" }), (answer) => ({
      actor: user(w.a.ownerId),
      target: { type: "user", id: answer.id },
    })),
  getUser: async (w) => as(w.a, { userId: w.a.userId }),
  updateUser: async (w) =>
    audited(as(w.a, { userId: w.a.userId }, { name: `Renamed ${suffix()}`, jobTitle: "Lead" }), () => ({
      actor: user(w.a.ownerId),
      target: { type: "user", id: w.a.userId },
    })),
  deleteUser: async (w) => {
    const { id } = await w.call(w.a.token, "POST", "/users", newUser());
    return audited(as(w.a, { userId: id }), () => ({
      actor: user(w.a.ownerId),
      target: { type: "user", id },
    }));
  },
  getProfilePhoto: async (w) => as(w.a, { userId: w.a.ownerId }),
  uploadProfilePhoto: async (w) => ({
    ...as(w.a, { userId: w.a.ownerId }),
    bytes: { data: png(`photo ${suffix()}`), contentType: "image/png" },
    audit: () => ({ actor: user(w.a.ownerId), target: { type: "user", id: w.a.ownerId } }),
  }),
  createSessionChallenge: async (w) => ({
    token: null,
    tenantId: null,
    params: {},
    body: { tenantId: w.a.tenantId },
  }),
  listSessions: async (w) => ({ ...as(w.a), query: { limit: "5" } }),
  createSession: async (w) => {
    await w.call(w.a.token, "PUT", "/tenant/sso", {
      issuer: w.a.idp.issuer,
      audience: ssoAudience,
      jwks: w.a.idp.jwks,
    });
    const ssoToken = w.a.idp.token(w.a.ownerEmail, { aud: ssoAudience }, w.reference.platform.clock.now());
    return {
      token: null,
      tenantId: w.a.tenantId,
      params: {},
      body: { method: "sso", tenantId: w.a.tenantId, ssoToken },
      audit: (answer) => ({ actor: user(w.a.ownerId), target: { type: "session", id: answer.session.id } }),
    };
  },
  getCurrentSession: async (w) => as(w.a),
  rotateSession: async (w) => {
    const session = await w.ssoSession(w.a);
    return {
      token: session.token,
      tenantId: w.a.tenantId,
      params: {},
      audit: (answer) => ({ actor: user(w.a.ownerId), target: { type: "session", id: answer.session.id } }),
    };
  },
  revokeSession: async (w) => {
    const session = await w.ssoSession(w.a);
    return audited(as(w.a, { sessionId: session.id }), () => ({
      actor: user(w.a.ownerId),
      target: { type: "session", id: session.id },
    }));
  },
  listPasskeys: async (w) => ({ ...as(w.a), query: { limit: "5" } }),
  registerPasskey: async (w) => {
    const authenticator = createAuthenticator();
    return as(
      w.a,
      {},
      {
        credentialId: authenticator.credentialId,
        publicKeyJwk: authenticator.publicKeyJwk,
        name: "Laptop",
      },
    );
  },
  deletePasskey: async (w) => {
    const authenticator = createAuthenticator();
    const { id } = await w.call(w.a.token, "POST", "/passkeys", {
      credentialId: authenticator.credentialId,
      publicKeyJwk: authenticator.publicKeyJwk,
    });
    return as(w.a, { passkeyId: id });
  },
  listAuditEntries: async (w) => ({ ...as(w.a), query: { limit: "5", afterSequence: "1" } }),
  getAuditHead: async (w) => as(w.a),
  getRetentionSchedule: async (w) => as(w.a),
  listSubprocessors: async (w) => ({ ...as(w.a), query: { limit: "5" } }),
  listAttestations: async () => ({ ...operator(), query: { limit: "5" } }),
  putAttestation: async () => operator({ guaranteeId: "SEC-OPERATIONS" }, attestation),
  deleteAttestation: async (w) => {
    await w.call(operatorToken, "PUT", "/platform/attestations/SEC-OPERATIONS", attestation);
    return operator({ guaranteeId: "SEC-OPERATIONS" });
  },
  listTestClocks: async () => ({ ...operator(), query: { limit: "5" } }),
  createTestClock: async () => operator({}, { frozenTime: "2026-04-01T00:00:00.000Z", name: "a run" }),
  getTestClock: async (w) => operator({ testClockId: w.testClockId }),
  deleteTestClock: async (w) => {
    const { id } = await w.call(operatorToken, "POST", "/test-clocks", {
      frozenTime: "2026-04-01T00:00:00.000Z",
    });
    return operator({ testClockId: id });
  },
  advanceTestClock: async (w) =>
    operator({ testClockId: w.testClockId }, { frozenTime: "2030-04-01T00:00:00.000Z" }),
  getTestClockTenantInventory: async (w) =>
    operator({ testClockId: w.testClockId, tenantId: w.clockTenantId }),
};
