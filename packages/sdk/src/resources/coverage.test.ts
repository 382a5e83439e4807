import { openapiDocument } from "@crmfactory/api";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrivacyClient, type PrivacyClient } from "../client.js";
import type { OperationId, RequestBody } from "../operation-types.js";

// Every operation of the contract must be reachable from a resource method, with the right method and
// path. A new operation in the contract fails this test until the SDK wraps it.

const BASE = "https://privacy.crmfactory.test/v1";
const ID = "3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b";

/** A stand-in body: this test checks routing, not payloads. */
const body = <Op extends OperationId>(): RequestBody<Op> => ({}) as RequestBody<Op>;

/** The operations of `paths` (the contract's `webhooks` are callbacks the API sends, not calls). */
type CallableOperationId = Exclude<OperationId, `${string}Callback`>;

const calls: Record<CallableOperationId, (client: PrivacyClient) => Promise<unknown>> = {
  createTenant: (c) => c.tenant.create(body<"createTenant">()),
  getTenant: (c) => c.tenant.get(),
  closeTenant: (c) => c.tenant.close(body<"closeTenant">()),
  reopenTenant: (c) => c.tenant.reopen(),
  startSubscription: (c) => c.tenant.startSubscription(body<"startSubscription">()),
  endSubscription: (c) => c.tenant.endSubscription(),
  getSsoConfiguration: (c) => c.tenant.getSso(),
  configureSso: (c) => c.tenant.configureSso(body<"configureSso">()),
  listUsers: (c) => c.users.list().firstPage(),
  createUser: (c) => c.users.create(body<"createUser">()),
  getUser: (c) => c.users.get(ID),
  updateUser: (c) => c.users.update(ID, body<"updateUser">()),
  deleteUser: (c) => c.users.delete(ID),
  uploadProfilePhoto: (c) =>
    c.users.uploadProfilePhoto(ID, { data: new Uint8Array([1]), contentType: "image/webp" }),
  getProfilePhoto: (c) => c.users.getProfilePhoto(ID),
  createSessionChallenge: (c) => c.sessions.createChallenge(body<"createSessionChallenge">()),
  createSession: (c) => c.sessions.create(body<"createSession">()),
  listSessions: (c) => c.sessions.list().firstPage(),
  getCurrentSession: (c) => c.sessions.current(),
  rotateSession: (c) => c.sessions.rotate(),
  revokeSession: (c) => c.sessions.revoke(ID),
  registerPasskey: (c) => c.passkeys.register(body<"registerPasskey">()),
  listPasskeys: (c) => c.passkeys.list().firstPage(),
  deletePasskey: (c) => c.passkeys.delete(ID),
  listContacts: (c) => c.contacts.list().firstPage(),
  createContact: (c) => c.contacts.create(body<"createContact">()),
  getContact: (c) => c.contacts.get(ID),
  updateContact: (c) => c.contacts.update(ID, body<"updateContact">()),
  deleteContact: (c) => c.contacts.delete(ID),
  listCrmObjects: (c) => c.crmObjects.list().firstPage(),
  createCrmObject: (c) => c.crmObjects.create(body<"createCrmObject">()),
  getCrmObject: (c) => c.crmObjects.get(ID),
  updateCrmObject: (c) => c.crmObjects.update(ID, body<"updateCrmObject">()),
  deleteCrmObject: (c) => c.crmObjects.delete(ID),
  sendMessage: (c) => c.messages.send(body<"sendMessage">()),
  listMessages: (c) => c.messages.list().firstPage(),
  getMessage: (c) => c.messages.get(ID),
  createCall: (c) => c.calls.create(body<"createCall">()),
  listCalls: (c) => c.calls.list().firstPage(),
  getCall: (c) => c.calls.get(ID),
  createMarketingMessage: (c) => c.marketingMessages.create(body<"createMarketingMessage">()),
  listMarketingMessages: (c) => c.marketingMessages.list().firstPage(),
  getMarketingMessage: (c) => c.marketingMessages.get(ID),
  connectIntegration: (c) => c.integrations.connect(body<"connectIntegration">()),
  listIntegrations: (c) => c.integrations.list().firstPage(),
  getIntegration: (c) => c.integrations.get(ID),
  syncIntegration: (c) => c.integrations.sync(ID),
  disconnectIntegration: (c) => c.integrations.disconnect(ID),
  listIntegrationRecords: (c) => c.integrations.listRecords(ID).firstPage(),
  recordTelemetryEvent: (c) => c.telemetry.recordEvent(body<"recordTelemetryEvent">()),
  listTelemetryEvents: (c) => c.telemetry.listEvents().firstPage(),
  listTelemetryAggregates: (c) => c.telemetry.listAggregates().firstPage(),
  getBilling: (c) => c.billing.get(),
  changePlan: (c) => c.billing.changePlan(body<"changePlan">()),
  setPaymentMethod: (c) => c.billing.setPaymentMethod(body<"setPaymentMethod">()),
  listInvoices: (c) => c.invoices.list().firstPage(),
  createInvoice: (c) => c.invoices.create(body<"createInvoice">()),
  getInvoice: (c) => c.invoices.get(ID),
  createRightsRequest: (c) => c.rightsRequests.create(body<"createRightsRequest">()),
  listRightsRequests: (c) => c.rightsRequests.list().firstPage(),
  createContactRightsRequest: (c) =>
    c.rightsRequests.createForContact(ID, body<"createContactRightsRequest">()),
  getRightsRequest: (c) => c.rightsRequests.get(ID),
  verifyRightsRequest: (c) => c.rightsRequests.verify(ID, body<"verifyRightsRequest">()),
  resendRightsRequestCode: (c) => c.rightsRequests.resendCode(ID),
  extendRightsRequest: (c) => c.rightsRequests.extend(ID, body<"extendRightsRequest">()),
  denyRightsRequest: (c) => c.rightsRequests.deny(ID, body<"denyRightsRequest">()),
  getRightsRequestExport: (c) => c.rightsRequests.getExport(ID),
  getRightsRequestReceipt: (c) => c.rightsRequests.getReceipt(ID),
  createExport: (c) => c.exports.create(body<"createExport">()),
  listExports: (c) => c.exports.list().firstPage(),
  getExport: (c) => c.exports.get(ID),
  getExportDocument: (c) => c.exports.getDocument(ID),
  getExportSchema: (c) => c.exports.getSchema(),
  createDeletion: (c) => c.deletions.create(body<"createDeletion">()),
  listErasureReceipts: (c) => c.erasureReceipts.list().firstPage(),
  getErasureReceipt: (c) => c.erasureReceipts.get(ID),
  createMinorReport: (c) => c.minorReports.create(body<"createMinorReport">()),
  listMinorReports: (c) => c.minorReports.list().firstPage(),
  getMinorReport: (c) => c.minorReports.get(ID),
  listAuditEntries: (c) => c.audit.list().firstPage(),
  getAuditHead: (c) => c.audit.head(),
  getRetentionSchedule: (c) => c.retention.schedule(),
  listSubprocessors: (c) => c.subprocessors.list().firstPage(),
  listNotices: (c) => c.notices.list().firstPage(),
  getNotice: (c) => c.notices.get(ID),
  listBanners: (c) => c.banners.list().firstPage(),
  getAiSettings: (c) => c.ai.getSettings(),
  updateAiFeature: (c) => c.ai.updateFeature("lead-scoring", body<"updateAiFeature">()),
  runAiFeature: (c) => c.ai.run(body<"runAiFeature">()),
  listAiScores: (c) => c.ai.listScores().firstPage(),
  listAiProposals: (c) => c.ai.listProposals().firstPage(),
  getAiProposal: (c) => c.ai.getProposal(ID),
  approveAiProposal: (c) => c.ai.approveProposal(ID),
  rejectAiProposal: (c) => c.ai.rejectProposal(ID),
  createCallbackEndpoint: (c) => c.callbackEndpoints.create(body<"createCallbackEndpoint">()),
  listCallbackEndpoints: (c) => c.callbackEndpoints.list().firstPage(),
  deleteCallbackEndpoint: (c) => c.callbackEndpoints.delete(ID),
  createIncident: (c) => c.incidents.create(body<"createIncident">()),
  listIncidents: (c) => c.incidents.list().firstPage(),
  getIncident: (c) => c.incidents.get(ID),
  confirmIncident: (c) => c.incidents.confirm(ID),
  createPolicyNotice: (c) => c.policyNotices.create(body<"createPolicyNotice">()),
  listPolicyNotices: (c) => c.policyNotices.list().firstPage(),
  createTestClock: (c) => c.testClocks.create(body<"createTestClock">()),
  listTestClocks: (c) => c.testClocks.list().firstPage(),
  getTestClock: (c) => c.testClocks.get(ID),
  deleteTestClock: (c) => c.testClocks.delete(ID),
  advanceTestClock: (c) => c.testClocks.advance(ID, body<"advanceTestClock">()),
  getTestClockTenantInventory: (c) => c.testClocks.getTenantInventory(ID, ID),
};

