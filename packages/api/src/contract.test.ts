// The taxonomy is the source of the permission names and of the guarantees.
import { crmFactoryPolicy } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import {
  type JsonSchema,
  type OperationObject,
  openapiDocument,
  operationPermissions,
  problemTypes,
} from "./index.js";

const doc = openapiDocument;
const methods = ["get", "put", "post", "patch", "delete"] as const;
const mutating = new Set(["put", "post", "patch", "delete"]);

interface Op {
  method: (typeof methods)[number];
  path: string;
  op: OperationObject;
}
const ops: Op[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  methods.flatMap((method) => (item[method] ? [{ method, path, op: item[method] as OperationObject }] : [])),
);
const byId = new Map(ops.map((o) => [o.op.operationId, o]));

/** Follows a local `$ref` (`#/components/...`) until a non-reference object. */
function deref<T = Record<string, unknown>>(value: unknown): T {
  let current = value as Record<string, unknown>;
  for (let hops = 0; typeof current?.$ref === "string"; hops++) {
    if (hops > 20) throw new Error("reference loop");
    const ref = current.$ref as string;
    if (!ref.startsWith("#/")) throw new Error(`non-local $ref ${ref}`);
    current = ref
      .slice(2)
      .split("/")
      .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((node, token) => (node as Record<string, unknown>)[token], doc) as Record<
      string,
      unknown
    >;
    if (current === undefined) throw new Error(`dangling $ref ${ref}`);
  }
  return current as T;
}

const refName = (value: unknown) => ((value as { $ref?: string }).$ref ?? "").split("/").pop();
const paramRefs = (o: Op) =>
  (o.op.parameters ?? []).map((p) => ("$ref" in p ? refName(p) : `inline:${p.name}`));
const permissionNames = Object.keys(crmFactoryPolicy.permissions);

describe("document", () => {
  it("is OpenAPI 3.1 with relative paths under a versioned server and bearer auth by default", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers?.[0]?.url).toMatch(/^https:\/\/.+\/v1$/);
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    for (const path of Object.keys(doc.paths)) expect(path).toMatch(/^\/[a-z0-9{}/-]*[a-z0-9}]$/i);
  });

  it("specifies the audit hash chain in the contract itself", () => {
    const description = `${doc.info.description}\n${deref<JsonSchema>(doc.components.schemas.AuditEntry).description}`;
    for (const phrase of ["RFC 8785", "SHA-256", "prevHash + canonicalJson", "64 zeros", "lowercase hex"]) {
      expect(description).toContain(phrase);
    }
    expect(doc.components.schemas.AuditEntry).toMatchObject({
      required: ["sequence", "at", "actor", "action", "target", "prevHash", "hash"],
      additionalProperties: false,
    });
  });
});

