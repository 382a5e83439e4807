import { describe, expect, it } from "vitest";
import type { JsonSchema, OperationObject } from "./index.js";
import { problemTypes } from "./index.js";
import { deref, doc, ops, paramRefs, refName } from "./testing/contract-walk.js";

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

  // Thin callbacks: a receiver on any host learns ids, types and statuses, never personal data.
  it("carries ids, types and statuses only in every event", () => {
    const allowed = new Set([
      "object",
      "id",
      "kind",
      "status",
      "previousStatus",
      "change",
      "rightsRequestId",
      "source",
      "receiptId",
      "noticeType",
      "proposalType",
      "type",
    ]);
    for (const [name, item] of Object.entries(doc.webhooks ?? {})) {
      const event = deref<JsonSchema>(
        (item.post as OperationObject).requestBody &&
          deref<{ content: Record<string, { schema: unknown }> }>((item.post as OperationObject).requestBody)
            .content["application/json"]?.schema,
      );
      const own = deref<JsonSchema>((event.allOf as unknown[])[1]);
      const data = deref<JsonSchema>((own.properties as Record<string, unknown>).data);
      expect(data.additionalProperties, name).toBe(false);
      for (const property of Object.keys(data.properties as object))
        expect(allowed.has(property), `${name}.${property}`).toBe(true);
    }
  });
});
