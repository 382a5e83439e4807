import type { components, operations, webhooks } from "@crmfactory/api";
import { describe, expectTypeOf, it } from "vitest";
import type { ApiPromise, WithResponse } from "./api-promise.js";
import { type AuditChainResult, verifyAuditTrail } from "./audit.js";
import { type CallbackEvent, verifyCallbackSignature } from "./callbacks.js";
import { createPrivacyClient, type PrivacyClientOptions } from "./client.js";
import type {
  PrivacyApiError,
  ProblemDetails,
  RateLimitError,
  TestClockAdvancingError,
  TestClockFailedError,
  ValidationError,
} from "./errors.js";
import type { OperationMethods } from "./generated/operations.js";
import type { ClientResources, resourceTables, TabledOperationId } from "./generated/resources.js";
import type { Paginator } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";

type Schemas = components["schemas"];

type JsonMediaType = `${string}/json` | `${string}+json`;
/** The schema types of an operation's JSON request body (one per JSON media type); `never` without one. */
type JsonBodySchemas<Op> = Op extends { requestBody?: infer Body }
  ? [NonNullable<Body>] extends [never]
    ? never
    : NonNullable<Body> extends { content: infer Content }
      ? Content[Extract<keyof Content, JsonMediaType>]
      : never
  : never;
/** The operations taking a JSON request body. */
type JsonBodyOperations<Ops> = {
  [K in keyof Ops]-?: [JsonBodySchemas<Ops[K]>] extends [never] ? never : K;
}[keyof Ops];
/** The operations whose JSON request body is typed `unknown` (it accepts anything). */
type UnknownJsonBodies<Ops> = {
  [K in keyof Ops]-?: unknown extends JsonBodySchemas<Ops[K]> ? K : never;
}[keyof Ops];
/** The schemas typed `unknown`. */
type UnknownSchemas<S> = { [K in keyof S]-?: unknown extends S[K] ? K : never }[keyof S];

const client = createPrivacyClient({ baseUrl: "https://privacy.example.com/v1", apiKey: "tok" });
const id = "3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b";