describe("every operation", () => {
  it("has a unique camelCase operationId, a summary and defined tags", () => {
    const tagNames = new Set(doc.tags?.map((t) => t.name));
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
    for (const { op } of ops) {
      expect(op.operationId).toMatch(/^[a-z][a-zA-Z0-9]+$/);
      expect(op.summary?.length, op.operationId).toBeGreaterThan(5);
      expect(op.tags?.length, op.operationId).toBeGreaterThan(0);
      for (const tag of op.tags) expect(tagNames.has(tag), `${op.operationId}: tag ${tag}`).toBe(true);
    }
  });

  it("names exactly one taxonomy permission in x-permission, and every permission is used", () => {
    const used = new Set<string>();
    for (const { op } of ops) {
      expect(typeof op["x-permission"], op.operationId).toBe("string");
      expect(permissionNames, op.operationId).toContain(op["x-permission"]);
      used.add(op["x-permission"] as string);
    }
    expect([...used].sort()).toEqual([...permissionNames].sort());
  });

  it("takes the bearer token, except sign-up and sign-in, which say why", () => {
    const publicOps = ops.filter((o) => Array.isArray(o.op.security) && o.op.security.length === 0);
    expect(publicOps.map((o) => o.op.operationId).sort()).toEqual([
      "createSession",
      "createSessionChallenge",
      "createTenant",
    ]);
    for (const { op } of publicOps) expect(String(op["x-unauthenticated-reason"]).length).toBeGreaterThan(40);
    for (const { op } of ops.filter((o) => !publicOps.includes(o))) {
      expect(op.security, op.operationId).toBeUndefined();
      expect(op["x-unauthenticated-reason"], op.operationId).toBeUndefined();
    }
  });

  it("keeps operator permissions for operator operations", () => {
    for (const { op, path } of ops) {
      const operator = (op["x-permission"] as string).startsWith("platform:");
      expect(operator, op.operationId).toBe(path.startsWith("/platform/") || path.startsWith("/test-clocks"));
      if (path.startsWith("/test-clocks")) {
        expect(op["x-test-mode-only"], op.operationId).toBe(true);
        expect(op["x-permission"]).toBe("platform:test-clocks");
      } else expect(op["x-test-mode-only"], op.operationId).toBeUndefined();
    }
  });

  it("answers problem details with X-Request-Id on every response", () => {
    for (const { op, method, path } of ops) {
      const codes = Object.keys(op.responses);
      const expected = ["400", "429", "500", "503"];
      if (op.security === undefined) expected.push("401", "403");
      if (path.includes("{") || op["x-test-mode-only"]) expected.push("404");
      if (mutating.has(method)) expected.push("409");
      for (const code of expected) expect(codes, `${op.operationId} ${code}`).toContain(code);
      expect(
        codes.some((c) => /^2\d\d$/.test(c)),
        op.operationId,
      ).toBe(true);

      for (const [code, raw] of Object.entries(op.responses)) {
        const response = deref<{
          headers?: Record<string, unknown>;
          content?: Record<string, { schema?: unknown }>;
        }>(raw);
        expect(response.headers?.["X-Request-Id"], `${op.operationId} ${code} X-Request-Id`).toBeDefined();
        expect(deref(response.headers?.["X-Request-Id"])).toMatchObject({ required: true });
        if (/^[45]/.test(code)) {
          expect(Object.keys(response.content ?? {}), `${op.operationId} ${code}`).toEqual([
            "application/problem+json",
          ]);
          expect(response.content?.["application/problem+json"]?.schema).toEqual({
            $ref: "#/components/schemas/Problem",
          });
        }
      }
      if (op.responses["429"]) {
        expect(
          deref<{ headers: Record<string, unknown> }>(op.responses["429"]).headers["Retry-After"],
        ).toBeDefined();
      }
    }
  });

  it("takes an Idempotency-Key when it mutates", () => {
    for (const o of ops) {
      expect(paramRefs(o).includes("IdempotencyKey"), o.op.operationId).toBe(mutating.has(o.method));
    }
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: "Idempotency-Key", in: "header" });
  });

  it("closes request bodies (additionalProperties: false), nested objects included", () => {
    const checked = new Set<unknown>();
    const check = (raw: unknown, where: string): void => {
      const schema = deref<JsonSchema>(raw);
      if (checked.has(schema)) return;
      checked.add(schema);
      if (schema.type === "object" || schema.properties) {
        if (schema.properties) expect(schema.additionalProperties, where).toBe(false);
        else expect(schema.additionalProperties, `${where} (map)`).toBeDefined();
      }
      for (const [name, child] of Object.entries((schema.properties as Record<string, unknown>) ?? {})) {
        check(child, `${where}.${name}`);
      }
      if (schema.items) check(schema.items, `${where}[]`);
      for (const branch of (schema.oneOf as unknown[]) ?? []) check(branch, `${where}|`);
      for (const branch of (schema.anyOf as unknown[]) ?? []) check(branch, `${where}|`);
      for (const branch of (schema.allOf as unknown[]) ?? []) {
        if ((branch as JsonSchema).properties || (branch as JsonSchema).$ref) check(branch, `${where}&`);
      }
    };
    let bodies = 0;
    for (const { op } of ops) {
      const body = op.requestBody && deref<{ content: Record<string, { schema?: unknown }> }>(op.requestBody);
      const schema = body?.content["application/json"]?.schema;
      if (!schema) continue;
      bodies++;
      check(schema, op.operationId);
    }
    expect(bodies).toBeGreaterThan(30);
  });
});

