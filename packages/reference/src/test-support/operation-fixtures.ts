import { randomBytes } from "node:crypto";
import { operationPermissions } from "@crmfactory/api";
import type { AuditActor, AuditTarget } from "../platform/audit-trail.js";
import { baseUrl, operatorToken } from "./boot.js";
import { callbackSecret, type FixtureWorld, png, ssoAudience, type TenantFixture } from "./fixture-world.js";
import { createAuthenticator } from "./identity.js";

/** A valid request of one operation, built from real resources of the fixture world. */
export interface ValidRequest {
  token: string | null;
  /** The tenant whose schema the request changes (null: the catalogue only). */
  tenantId: string | null;
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  bytes?: { data: Uint8Array; contentType: string };
  /** The one audit entry a success appends, from the answer's body (`tenantId`: when not `tenantId` above). */
  // biome-ignore lint/suspicious/noExplicitAny: the JSON answer of any operation, read member by member.
  audit?: (answer: any) => { tenantId?: string; actor: AuditActor; target: AuditTarget };
}

/** Builds a valid request; it may create what the request needs (a fresh contact to delete...). */
export type Fixture = (world: FixtureWorld) => Promise<ValidRequest>;

const user = (id: string): AuditActor => ({ type: "user", id });
const suffix = () => randomBytes(3).toString("hex");
const as = (t: TenantFixture, params: Record<string, string> = {}, body?: unknown): ValidRequest => ({
  token: t.token,
  tenantId: t.tenantId,
  params,
  ...(body === undefined ? {} : { body }),
});
const operator = (params: Record<string, string> = {}, body?: unknown): ValidRequest => ({
  token: operatorToken,
  tenantId: null,
  params,
  ...(body === undefined ? {} : { body }),
});
const audited = (request: ValidRequest, audit: NonNullable<ValidRequest["audit"]>): ValidRequest => ({
  ...request,
  audit,
});
const onTenant = (t: { tenantId: string }, actor: string) => () => ({
  actor: user(actor),
  target: { type: "tenant", id: t.tenantId },
});
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

