// Test helpers that walk the bundled contract: its operations, references and schemas.
import type { JsonSchema, OperationObject } from "../document-types.js";
import { openapiDocument } from "../generated/openapi-document.js";

export const doc = openapiDocument;
export const methods = ["get", "put", "post", "patch", "delete"] as const;
export const mutating = new Set(["put", "post", "patch", "delete"]);

export interface Op {
  method: (typeof methods)[number];
  path: string;
  op: OperationObject;
}

export const ops: Op[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  methods.flatMap((method) => (item[method] ? [{ method, path, op: item[method] as OperationObject }] : [])),
);
export const byId = new Map(ops.map((o) => [o.op.operationId, o]));

/** Follows a local `$ref` (`#/components/...`) until a non-reference object. */
export function deref<T = Record<string, unknown>>(value: unknown): T {
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

export const refName = (value: unknown) => ((value as { $ref?: string }).$ref ?? "").split("/").pop();
export const paramRefs = (o: Op) =>
  (o.op.parameters ?? []).map((p) => ("$ref" in p ? refName(p) : `inline:${p.name}`));

/** The JSON schema of an operation's success (2xx) response body, if it has one. */
export function successSchema(op: OperationObject): JsonSchema | undefined {
  const ok = Object.entries(op.responses).find(([code]) => code.startsWith("2"))?.[1];
  const content = ok && deref<{ content?: Record<string, { schema?: unknown }> }>(ok).content;
  const schema = content && Object.values(content)[0]?.schema;
  return schema ? deref<JsonSchema>(schema) : undefined;
}

/** The subschemas a JSON pointer (`/data/*\/id`, `*` = any item) can reach in `schema`; empty if none. */
export function schemasAt(schema: JsonSchema, pointer: string): JsonSchema[] {
  let frontier = [schema];
  for (const token of pointer.split("/").slice(1)) {
    const next: JsonSchema[] = [];
    for (const node of frontier.flatMap(expandUnions)) {
      if (token === "*") {
        if (node.items) next.push(deref<JsonSchema>(node.items));
      } else {
        const property = (node.properties as Record<string, unknown> | undefined)?.[token];
        if (property) next.push(deref<JsonSchema>(property));
        else if (node.additionalProperties && typeof node.additionalProperties === "object")
          next.push(deref<JsonSchema>(node.additionalProperties));
      }
    }
    frontier = next;
  }
  return frontier;
}

function expandUnions(schema: JsonSchema): JsonSchema[] {
  const branches = [
    ...((schema.oneOf as unknown[]) ?? []),
    ...((schema.anyOf as unknown[]) ?? []),
    ...((schema.allOf as unknown[]) ?? []),
  ];
  return [schema, ...branches.flatMap((branch) => expandUnions(deref<JsonSchema>(branch)))];
}

/** Calls `visit` on every schema of the document: components, bodies, parameters, headers, and their subschemas. */
export function walkSchemas(visit: (schema: JsonSchema, where: string) => void): number {
  let count = 0;
  const walk = (value: unknown, where: string): void => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return;
    const schema = value as JsonSchema;
    count++;
    visit(schema, where);
    for (const key of [
      "items",
      "additionalProperties",
      "not",
      "if",
      "then",
      "else",
      "contains",
      "propertyNames",
    ]) {
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