/** Calls `visit` on every schema of the document: components, bodies, parameters, headers, and their subschemas. */
function walkSchemas(visit: (schema: JsonSchema, where: string) => void): number {
  let count = 0;
  const walk = (value: unknown, where: string): void => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return;
    const schema = value as JsonSchema;
    count++;
    visit(schema, where);
    for (const key of ["items", "additionalProperties", "not", "if", "then", "else", "contains"]) {
      walk(schema[key], `${where}/${key}`);
    }
    for (const key of ["oneOf", "anyOf", "allOf", "prefixItems"]) {
      for (const [i, child] of ((schema[key] as unknown[]) ?? []).entries())
        walk(child, `${where}/${key}/${i}`);
    }
    for (const key of ["properties", "patternProperties", "$defs"]) {
      for (const [name, child] of Object.entries((schema[key] as Record<string, unknown>) ?? {})) {
        walk(child, `${where}/${key}/${name}`);
      }
    }
  };
  const walkContent = (content: unknown, where: string) => {
    for (const [media, object] of Object.entries((content as Record<string, { schema?: unknown }>) ?? {})) {
      walk(object.schema, `${where}/${media}`);
    }
  };
  for (const [name, schema] of Object.entries(doc.components.schemas)) walk(schema, `schemas/${name}`);
  for (const [name, response] of Object.entries(doc.components.responses))
    walkContent(response.content, name);
  for (const section of ["parameters", "headers"] as const) {
    for (const [name, object] of Object.entries(doc.components[section] ?? {})) {
      walk((object as { schema?: unknown }).schema, `${section}/${name}`);
    }
  }
  const operations = [
    ...ops.map((o) => o.op),
    ...Object.values(doc.webhooks ?? {}).flatMap((item) => (item.post ? [item.post as OperationObject] : [])),
  ];
  for (const op of operations) {
    const body = op.requestBody && deref<{ content?: unknown }>(op.requestBody);
    walkContent(body?.content, `${op.operationId} body`);
    for (const parameter of op.parameters ?? [])
      walk(deref<{ schema?: unknown }>(parameter).schema, op.operationId);
    for (const [code, response] of Object.entries(op.responses)) {
      walkContent(deref<{ content?: unknown }>(response).content, `${op.operationId} ${code}`);
    }
  }
  return count;
}

describe("schemas", () => {
  // openapi-typescript types a subschema without `type` (a `not`, an `if`, or a branch that only says
  // `required: [...]`) as `unknown`, so an `anyOf` of such branches makes the whole body `unknown` and
  // an `allOf` of them drops the requirement from the type. Conditional requirements are written as a
  // `oneOf` of closed, typed branches instead.
  it("has no untyped subschema: no not/if/then/else, every union branch a $ref or typed", () => {
    const untyped: string[] = [];
    const visited = walkSchemas((schema, where) => {
      for (const keyword of ["not", "if", "then", "else"])
        if (keyword in schema) untyped.push(`${where}/${keyword}`);
      for (const keyword of ["oneOf", "anyOf", "allOf"]) {
        ((schema[keyword] as JsonSchema[]) ?? []).forEach((branch, i) => {
          if (!("$ref" in branch) && !("type" in branch)) untyped.push(`${where}/${keyword}/${i}`);
        });
      }
    });
    expect(visited).toBeGreaterThan(1000);
    expect(untyped).toEqual([]);
  });

  // Each union of request bodies is discriminated by a tag whose values, across the branches, are
  // exactly the values of the enum it stands for: a value added to the enum must be given a branch.
  it.each([
    ["RightsRequestCreate", "kind", "RightsRequestKind"],
    ["ContactRightsRequestCreate", "kind", "RightsRequestKind"],
    ["MessageCreate", "channel", "MessageChannel"],
    ["MarketingMessageCreate", "channel", "MarketingChannel"],
    ["AiRunCreate", "feature", "AiFeature"],
  ])("%s: closed branches whose %s values partition %s", (name, tag, enumName) => {
    const union = doc.components.schemas[name] as JsonSchema;
    expect(union.type, name).toBeUndefined();
    const branches = union.oneOf as JsonSchema[];
    expect(branches.length).toBeGreaterThan(1);
    const values: unknown[] = [];
    const mapping: Record<string, string> = {};
    for (const ref of branches) {
      expect(Object.keys(ref), name).toEqual(["$ref"]);
      const branch = deref<JsonSchema>(ref);
      const where = `${name} | ${refName(ref)}`;
      expect(branch, where).toMatchObject({ type: "object", additionalProperties: false });
      expect(branch.required, where).toContain(tag);
      const property = (branch.properties as Record<string, JsonSchema>)[tag] as JsonSchema;
      expect(property.type, where).toBe("string");
      const own = "const" in property ? [property.const] : (property.enum as unknown[]);
      values.push(...own);
      for (const value of own) mapping[String(value)] = (ref as { $ref: string }).$ref;
    }
    // The OpenAPI discriminator says the same, for tools that read it (and for the validator).
    expect(union.discriminator).toEqual({ propertyName: tag, mapping });
    const expected = deref<JsonSchema>(doc.components.schemas[enumName]).enum as unknown[];
    expect(new Set(values).size, `${name}: a ${tag} in two branches`).toBe(values.length);
    expect([...values].sort()).toEqual([...expected].sort());
  });

  it("IntegrationCredentials: closed branches, each with its own credential set", () => {
    const union = doc.components.schemas.IntegrationCredentials as JsonSchema;
    const sets = (union.oneOf as JsonSchema[]).map((ref) => {
      const branch = deref<JsonSchema>(ref);
      expect(branch).toMatchObject({ type: "object", additionalProperties: false, writeOnly: true });
      expect(branch.required).toContain("baseUrl");
      return (branch.required as string[]).filter((field) => field !== "baseUrl");
    });
    expect(sets).toEqual([["accessToken"], ["clientId", "clientSecret"], ["username", "password"]]);
  });
});