describe("types flow from the contract", () => {
  it("rightsRequests.create takes RightsRequestCreate and resolves with a RightsRequest", () => {
    expectTypeOf(client.rightsRequests.create).parameter(0).toEqualTypeOf<Schemas["RightsRequestCreate"]>();
    expectTypeOf(client.rightsRequests.create).returns.toEqualTypeOf<ApiPromise<Schemas["RightsRequest"]>>();
    expectTypeOf(client.rightsRequests.create).returns.resolves.toEqualTypeOf<Schemas["RightsRequest"]>();
    expectTypeOf(client.rightsRequests.create).returns.toExtend<Promise<Schemas["RightsRequest"]>>();
    expectTypeOf(client.rightsRequests.create).returns.not.toBeAny();
    client.rightsRequests.create({ kind: "erasure", description: "Delete everything" });
  });

  it("request bodies are checked against their schema", () => {
    expectTypeOf(client.exports.create).parameter(0).toEqualTypeOf<Schemas["ExportCreate"]>();
    client.exports.create({ scope: { type: "tenant" }, categories: ["crm", "billing"] });
    // @ts-expect-error not a data category of the contract
    client.exports.create({ scope: { type: "tenant" }, categories: ["dreams"] });
    // @ts-expect-error scope is required
    client.exports.create({ categories: ["crm"] });
    // @ts-expect-error the schema is closed (additionalProperties: false)
    client.exports.create({ scope: { type: "tenant" }, format: "xml" });
    // @ts-expect-error an unknown denial reason
    client.rightsRequests.deny(id, { reason: "too busy" });
  });

  it("no operation's JSON request body, and no schema, is `unknown`", () => {
    // openapi-typescript turns a union branch without a type of its own (`not`, `if`, a bare
    // `required: [...]`) into `unknown`, and `T | unknown` is `unknown`: such a body accepts anything.
    // Read straight from the generated types (webhooks included), not through the SDK's helpers.
    expectTypeOf<UnknownJsonBodies<operations>>().toEqualTypeOf<never>();
    expectTypeOf<UnknownSchemas<Schemas>>().toEqualTypeOf<never>();
    // The detectors themselves: they find what is `unknown`, and only that.
    type FakeOperations = {
      untyped: { requestBody: { content: { "application/json": unknown } } };
      patch: { requestBody?: { content: { "application/merge-patch+json": unknown } } };
      mixed: { requestBody: { content: { "application/json": { a: 1 }; "text/plain+json": unknown } } };
      typed: { requestBody: { content: { "application/json": { kind: "access" } } } };
      none: { requestBody?: never };
      parametersOnly: { parameters: { query?: { limit?: number } } };
      binary: { requestBody: { content: { "image/png": unknown } } };
    };
    expectTypeOf<UnknownJsonBodies<FakeOperations>>().toEqualTypeOf<"untyped" | "patch" | "mixed">();
    expectTypeOf<JsonBodyOperations<FakeOperations>>().toEqualTypeOf<
      "untyped" | "patch" | "mixed" | "typed"
    >();
    expectTypeOf<
      UnknownSchemas<{ a: { x: 1 } | unknown; b: string; c: Record<string, unknown> }>
    >().toEqualTypeOf<"a">();
    // ...and they do look at the contract's bodies.
    expectTypeOf<"createRightsRequest" | "sendMessage" | "runAiFeature" | "connectIntegration">().toExtend<
      JsonBodyOperations<operations>
    >();
  });

  it("rights request bodies are discriminated by kind, each shape closed", () => {
    expectTypeOf<Schemas["RightsRequestCreate"]>().toEqualTypeOf<
      | Schemas["RectificationRequestCreate"]
      | Schemas["RestrictionOrObjectionRequestCreate"]
      | Schemas["ConsentWithdrawalRequestCreate"]
      | Schemas["PlainRightsRequestCreate"]
    >();
    // The branches' tags cover the contract's kinds, no more, no less.
    expectTypeOf<Schemas["RightsRequestCreate"]["kind"]>().toEqualTypeOf<Schemas["RightsRequestKind"]>();
    expectTypeOf<Schemas["ContactRightsRequestCreate"]["kind"]>().toEqualTypeOf<
      Schemas["RightsRequestKind"]
    >();
    expectTypeOf<Extract<Schemas["RightsRequestCreate"], { kind: "rectification" }>>().toEqualTypeOf<
      Schemas["RectificationRequestCreate"]
    >();

    const changes = [{ field: "name", value: "Ada King" }];
    client.rightsRequests.create({ kind: "rectification", changes });
    client.rightsRequests.create({ kind: "objection", processing: ["ai-scoring"] });
    client.rightsRequests.create({ kind: "withdraw-consent", channels: ["sms"] });
    client.rightsRequests.create({ kind: "opt-out-of-sale" });
    // @ts-expect-error a rectification lists the changes
    client.rightsRequests.create({ kind: "rectification" });
    // @ts-expect-error `changes` belongs to rectification only
    client.rightsRequests.create({ kind: "access", changes });
    // @ts-expect-error `processing` belongs to restriction and objection only
    client.rightsRequests.create({ kind: "withdraw-consent", processing: ["marketing"] });
    // @ts-expect-error `channels` belongs to withdraw-consent only
    client.rightsRequests.create({ kind: "restriction", channels: ["sms"] });
    // @ts-expect-error not a kind of the contract
    client.rightsRequests.create({ kind: "forget-me" });

    client.rightsRequests.createForContact(id, {
      kind: "rectification",
      identityVerifiedByTenant: true,
      changes,
    });
    // @ts-expect-error a rectification lists the changes, about a contact too
    client.rightsRequests.createForContact(id, { kind: "rectification", identityVerifiedByTenant: true });
    // @ts-expect-error the tenant vouches for the requester
    client.rightsRequests.createForContact(id, { kind: "erasure" });
    client.rightsRequests.createForContact(id, {
      kind: "erasure",
      identityVerifiedByTenant: true,
      // @ts-expect-error `processing` belongs to restriction and objection only
      processing: ["marketing"],
    });
  });

  it("a narrowed rights request body has its kind's fields", () => {
    const body = {} as Schemas["RightsRequestCreate"];
    if (body.kind === "rectification") {
      expectTypeOf(body.changes).toEqualTypeOf<Schemas["RectificationChange"][]>();
    } else if (body.kind === "restriction" || body.kind === "objection") {
      expectTypeOf(body.processing).toEqualTypeOf<Schemas["RestrictableProcessing"][] | undefined>();
    } else if (body.kind === "withdraw-consent") {
      expectTypeOf(body.channels).toEqualTypeOf<Schemas["MarketingChannel"][] | undefined>();
    } else {
      expectTypeOf(body.kind).toEqualTypeOf<
        "access" | "erasure" | "portability" | "know" | "delete" | "opt-out-of-sale"
      >();
      expectTypeOf(body).not.toHaveProperty("changes");
    }
  });

  it("message bodies are discriminated by channel", () => {
    expectTypeOf<Schemas["MessageCreate"]["channel"]>().toEqualTypeOf<Schemas["MessageChannel"]>();
    expectTypeOf<Schemas["MarketingMessageCreate"]["channel"]>().toEqualTypeOf<Schemas["MarketingChannel"]>();
    client.messages.send({ contactId: id, channel: "email", subject: "Your quote", body: "Hello Grace." });
    client.messages.send({ contactId: id, channel: "whatsapp", body: "Hello Grace." });
    // @ts-expect-error an email has a subject
    client.messages.send({ contactId: id, channel: "email", body: "Hello Grace." });
    // @ts-expect-error an SMS has none
    client.messages.send({ contactId: id, channel: "sms", subject: "Hi", body: "Hello Grace." });
    // @ts-expect-error not a channel of the contract
    client.messages.send({ contactId: id, channel: "fax", body: "Hello Grace." });

    client.marketingMessages.create({ channel: "sms", contactIds: [id], body: "20% off." });
    client.marketingMessages.create({
      channel: "email",
      contactIds: [id],
      subject: "Spring",
      body: "20% off.",
    });
    // @ts-expect-error a marketing email has a subject
    client.marketingMessages.create({ channel: "email", contactIds: [id], body: "20% off." });
    client.marketingMessages.create({
      channel: "sms",
      contactIds: [id],
      // @ts-expect-error a marketing SMS has no subject
      subject: "Spring",
      body: "20% off.",
    });
    // @ts-expect-error WhatsApp is not a marketing channel
    client.marketingMessages.create({ channel: "whatsapp", contactIds: [id], body: "20% off." });
  });

  it("AI runs are discriminated by feature", () => {
    expectTypeOf<Schemas["AiRunCreate"]["feature"]>().toEqualTypeOf<Schemas["AiFeature"]>();
    client.ai.run({ feature: "lead-scoring", contactId: id });
    client.ai.run({ feature: "response-suggestions", contactId: id, channel: "email" });
    client.ai.run({ feature: "workflow-automation", contactId: id, workflow: "disqualify-lead" });
    client.ai.run({ feature: "voice-agent", contactId: id, callId: id });
    // @ts-expect-error response suggestions need a channel
    client.ai.run({ feature: "response-suggestions", contactId: id });
    // @ts-expect-error workflow automation names the workflow
    client.ai.run({ feature: "workflow-automation", contactId: id });
    // @ts-expect-error the voice agent analyses a call
    client.ai.run({ feature: "voice-agent", contactId: id });
    // @ts-expect-error lead scoring takes no channel
    client.ai.run({ feature: "lead-scoring", contactId: id, channel: "sms" });
  });

  it("integration credentials are one complete credential set", () => {
    expectTypeOf<Schemas["IntegrationCreate"]["credentials"]>().toEqualTypeOf<
      Schemas["AccessTokenCredentials"] | Schemas["ClientCredentials"] | Schemas["PasswordCredentials"]
    >();
    const baseUrl = "https://erp.acme.example";
    client.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl, accessToken: "00D!AQ4AQ" },
    });
    client.integrations.connect({
      provider: "sap",
      credentials: { baseUrl, clientId: "c", clientSecret: "s" },
    });
    client.integrations.connect({
      provider: "netsuite",
      credentials: { baseUrl, username: "u", password: "p", accountId: "123456" },
    });
    // @ts-expect-error half a credential set
    client.integrations.connect({ provider: "sap", credentials: { baseUrl, clientId: "c" } });
    // @ts-expect-error no credential set at all
    client.integrations.connect({ provider: "sap", credentials: { baseUrl } });
    // @ts-expect-error the instance is required
    client.integrations.connect({ provider: "salesforce", credentials: { accessToken: "00D!AQ4AQ" } });
  });

  it("path parameters are positional and typed", () => {
    expectTypeOf(client.rightsRequests.get).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(client.rightsRequests.get(id)).resolves.toEqualTypeOf<Schemas["RightsRequest"]>();
    // @ts-expect-error the id is a string
    client.rightsRequests.get(42);
    // @ts-expect-error the id is required
    client.rightsRequests.get();
    client.ai.updateFeature("lead-scoring", { enabled: false });
    // @ts-expect-error not an AI feature of the contract
    client.ai.updateFeature("mind-reading", { enabled: false });
  });

  it("bodies of sub-resource actions are checked", () => {
    client.rightsRequests.verify(id, { code: "123456" });
    // @ts-expect-error the code is required
    client.rightsRequests.verify(id, {});
    // @ts-expect-error verify takes a body
    client.rightsRequests.verify(id);
    expectTypeOf(client.rightsRequests.extend).parameter(1).toEqualTypeOf<Schemas["RightsRequestExtend"]>();
  });

  it("list methods return paginators of the contract's list type", () => {
    const list = client.rightsRequests.list({ status: ["verifying"], kind: "access", limit: 50 });
    expectTypeOf(list).toEqualTypeOf<Paginator<Schemas["RightsRequestList"]>>();
    expectTypeOf(list).resolves.toEqualTypeOf<Schemas["RightsRequestList"]>();
    expectTypeOf(list.toArray({ limit: 10 })).resolves.toEqualTypeOf<Schemas["RightsRequest"][]>();
    expectTypeOf(list[Symbol.asyncIterator]().next()).resolves.toMatchTypeOf<
      IteratorResult<Schemas["RightsRequest"], void>
    >();
    // @ts-expect-error not a status of the contract
    client.rightsRequests.list({ status: ["lost"] });
    // @ts-expect-error status filters are lists (contract 0.2)
    client.rightsRequests.list({ status: "verifying" });
    client.rightsRequests.list({ overdue: true, userId: id });
    // @ts-expect-error the paginator owns the cursor
    client.rightsRequests.list({ cursor: "abc" });
    expectTypeOf(client.subprocessors.list().toArray({ limit: 1 })).resolves.toEqualTypeOf<
      Schemas["Subprocessor"][]
    >();
    expectTypeOf(client.audit.list({ afterSequence: 10 }).firstPage()).resolves.toEqualTypeOf<
      Schemas["AuditEntryList"]
    >();
  });

  it("singletons, deletions and binary bodies", () => {
    expectTypeOf(client.retention.schedule()).resolves.toEqualTypeOf<Schemas["RetentionSchedule"]>();
    expectTypeOf(client.tenant.get()).resolves.toEqualTypeOf<Schemas["Tenant"]>();
    expectTypeOf(client.contacts.delete(id)).resolves.toEqualTypeOf<void>();
    expectTypeOf(client.users.getProfilePhoto(id)).resolves.toEqualTypeOf<Blob>();
    client.users.uploadProfilePhoto(id, { data: new Uint8Array(), contentType: "image/png" });
    // @ts-expect-error only the contract's image types
    client.users.uploadProfilePhoto(id, { data: new Uint8Array(), contentType: "image/gif" });
    expectTypeOf(
      client.testClocks.advanceAndWait(id, { frozenTime: "2027-01-01T00:00:00.000Z" }),
    ).resolves.toEqualTypeOf<Schemas["TestClock"]>();
  });

  it("verifyAuditTrail takes a client's audit resource and resolves with a verdict", () => {
    expectTypeOf(verifyAuditTrail(client.audit)).resolves.toEqualTypeOf<AuditChainResult>();
    verifyAuditTrail(client.audit, { since: { sequence: 3, hash: "0".repeat(64) }, timeoutMs: 5_000 });
    // @ts-expect-error the audit resource, not the client
    verifyAuditTrail(client);
  });

  it("per-request options go last", () => {
    expectTypeOf(client.exports.get).parameter(1).toEqualTypeOf<RequestOptions | undefined>();
    client.exports.create(
      { scope: { type: "tenant" } },
      { idempotencyKey: "export-1", timeoutMs: 1_000, retries: { maxRetries: 0, baseDelayMs: 100 } },
    );
    client.exports.get(id, {
      retries: false,
      signal: AbortSignal.timeout(1_000),
      headers: { "X-Trace": "1" },
    });
    // @ts-expect-error retries are `false` or settings, not a count
    client.exports.get(id, { retries: 3 });
    // @ts-expect-error 0.1's `maxRetries` is `retries.maxRetries` now
    client.exports.get(id, { maxRetries: 3 });
    // @ts-expect-error not a request option
    client.exports.get(id, { timeout: 3 });
  });

  it("client.raw is openapi-fetch typed by the contract", async () => {
    const { data } = await client.raw.GET("/rights-requests/{requestId}", {
      params: { path: { requestId: id } },
    });
    expectTypeOf(data).toEqualTypeOf<Schemas["RightsRequest"] | undefined>();
    // @ts-expect-error not a path of the contract
    client.raw.GET("/secret-admin");
    // @ts-expect-error the path parameter is required
    client.raw.GET("/rights-requests/{requestId}", { params: { path: {} } });
  });
});