interface Operation {
  operationId: string;
  method: string;
  template: string;
  pattern: RegExp;
}

const operations: Operation[] = Object.entries(openapiDocument.paths).flatMap(([template, item]) =>
  (["get", "put", "post", "delete", "patch"] as const).flatMap((method) => {
    const operation = item[method];
    if (!operation) return [];
    const pattern = new RegExp(`^/v1${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    return [{ operationId: operation.operationId, method: method.toUpperCase(), template, pattern }];
  }),
);

let hits: { method: string; pathname: string }[] = [];
const server = setupServer(
  http.all(`${BASE}/*`, ({ request }) => {
    const { pathname } = new URL(request.url);
    hits.push({ method: request.method, pathname });
    if (request.method === "DELETE" && !pathname.endsWith("/subscription"))
      return new HttpResponse(null, { status: 204 });
    if (pathname.endsWith("/profile-photo") && request.method === "GET")
      return new HttpResponse(new Uint8Array([1]));
    return HttpResponse.json({ data: [], nextCursor: null });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe("resource coverage of the contract", () => {
  it("wraps every operation of the contract, and nothing else", () => {
    expect(Object.keys(calls).sort()).toEqual(operations.map((o) => o.operationId).sort());
  });

  it.each(operations)("$operationId is $method $template", async ({ operationId, method, pattern }) => {
    const call = calls[operationId as CallableOperationId];
    if (!call) throw new Error(`no resource method for ${operationId}`);
    hits = [];
    await call(createPrivacyClient({ baseUrl: BASE, apiKey: "tok", maxRetries: 0 }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.method).toBe(method);
    expect(hits[0]?.pathname).toMatch(pattern);
  });
});