describe("lists", () => {
  const lists = ops.filter((o) => o.op.operationId.startsWith("list"));

  it("are GETs paginated with cursor and limit (1..100, default 20) answering { data, nextCursor }", () => {
    expect(lists.length).toBeGreaterThan(25);
    expect(doc.components.parameters.Limit?.schema).toEqual({
      type: "integer",
      minimum: 1,
      maximum: 100,
      default: 20,
    });
    expect(doc.components.parameters.Cursor).toMatchObject({ name: "cursor", in: "query" });
    for (const o of lists) {
      expect(o.method, o.op.operationId).toBe("get");
      expect(paramRefs(o), o.op.operationId).toEqual(expect.arrayContaining(["Cursor", "Limit"]));
      const ok = deref<{ content: Record<string, { schema: unknown }> }>(o.op.responses["200"]);
      const envelope = deref<JsonSchema>(ok.content["application/json"]?.schema);
      expect(envelope.required, o.op.operationId).toEqual(["data", "nextCursor"]);
      const properties = envelope.properties as Record<string, JsonSchema>;
      expect(Object.keys(properties)).toEqual(["data", "nextCursor"]);
      expect(properties.data?.type).toBe("array");
      expect(properties.nextCursor).toEqual({ $ref: "#/components/schemas/NextCursor" });
    }
    expect(doc.components.schemas.NextCursor?.type).toEqual(["string", "null"]);
  });

  it("are the only operations answering a page", () => {
    for (const o of ops.filter((x) => !x.op.operationId.startsWith("list"))) {
      expect(paramRefs(o), o.op.operationId).not.toContain("Cursor");
      const ok = Object.entries(o.op.responses).find(([code]) => code.startsWith("2"))?.[1];
      const schema =
        ok &&
        deref<{ content?: Record<string, { schema?: unknown }> }>(ok).content?.["application/json"]?.schema;
      if (schema) expect(refName(schema), o.op.operationId).not.toMatch(/List$/);
    }
  });
});

describe("problems", () => {
  it("has one catalogue: x-problem-types = ProblemType enum = problemTypes", () => {
    const catalogue = doc["x-problem-types"];
    const required = [
      ["validation-failed", 400],
      ["unauthenticated", 401],
      ["forbidden", 403],
      ["not-found", 404],
      ["conflict", 409],
      ["idempotency-key-reused", 409],
      ["verification-failed", 422],
      ["gone", 410],
      ["rate-limited", 429],
      ["internal", 500],
      ["unavailable", 503],
    ] as const;
    for (const [slug, status] of required) expect(problemTypes[slug]).toMatchObject({ slug, status });
    for (const entry of catalogue) {
      expect(entry.type).toBe(`https://crmfactory.ai/problems/${entry.slug}`);
      expect(entry.title.length).toBeGreaterThan(2);
    }
    expect(doc.components.schemas.ProblemType?.enum).toEqual(catalogue.map((e) => e.type));
    expect(Object.keys(problemTypes)).toEqual(catalogue.map((e) => e.slug));
    expect(doc.components.schemas.Problem?.required).toEqual([
      "type",
      "title",
      "status",
      "detail",
      "requestId",
    ]);
  });

  it("gives every problem example a catalogued type with its status", () => {
    let examples = 0;
    for (const [name, response] of Object.entries(doc.components.responses)) {
      const media = response.content?.["application/problem+json"] as
        | { examples?: Record<string, { value: { type: string; status: number } }> }
        | undefined;
      for (const example of Object.values(media?.examples ?? {})) {
        examples++;
        const entry = doc["x-problem-types"].find((e) => e.type === example.value.type);
        expect(entry, `${name}: ${example.value.type}`).toBeDefined();
        expect(example.value.status, name).toBe(entry?.status);
      }
    }
    expect(examples).toBeGreaterThanOrEqual(doc["x-problem-types"].length);
  });
});

