import { openapiDocument } from "@crmfactory/api";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE, routes, testClient } from "../client.test-support.js";
import { resourceTables } from "../generated/resources.js";
import {
  BINARY_BODY,
  type CompiledOperation,
  compileOperation,
  JSON_BODY,
  PAGINATED,
  QUERY,
  type ResourceTable,
} from "../operation-spec.js";
import table from "../resources.json" with { type: "json" };

// Every operation of the contract must be reachable from a resource method, with the right method and
// path. A new operation in the contract fails this test until a resource table names it.

const ID = "3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b";

interface ContractOperation {
  operationId: string;
  method: string;
  template: string;
  pattern: RegExp;
}

const contract: ContractOperation[] = Object.entries(openapiDocument.paths).flatMap(([template, item]) =>
  (["get", "put", "post", "delete", "patch"] as const).flatMap((method) => {
    const operation = item[method];
    if (!operation) return [];
    const pattern = new RegExp(`^/v1${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    return [{ operationId: operation.operationId, method: method.toUpperCase(), template, pattern }];
  }),
);

/** Every method of every resource, from the hand-written table, with the spec generated for it. */
const methods = Object.entries(table.resources).flatMap(([resource, { methods }]) =>
  Object.entries(methods).map(([name, operationId]) => ({
    method: `${resource}.${name}`,
    resource,
    name,
    operationId,
    spec: compiled(resource, name),
  })),
);

/** The operation generated for a resource method, compiled as the client compiles it. */
function compiled(resource: string, name: string): CompiledOperation | undefined {
  const tables = resourceTables as unknown as Record<string, ResourceTable | undefined>;
  const [prefix, specs] = tables[resource] ?? ["", {}];
  const spec = specs[name];
  return spec && compileOperation(spec, prefix);
}

/** Calls a resource method with stand-in arguments: this test checks routing, not payloads. */
function call(client: object, resource: string, name: string, operation: CompiledOperation | undefined) {
  if (!operation) throw new Error(`no spec generated for ${resource}.${name}`);
  const args: unknown[] = operation.pathParams.map(() => ID);
  if (operation.flags & BINARY_BODY) args.push({ data: new Uint8Array([1]), contentType: "image/webp" });
  else if (operation.flags & (JSON_BODY | QUERY)) args.push(operation.flags & QUERY ? undefined : {});
  const method = (client as Record<string, Record<string, (...args: unknown[]) => unknown>>)[resource]?.[
    name
  ];
  if (!method) throw new Error(`no method ${resource}.${name}`);
  const result = method(...args) as { firstPage?: () => Promise<unknown> } & Promise<unknown>;
  return operation.flags & PAGINATED
    ? (result.firstPage?.() ?? Promise.reject(new Error("not a paginator")))
    : result;
}

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
  it("wraps every operation of the contract once, and nothing else", () => {
    expect(methods.map((m) => m.operationId).sort()).toEqual(contract.map((o) => o.operationId).sort());
  });

  it("has the contract's method and path for every method, as generated into the SDK", () => {
    expect(Object.keys(resourceTables).sort()).toEqual(Object.keys(table.resources).sort());
    for (const { method, operationId, spec } of methods) {
      const expected = contract.find((o) => o.operationId === operationId);
      expect([spec?.method, spec?.path], method).toEqual([expected?.method, expected?.template]);
    }
  });

  describe.each(routes)("%s", (_route, throughRaw) => {
    it.each(methods)("$method is $operationId", async ({ resource, name, spec, operationId }) => {
      const expected = contract.find((o) => o.operationId === operationId);
      if (!expected) throw new Error(`${operationId} is not an operation of the contract`);
      hits = [];
      await call(testClient(throughRaw, { retries: false }), resource, name, spec);
      expect(hits).toHaveLength(1);
      expect(hits[0]?.method).toBe(expected.method);
      expect(hits[0]?.pathname).toMatch(expected.pattern);
    });
  });
});
