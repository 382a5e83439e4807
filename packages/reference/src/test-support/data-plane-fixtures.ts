import { callbackSecret } from "./fixture-world.js";
import { as, audited, type Fixture, onTenant, suffix, user } from "./valid-request.js";

/** Valid requests of the data plane: contacts, CRM objects, messages, calls, marketing, integrations, telemetry, billing, callbacks. */
export const dataPlaneFixtures: Record<string, Fixture> = {
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
};
