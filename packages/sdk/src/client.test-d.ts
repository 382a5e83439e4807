import type { components } from "@crmfactory/api";
import { describe, expectTypeOf, it } from "vitest";
import type { AuditChainResult } from "./audit-chain.js";
import { type CallbackEvent, verifyCallbackSignature } from "./callbacks.js";
import { createPrivacyClient } from "./client.js";
import type { RateLimitError, ValidationError } from "./errors.js";
import type { OperationId, RequestBody } from "./operation-types.js";
import type { Paginator } from "./pagination.js";
import type { RequestOptions } from "./transport.js";

type Schemas = components["schemas"];

const client = createPrivacyClient({ baseUrl: "https://privacy.example.com/v1", apiKey: "tok" });
const id = "3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b";

describe("types flow from the contract", () => {
  it("rightsRequests.create takes RightsRequestCreate and resolves with a RightsRequest", () => {
    expectTypeOf(client.rightsRequests.create).parameter(0).toEqualTypeOf<Schemas["RightsRequestCreate"]>();
    expectTypeOf(client.rightsRequests.create).returns.toEqualTypeOf<Promise<Schemas["RightsRequest"]>>();
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

  it("the contract's request bodies that generate as `unknown` are exactly the known ones", () => {
    // openapi-typescript turns an `anyOf` of untyped (`not`/`if`) subschemas into `T | unknown`, which
    // is `unknown`: those bodies accept anything until the contract types each branch. This pins the
    // list so that a new one is noticed, and so is a fix (then this becomes `never`).
    type IsUnknown<T> = unknown extends T ? true : false;
    type UnknownBodies = {
      [Op in OperationId]: IsUnknown<RequestBody<Op>> extends true ? Op : never;
    }[OperationId];
    expectTypeOf<UnknownBodies>().toEqualTypeOf<
      "sendMessage" | "createMarketingMessage" | "createRightsRequest" | "createContactRightsRequest"
    >();
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
    const list = client.rightsRequests.list({ status: "verifying", kind: "access", limit: 50 });
    expectTypeOf(list).toEqualTypeOf<Paginator<Schemas["RightsRequestList"]>>();
    expectTypeOf(list).resolves.toEqualTypeOf<Schemas["RightsRequestList"]>();
    expectTypeOf(list.toArray({ limit: 10 })).resolves.toEqualTypeOf<Schemas["RightsRequest"][]>();
    expectTypeOf(list[Symbol.asyncIterator]().next()).resolves.toMatchTypeOf<
      IteratorResult<Schemas["RightsRequest"], void>
    >();
    // @ts-expect-error not a status of the contract
    client.rightsRequests.list({ status: "lost" });
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

  it("audit.verifyChain resolves with a verdict", () => {
    expectTypeOf(client.audit.verifyChain()).resolves.toEqualTypeOf<AuditChainResult>();
    client.audit.verifyChain({ since: { sequence: 3, hash: "0".repeat(64) }, timeoutMs: 5_000 });
  });

  it("per-request options go last", () => {
    expectTypeOf(client.exports.get).parameter(1).toEqualTypeOf<RequestOptions | undefined>();
    client.exports.create(
      { scope: { type: "tenant" } },
      { idempotencyKey: "export-1", timeoutMs: 1_000, maxRetries: 0 },
    );
    // @ts-expect-error not a request option
    client.exports.get(id, { retries: 3 });
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
