import type { components, operations } from "@crmfactory/api";
import { describe, expectTypeOf, it } from "vitest";
import type { ApiPromise } from "./api-promise.js";
import { createPrivacyClient } from "./client.js";

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

describe("request bodies are the contract's schemas", () => {
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

  it("bodies of sub-resource actions are checked", () => {
    client.rightsRequests.verify(id, { code: "123456" });
    // @ts-expect-error the code is required
    client.rightsRequests.verify(id, {});
    // @ts-expect-error verify takes a body
    client.rightsRequests.verify(id);
    expectTypeOf(client.rightsRequests.extend).parameter(1).toEqualTypeOf<Schemas["RightsRequestExtend"]>();
  });
});