export const operationFixtures: Record<string, Fixture> = {
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
  listContacts: async (w) => ({ ...as(w.a), query: { limit: "5", email: "grace@navy.example" } }),
  createContact: async (w) =>
    as(
      w.a,
      {},
      {
        name: "Grace Hopper",
        email: `grace.${suffix()}@navy.example`,
        phone: "+15555550123",
        company: "Navy",
        customFields: { tier: "gold" },
        consent: { marketingEmail: true },
      },
    ),
  getContact: async (w) => as(w.a, { contactId: w.a.contactId }),
  updateContact: async (w) =>
    as(
      w.a,
      { contactId: w.a.contactId },
      { name: "Grace B. Hopper", company: "Navy", customFields: { tier: "x" } },
    ),
  deleteContact: async (w) => as(w.a, { contactId: await w.contact(w.a) }),
  listCrmObjects: async (w) => ({
    ...as(w.a),
    query: { limit: "5", type: "deal", contactId: w.a.contactId },
  }),
  createCrmObject: async (w) =>
    as(
      w.a,
      {},
      {
        type: "deal",
        name: "Big deal",
        contactIds: [w.a.contactId],
        properties: { stage: "won" },
        customFields: { tier: "gold" },
      },
    ),
  getCrmObject: async (w) => as(w.a, { crmObjectId: w.a.crmObjectId }),
  updateCrmObject: async (w) =>
    as(w.a, { crmObjectId: w.a.crmObjectId }, { name: "Bigger deal", contactIds: [w.a.contactId] }),
  deleteCrmObject: async (w) => {
    const { id } = await w.call(w.a.token, "POST", "/crm-objects", { type: "note", name: "Note" });
    return as(w.a, { crmObjectId: id });
  },
  listMessages: async (w) => ({
    ...as(w.a),
    query: { limit: "5", contactId: w.a.contactId, channel: "sms" },
  }),
  sendMessage: async (w) =>
    as(w.a, {}, { contactId: w.a.contactId, channel: "email", subject: "Your quote", body: "Attached." }),
  getMessage: async (w) => as(w.a, { messageId: w.a.messageId }),
  listCalls: async (w) => ({ ...as(w.a), query: { limit: "5", contactId: w.a.contactId, kind: "call" } }),
  createCall: async (w) =>
    as(
      w.a,
      {},
      {
        contactId: w.a.contactId,
        kind: "call",
        direction: "inbound",
        durationSeconds: 30,
        transcript: "Hi.",
      },
    ),
  getCall: async (w) => as(w.a, { callId: w.a.callId }),
  listMarketingMessages: async (w) => ({ ...as(w.a), query: { limit: "5" } }),
  createMarketingMessage: async (w) =>
    as(
      w.a,
      {},
      { channel: "email", contactIds: [w.a.contactId], subject: "Offer", body: "Ten percent off." },
    ),
  getMarketingMessage: async (w) => as(w.a, { marketingMessageId: w.a.marketingMessageId }),
  listIntegrations: async (w) => ({ ...as(w.a), query: { limit: "5" } }),
  connectIntegration: async (w) =>
    audited(as(w.a, {}, { provider: "salesforce", credentials: await w.salesforce() }), (answer) => ({
      actor: user(w.a.ownerId),
      target: { type: "integration", id: answer.id },
    })),
  getIntegration: async (w) => as(w.a, { integrationId: w.a.integrationId }),
  syncIntegration: async (w) =>
    audited(as(w.a, { integrationId: w.a.integrationId }), () => ({
      actor: user(w.a.ownerId),
      target: { type: "integration", id: w.a.integrationId },
    })),
  disconnectIntegration: async (w) => {
    const { id } = await w.call(w.a.token, "POST", "/integrations", {
      provider: "salesforce",
      credentials: await w.salesforce(),
    });
    return audited(as(w.a, { integrationId: id }), () => ({
      actor: user(w.a.ownerId),
      target: { type: "integration", id },
    }));
  },
  listIntegrationRecords: async (w) => ({
    ...as(w.a, { integrationId: w.a.integrationId }),
    query: { limit: "5", contactId: w.a.contactId },
  }),
  listTelemetryEvents: async (w) => ({
    ...as(w.a),
    query: { limit: "5", userId: w.a.ownerId, contactId: w.a.contactId },
  }),
  recordTelemetryEvent: async (w) =>
    as(
      w.a,
      {},
      {
        type: "feature-use",
        name: "/contacts",
        userId: w.a.ownerId,
        contactId: w.a.contactId,
        durationMs: 12,
        properties: { button: "save" },
      },
    ),
  listTelemetryAggregates: async (w) => ({ ...as(w.a), query: { limit: "5", granularity: "day" } }),
  getBilling: async (w) => as(w.a),
  changePlan: async (w) => {
    const billing = await w.call(w.a.token, "GET", "/billing");
    const plan = billing.plan === "growth" ? "enterprise" : "growth";
    return audited(as(w.a, {}, { plan }), onTenant(w.a, w.a.ownerId));
  },
  setPaymentMethod: async (w) =>
    audited(as(w.a, {}, { paymentMethodToken: "pm_card_visa" }), onTenant(w.a, w.a.ownerId)),
  listInvoices: async (w) => ({ ...as(w.a), query: { limit: "5" } }),
  createInvoice: async (w) =>
    audited(
      as(w.a, {}, { description: "Consulting", amount: { amount: 250, currency: "usd" } }),
      (answer) => ({
        actor: user(w.a.ownerId),
        target: { type: "invoice", id: answer.id },
      }),
    ),
  getInvoice: async (w) => as(w.a, { invoiceId: w.a.invoiceId }),
  listAuditEntries: async (w) => ({ ...as(w.a), query: { limit: "5", afterSequence: "1" } }),
  getAuditHead: async (w) => as(w.a),
  getRetentionSchedule: async (w) => as(w.a),
  listSubprocessors: async (w) => ({ ...as(w.a), query: { limit: "5" } }),
  listCallbackEndpoints: async (w) => ({ ...as(w.a), query: { limit: "5" } }),
  createCallbackEndpoint: async (w) =>
    audited(
      as(
        w.a,
        {},
        {
          url: `https://hooks-${suffix()}.acme.example/crmfactory`,
          events: ["export.ready"],
          secret: callbackSecret(),
          description: "Privacy desk",
        },
      ),
      (answer) => ({ actor: user(w.a.ownerId), target: { type: "callback-endpoint", id: answer.id } }),
    ),
  deleteCallbackEndpoint: async (w) => {
    const { id } = await w.call(w.a.token, "POST", "/callback-endpoints", {
      url: `https://hooks-${suffix()}.acme.example/crmfactory`,
      events: ["export.ready"],
      secret: callbackSecret(),
    });
    return audited(as(w.a, { endpointId: id }), () => ({
      actor: user(w.a.ownerId),
      target: { type: "callback-endpoint", id },
    }));
  },
  rotateCallbackSecret: async (w) =>
    audited(
      as(
        w.a,
        { endpointId: w.a.endpointId },
        { secret: callbackSecret(), previousSecretExpiresAt: "2099-01-01T00:00:00.000Z" },
      ),
      () => ({ actor: user(w.a.ownerId), target: { type: "callback-endpoint", id: w.a.endpointId } }),
    ),
  listCallbackDeliveries: async (w) => ({
    ...as(w.a, { endpointId: w.a.endpointId }),
    query: { limit: "5", status: "pending" },
  }),
  redeliverCallback: async (w) =>
    audited(as(w.a, { endpointId: w.a.endpointId, deliveryId: w.a.deliveryId }), () => ({
      actor: user(w.a.ownerId),
      target: { type: "callback-delivery", id: w.a.deliveryId },
    })),
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

/** The operation's path with the request's path parameters filled in. */
export function pathOf(operationId: string, params: Record<string, string>): string {
  const op = operationPermissions[operationId as keyof typeof operationPermissions];
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${operationId}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}

/** The HTTP request for a valid request, or a variant of it (another body, raw body, query, token). */
export function requestOf(
  operationId: string,
  valid: ValidRequest,
  change: {
    body?: unknown;
    raw?: string | Uint8Array;
    contentType?: string;
    query?: Record<string, string>;
    params?: Record<string, string>;
    authorization?: string | null;
  } = {},
): Request {
  const op = operationPermissions[operationId as keyof typeof operationPermissions];
  const url = new URL(`${baseUrl}${pathOf(operationId, { ...valid.params, ...change.params })}`);
  for (const [name, value] of Object.entries(change.query ?? valid.query ?? {}))
    url.searchParams.set(name, value);
  const headers: Record<string, string> = {};
  const authorization =
    change.authorization !== undefined ? change.authorization : valid.token && `Bearer ${valid.token}`;
  if (authorization) headers.authorization = authorization;
  let body: string | Uint8Array | undefined;
  if (change.raw !== undefined) body = change.raw;
  else if ("body" in change) body = change.body === undefined ? undefined : JSON.stringify(change.body);
  else if (valid.bytes) body = valid.bytes.data;
  else if (valid.body !== undefined) body = JSON.stringify(valid.body);
  if (body !== undefined) {
    headers["content-type"] =
      change.contentType ??
      (valid.bytes && change.raw === undefined && !("body" in change)
        ? valid.bytes.contentType
        : "application/json");
  }
  return new Request(url, {
    method: op.method,
    headers,
    ...(body === undefined ? {} : { body: body as BodyInit }),
  });
}