describe("contract 0.2's operations", () => {
  it("discovery is public and typed", () => {
    const anonymous = createPrivacyClient({ baseUrl: "https://privacy.example.com/v1", apiKey: null });
    expectTypeOf(anonymous.meta.get()).resolves.toEqualTypeOf<Schemas["Meta"]>();
    expectTypeOf(anonymous.meta.policy()).resolves.toEqualTypeOf<Schemas["PolicyDocument"]>();
    expectTypeOf<Schemas["Meta"]["mode"]>().toEqualTypeOf<"test" | "production">();
  });

  it("a request without a session returns its request token; cancel takes none", () => {
    expectTypeOf(client.rightsRequests.createPublic)
      .parameter(0)
      .toEqualTypeOf<Schemas["PublicRightsRequestCreate"]>();
    expectTypeOf(
      client.rightsRequests.createPublic({
        tenantId: id,
        email: "ada@acme.example",
        request: { kind: "access" },
      }),
    ).resolves.toEqualTypeOf<Schemas["PublicRightsRequestFiled"]>();
    expectTypeOf<Schemas["PublicRightsRequestFiled"]["requestToken"]>().toEqualTypeOf<string>();
    client.rightsRequests.createPublic({
      tenantId: id,
      email: "ada@acme.example",
      // @ts-expect-error the request is a rights request body
      request: { kind: "forget-me" },
    });
    expectTypeOf(client.rightsRequests.cancel).parameters.toEqualTypeOf<
      [requestId: string, options?: RequestOptions]
    >();
    expectTypeOf(client.rightsRequests.cancel(id)).resolves.toEqualTypeOf<Schemas["RightsRequest"]>();
  });

  it("deletions, callback secrets and the delivery log", () => {
    expectTypeOf(client.deletions.get(id)).resolves.toEqualTypeOf<Schemas["Deletion"]>();
    expectTypeOf(client.deletions.list()).toEqualTypeOf<Paginator<Schemas["DeletionList"]>>();
    expectTypeOf(client.callbackEndpoints.rotateSecret)
      .parameter(1)
      .toEqualTypeOf<Schemas["CallbackSecretRotate"]>();
    expectTypeOf(
      client.callbackEndpoints.rotateSecret(id, { secret: "s".repeat(32) }),
    ).resolves.toEqualTypeOf<Schemas["CallbackEndpoint"]>();
    const deliveries = client.callbackEndpoints.listDeliveries(id, { status: "failed" });
    expectTypeOf(deliveries).toEqualTypeOf<Paginator<Schemas["CallbackDeliveryList"]>>();
    // @ts-expect-error not a delivery status
    client.callbackEndpoints.listDeliveries(id, { status: "lost" });
    expectTypeOf(client.callbackEndpoints.redeliver).parameters.toEqualTypeOf<
      [endpointId: string, deliveryId: string, options?: RequestOptions]
    >();
    expectTypeOf(client.callbackEndpoints.redeliver(id, id)).resolves.toEqualTypeOf<
      Schemas["CallbackDelivery"]
    >();
  });

  it("the operator's attestations and controller decisions", () => {
    expectTypeOf(client.attestations.list()).toEqualTypeOf<Paginator<Schemas["AttestationList"]>>();
    expectTypeOf(client.attestations.put).parameter(1).toEqualTypeOf<Schemas["AttestationPut"]>();
    expectTypeOf(client.attestations.delete("SEC-OPERATIONS")).resolves.toEqualTypeOf<void>();
    expectTypeOf(
      client.platformRightsRequests.list({ status: ["in_progress"], overdue: true }),
    ).toEqualTypeOf<Paginator<Schemas["RightsRequestList"]>>();
    expectTypeOf(client.platformRightsRequests.extend)
      .parameter(1)
      .toEqualTypeOf<Schemas["RightsRequestExtend"]>();
    expectTypeOf(
      client.platformRightsRequests.deny(id, { reason: "manifestly-unfounded", detail: "x" }),
    ).resolves.toEqualTypeOf<Schemas["RightsRequest"]>();
  });

  it("vocabularies are CRM Factory's names exactly", () => {
    expectTypeOf<Schemas["RightsRequestKind"]>().toEqualTypeOf<
      | "access"
      | "rectification"
      | "erasure"
      | "portability"
      | "restriction"
      | "objection"
      | "withdraw-consent"
      | "know"
      | "delete"
      | "opt-out-of-sale"
    >();
    expectTypeOf<Schemas["Subprocessor"]["id"]>().toEqualTypeOf<
      "vercel" | "neon" | "twilio" | "stripe" | "resend" | "salesforce" | "sap" | "netsuite"
    >();
  });

  it("rotation, failed clocks and advancing clocks are typed", () => {
    expectTypeOf<PrivacyClientOptions["onTokenRotated"]>().toEqualTypeOf<
      ((token: string) => void) | undefined
    >();
    expectTypeOf<TestClockFailedError["failure"]>().toEqualTypeOf<Schemas["TestClockFailure"] | null>();
    expectTypeOf<TestClockFailedError["clock"]>().toEqualTypeOf<Schemas["TestClock"]>();
    expectTypeOf<TestClockAdvancingError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TestClockAdvancingError>().toExtend<PrivacyApiError>();
  });
});

