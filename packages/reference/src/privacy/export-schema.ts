import { type JsonSchema, openapiDocument } from "@crmfactory/api";
import type { Policy } from "@crmfactory/taxonomy";
import { exportSchemaId } from "./export-document.js";

const componentRef = "#/components/schemas/";

/** The keys of the object the policy holds at a JSON pointer (`/categories` -> the category names). */
function vocabulary(policy: Policy, pointer: string): string[] {
  let node: unknown = policy;
  for (const part of pointer.split("/").slice(1)) node = (node as Record<string, unknown>)?.[part];
  if (node === null || typeof node !== "object") throw new Error(`the policy has nothing at ${pointer}`);
  return Object.keys(node);
}

/**
 * One schema of the contract with its references inlined and the enforced policy's vocabularies put
 * in place (a category is one of the policy's; every category is a key of `categories`), the
 * contract's own annotations (`x-*`, OpenAPI's `discriminator`) left out: plain JSON Schema 2020-12.
 */
function inline(value: unknown, policy: Policy, seen: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => inline(item, policy, seen));
  if (value === null || typeof value !== "object") return value;
  const schema = value as JsonSchema;
  if (typeof schema.$ref === "string" && schema.$ref.startsWith(componentRef)) {
    const name = schema.$ref.slice(componentRef.length);
    if (seen.includes(name)) throw new Error(`the export schema refers to itself through ${name}`);
    const target = openapiDocument.components.schemas[name];
    if (!target) throw new Error(`no schema ${name} in the contract`);
    const { $ref: _ignored, ...siblings } = schema;
    return inline({ ...target, ...siblings }, policy, [...seen, name]);
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(schema)) {
    if (key.startsWith("x-") || key === "discriminator") continue;
    out[key] = inline(child, policy, seen);
  }
  const words = schema["x-policy-vocabulary"];
  if (typeof words === "string") out.enum = vocabulary(policy, words);
  const keys = schema["x-policy-vocabulary-keys"];
  if (typeof keys === "string") {
    const names = vocabulary(policy, keys);
    out.required = names;
    out.propertyNames = { enum: names };
  }
  return out;
}

const cache = new WeakMap<Policy, JsonSchema>();

/** The published export schema (`getExportSchema`): the contract's `ExportDocument`, self-contained. */
export function exportDocumentSchema(policy: Policy): JsonSchema {
  let schema = cache.get(policy);
  if (!schema) {
    const body = inline({ $ref: `${componentRef}ExportDocument` }, policy, []) as JsonSchema;
    const { examples: _examples, ...rest } = body;
    schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: exportSchemaId,
      title: "CRM Factory export document",
      ...rest,
    };
    cache.set(policy, schema);
  }
  return schema;
}
