import type { components } from "@crmfactory/api";
import { describe, expectTypeOf, it } from "vitest";
import { createPrivacyClient } from "./client.js";
import type { Paginator } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";

type Schemas = components["schemas"];

const client = createPrivacyClient({ baseUrl: "https://privacy.example.com/v1", apiKey: "tok" });
const id = "3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b";

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
});