describe("callbacks", () => {
  it("has a signed webhook for every callback event type", () => {
    const types = doc.components.schemas.CallbackEventType?.enum as string[];
    expect(Object.keys(doc.webhooks ?? {}).sort()).toEqual([...types].sort());
    for (const item of Object.values(doc.webhooks ?? {})) {
      const post = item.post as OperationObject;
      const headers = (post.parameters ?? []).map((p) => deref<{ name: string }>(p).name);
      expect(headers).toContain("CRMFactory-Signature");
    }
    const signature = deref<{ description: string }>(doc.components.parameters.CallbackSignature);
    expect(signature.description).toContain("HMAC-SHA256");
    expect(signature.description).toContain("`<t>.<raw body>`");
  });
});

describe("operationPermissions", () => {
  it("lists every operation with its permission, method and path", () => {
    expect(Object.keys(operationPermissions).sort()).toEqual(ops.map((o) => o.op.operationId).sort());
    expect(operationPermissions.createRightsRequest).toMatchObject({
      permission: "rights:create",
      method: "POST",
      path: "/rights-requests",
      authenticated: true,
    });
    expect(operationPermissions.createSession.authenticated).toBe(false);
    expect(operationPermissions.advanceTestClock.testModeOnly).toBe(true);
    expect(operationPermissions.createExport.exportOnly).toBe(true);
    expect(operationPermissions.sendMessage.exportOnly).toBe(false);
  });
});

