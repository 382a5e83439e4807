import type { components } from "@crmfactory/api";
import { describe, expectTypeOf, it } from "vitest";
import type { WithResponse } from "./api-promise.js";
import { createPrivacyClient } from "./client.js";
import type { Paginator } from "./pagination.js";

type Schemas = components["schemas"];

const client = createPrivacyClient({ baseUrl: "https://privacy.example.com/v1", apiKey: "tok" });
const id = "3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b";

describe("list methods return paginators", () => {
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

  it("a paginator is a Promise of the first page", () => {
    const list = client.contacts.list({ limit: 10 });
    expectTypeOf(list).toExtend<Promise<Schemas["ContactList"]>>();
    expectTypeOf(list.withResponse()).resolves.toEqualTypeOf<WithResponse<Schemas["ContactList"]>>();
    expectTypeOf<Awaited<typeof list>>().toEqualTypeOf<Schemas["ContactList"]>();
  });
});