describe("errors and callbacks are typed", () => {
  it("error classes carry typed fields", () => {
    expectTypeOf<RateLimitError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ValidationError["errors"]>().toEqualTypeOf<{ path: string; message: string }[]>();
    expectTypeOf<RateLimitError["requestId"]>().toEqualTypeOf<string | undefined>();
  });

  it("a verified callback event narrows by type", async () => {
    const { event } = await verifyCallbackSignature({ payload: "{}", header: "t=1,v1=00", secret: "s" });
    expectTypeOf(event).toEqualTypeOf<CallbackEvent>();
    expectTypeOf(event.type).toEqualTypeOf<Schemas["CallbackEventType"]>();
    if (event.type === "rightsRequest.updated") {
      expectTypeOf(event.data.status).toEqualTypeOf<Schemas["RightsRequestStatus"]>();
    }
    if (event.type === "export.ready") {
      expectTypeOf(event.data.id).toEqualTypeOf<string>();
    }
  });
});

describe("results, paginators and coverage", () => {
  it("withResponse() gives the body with its response", () => {
    expectTypeOf(client.tenant.get().withResponse()).resolves.toEqualTypeOf<
      WithResponse<Schemas["Tenant"]>
    >();
    expectTypeOf(client.contacts.delete(id).withResponse()).resolves.toEqualTypeOf<WithResponse<void>>();
  });

  it("a paginator is a Promise of the first page", () => {
    const list = client.contacts.list({ limit: 10 });
    expectTypeOf(list).toExtend<Promise<Schemas["ContactList"]>>();
    expectTypeOf(list.withResponse()).resolves.toEqualTypeOf<WithResponse<Schemas["ContactList"]>>();
    expectTypeOf<Awaited<typeof list>>().toEqualTypeOf<Schemas["ContactList"]>();
  });

  it("errors carry the contract's problem types", () => {
    expectTypeOf<ProblemDetails["type"]>().toEqualTypeOf<Schemas["ProblemType"] | "about:blank">();
    expectTypeOf<PrivacyApiError["type"]>().toEqualTypeOf<Schemas["ProblemType"] | "about:blank">();
    expectTypeOf<PrivacyApiError["response"]>().toEqualTypeOf<Response>();
    const problem = {} as ProblemDetails;
    // @ts-expect-error not a problem type of the contract
    if (problem.type === "https://crmfactory.ai/problems/not-a-type") throw new Error();
  });

  it("every operation of the contract has a method in a resource table", () => {
    type Tables = typeof resourceTables;
    expectTypeOf<Exclude<keyof OperationMethods, TabledOperationId>>().toEqualTypeOf<never>();
    // Every operation of a path has its method signature; only the status callbacks (webhooks) have none.
    expectTypeOf<Exclude<keyof operations, keyof OperationMethods>>().toEqualTypeOf<
      | "rightsRequestUpdatedCallback"
      | "exportReadyCallback"
      | "erasureReceiptCompletedCallback"
      | "minorReportCompletedCallback"
      | "noticePublishedCallback"
      | "aiProposalCreatedCallback"
    >();
    expectTypeOf<keyof webhooks>().toEqualTypeOf<
      | "rightsRequest.updated"
      | "export.ready"
      | "erasureReceipt.completed"
      | "minorReport.completed"
      | "notice.published"
      | "aiProposal.created"
    >();
    expectTypeOf<keyof ClientResources>().toEqualTypeOf<keyof Tables>();
  });

  it("methods keep their parameter names and JSDoc from the generated signatures", () => {
    expectTypeOf(client.testClocks.getTenantInventory).parameters.toEqualTypeOf<
      [testClockId: string, tenantId: string, options?: RequestOptions]
    >();
    expectTypeOf(client.ai.approveProposal)
      .parameter(1)
      .toEqualTypeOf<Schemas["AiProposalApprove"] | undefined>();
    // @ts-expect-error an unknown operation
    client.rightsRequests.archive(id);
  });
});
