import type { components } from "@crmfactory/api";
import { describe, expectTypeOf, it } from "vitest";
import { type CallbackEvent, verifyCallbackSignature } from "./callbacks.js";

type Schemas = components["schemas"];

describe("callbacks are typed", () => {
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
