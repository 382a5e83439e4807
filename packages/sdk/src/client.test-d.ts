import type { components } from "@crmfactory/api";
import { describe, expectTypeOf, it } from "vitest";
import type { WithResponse } from "./api-promise.js";
import { createPrivacyClient, type PrivacyClientOptions } from "./client.js";
import type { RequestOptions, RetryOptions } from "./request-options.js";

type Schemas = components["schemas"];

const client = createPrivacyClient({ baseUrl: "https://privacy.example.com/v1", apiKey: "tok" });
const id = "3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b";

describe("resource methods are typed from the contract", () => {
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

  it("the client's options are typed", () => {
    expectTypeOf<PrivacyClientOptions["onTokenRotated"]>().toEqualTypeOf<
      ((token: string) => void) | undefined
    >();
    expectTypeOf<PrivacyClientOptions["retries"]>().toEqualTypeOf<false | RetryOptions | undefined>();
    // @ts-expect-error the base URL is required
    createPrivacyClient({ apiKey: "tok" });
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

  it("withResponse() gives the body with its response", () => {
    expectTypeOf(client.tenant.get().withResponse()).resolves.toEqualTypeOf<
      WithResponse<Schemas["Tenant"]>
    >();
    expectTypeOf(client.contacts.delete(id).withResponse()).resolves.toEqualTypeOf<WithResponse<void>>();
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