// Each guarantee tested black-box (method `tested` or `tested-if-https`) -> the operations that make its
// behaviour observable. The conformance suite drives these operations.
const guaranteeOperations: Record<string, string[]> = {
  "RET-ACCOUNT": [
    "createTestClock",
    "createTenant",
    "uploadProfilePhoto",
    "closeTenant",
    "advanceTestClock",
    "getUser",
    "getRetentionSchedule",
    "getTestClockTenantInventory",
  ],
  "RET-AUTH": [
    "registerPasskey",
    "createSessionChallenge",
    "createSession",
    "closeTenant",
    "advanceTestClock",
    "listSessions",
    "listAuditEntries",
    "getTestClockTenantInventory",
  ],
  "RET-CRM": [
    "createContact",
    "createCrmObject",
    "closeTenant",
    "endSubscription",
    "startSubscription",
    "createExport",
    "getExportDocument",
    "advanceTestClock",
    "getTestClockTenantInventory",
  ],
  "RET-COMMS": [
    "sendMessage",
    "createCall",
    "listMessages",
    "listCalls",
    "closeTenant",
    "createExport",
    "advanceTestClock",
    "getTestClockTenantInventory",
  ],
  "RET-INTEGRATION": [
    "connectIntegration",
    "syncIntegration",
    "listIntegrationRecords",
    "disconnectIntegration",
    "advanceTestClock",
  ],
  "RET-TELEMETRY-RAW": ["recordTelemetryEvent", "listTelemetryEvents", "advanceTestClock"],
  "RET-TELEMETRY-AGG": ["recordTelemetryEvent", "listTelemetryAggregates", "advanceTestClock"],
  "RET-BILLING": [
    "createInvoice",
    "listInvoices",
    "getInvoice",
    "closeTenant",
    "createRightsRequest",
    "advanceTestClock",
    "getTestClockTenantInventory",
  ],
  "RET-SECURITY": [
    "listAuditEntries",
    "getAuditHead",
    "createIncident",
    "getIncident",
    "closeTenant",
    "createDeletion",
    "getTestClockTenantInventory",
  ],
  "DEL-REQUEST-30D": [
    "createRightsRequest",
    "verifyRightsRequest",
    "createContactRightsRequest",
    "getRightsRequest",
    "getRightsRequestReceipt",
    "extendRightsRequest",
    "advanceTestClock",
    "getTestClockTenantInventory",
  ],
  "DEL-LEGAL-HOLD": [
    "createContactRightsRequest",
    "createDeletion",
    "getRightsRequestReceipt",
    "getErasureReceipt",
    "listInvoices",
  ],
  "DEL-SUBPROCESSORS": [
    "createDeletion",
    "getErasureReceipt",
    "sendMessage",
    "createCall",
    "createContact",
    "uploadProfilePhoto",
    "setPaymentMethod",
  ],
  "DEL-SELF-SERVICE": [
    "createExport",
    "getExport",
    "getExportDocument",
    "createDeletion",
    "getErasureReceipt",
    "listErasureReceipts",
  ],
  "DEL-CHILD": [
    "createMinorReport",
    "getMinorReport",
    "getErasureReceipt",
    "advanceTestClock",
    "getTestClockTenantInventory",
  ],
  "DEL-ACCOUNT-CLOSE": [
    "closeTenant",
    "getTenant",
    "createExport",
    "getExportDocument",
    "advanceTestClock",
    "getTestClockTenantInventory",
  ],
  "DEL-NO-RESURRECTION": [
    "createDeletion",
    "syncIntegration",
    "listContacts",
    "createExport",
    "getExportDocument",
    "listTelemetryAggregates",
    "getRightsRequestExport",
  ],
  "RIGHTS-KINDS": ["createRightsRequest", "createContactRightsRequest", "getRightsRequest"],
  "RIGHTS-VERIFY": [
    "createRightsRequest",
    "verifyRightsRequest",
    "resendRightsRequestCode",
    "getRightsRequest",
    "advanceTestClock",
  ],
  "RIGHTS-30D": ["getRightsRequest", "listRightsRequests", "advanceTestClock"],
  "RIGHTS-45D-NOTICE": [
    "extendRightsRequest",
    "getRightsRequest",
    "createCallbackEndpoint",
    "advanceTestClock",
  ],
  "RIGHTS-ACCESS-COMPLETE": [
    "createRightsRequest",
    "createContactRightsRequest",
    "getRightsRequestExport",
    "getExportDocument",
  ],
  "RIGHTS-PORTABLE": ["getRightsRequestExport", "getExportSchema"],
  "RIGHTS-RECTIFY": [
    "createRightsRequest",
    "createContactRightsRequest",
    "getRightsRequest",
    "getContact",
    "getUser",
    "getRightsRequestExport",
  ],
  "RIGHTS-RESTRICT-OBJECT": [
    "createContactRightsRequest",
    "runAiFeature",
    "listAiScores",
    "createMarketingMessage",
    "getMarketingMessage",
  ],
  "RIGHTS-CONSENT": [
    "createContactRightsRequest",
    "updateContact",
    "createMarketingMessage",
    "getMarketingMessage",
    "advanceTestClock",
  ],
  "RIGHTS-NO-DISCRIMINATION": ["createRightsRequest", "getBilling", "getCurrentSession", "getAiSettings"],
  "SEC-TENANT-ISOLATION": [
    "getContact",
    "updateContact",
    "deleteContact",
    "getCrmObject",
    "getMessage",
    "getRightsRequest",
    "getExport",
  ],
  "SEC-RBAC": ["getCurrentSession", "createUser", "updateUser"],
  "SEC-AUDIT-IMMUTABLE": ["listAuditEntries", "getAuditHead"],
  "SEC-NO-SALE": ["listSubprocessors", "connectIntegration"],
  "SEC-SUBPROCESSOR-LIST": ["listSubprocessors"],
  "SEC-AI-TENANT-SCOPE": ["runAiFeature", "listAiScores", "updateAiFeature", "getAiSettings"],
  "SEC-AI-HUMAN-REVIEW": [
    "runAiFeature",
    "listAiProposals",
    "approveAiProposal",
    "rejectAiProposal",
    "getContact",
    "listMessages",
  ],
  "SEC-SESSION-ROTATION": ["rotateSession", "revokeSession", "getCurrentSession"],
  "SEC-TLS13": ["listSubprocessors"],
  "NOTICE-BREACH-72H": [
    "createIncident",
    "confirmIncident",
    "getIncident",
    "listNotices",
    "advanceTestClock",
  ],
  "NOTICE-POLICY-30D": ["createPolicyNotice", "listNotices", "listBanners"],
  "NOTICE-MINOR": ["createTenant", "createUser"],
};

describe("guarantees", () => {
  const guarantees = crmFactoryPolicy.guarantees;
  const observable = Object.entries(guarantees)
    .filter(([, g]) => g.method === "tested" || g.method === "tested-if-https")
    .map(([id]) => id);

  it("maps every tested guarantee to operations", () => {
    expect(Object.keys(guaranteeOperations).sort()).toEqual([...observable].sort());
  });

  it.each(Object.entries(guaranteeOperations))(
    "%s is observable through existing operations",
    (_id, operationIds) => {
      expect(operationIds.length).toBeGreaterThan(0);
      for (const operationId of operationIds) expect(byId.has(operationId), operationId).toBe(true);
    },
  );
});
