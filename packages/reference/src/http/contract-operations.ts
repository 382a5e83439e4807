import { type JsonSchema, type OperationObject, openapiDocument } from "@crmfactory/api";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { statedBodyLimit } from "./body-limits.js";

const addFormats = addFormatsModule.default;

export interface ParameterObject {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  required?: boolean;
  schema?: JsonSchema;
}
interface ReferenceObject {
  $ref: string;
}
interface RequestBodyObject {
  required?: boolean;
  content: Record<string, unknown>;
}

export interface OperationShape {
  operationId: string;
  method: string;
  path: string;
  /** The Hono route: `/users/:userId`. */
  route: string;
  parameters: ParameterObject[];
  /** Media types of the request body, with `application/json` bodies validated by the contract. */
  bodyMediaTypes: string[];
  bodyRequired: boolean;
  /** The body limit the operation states (the profile photo's), else `null`: `maxRequestBodyBytes`. */
  statedMaxBodyBytes: number | null;
  operation: OperationObject;
}

function resolve<T>(value: T | ReferenceObject): T {
  if (value && typeof value === "object" && "$ref" in value) {
    const pointer = (value as ReferenceObject).$ref.replace(/^#\//, "").split("/");
    let node: unknown = openapiDocument;
    for (const part of pointer) node = (node as Record<string, unknown>)[part];
    return node as T;
  }
  return value as T;
}

/** Every operation of the contract with what the pipeline reads of it. */
export const operationShapes: ReadonlyMap<string, OperationShape> = (() => {
  const out = new Map<string, OperationShape>();
  for (const [path, item] of Object.entries(openapiDocument.paths)) {
    for (const method of ["get", "put", "post", "patch", "delete"] as const) {
      const operation = item[method];
      if (!operation) continue;
      const body = operation.requestBody ? resolve<RequestBodyObject>(operation.requestBody) : undefined;
      out.set(operation.operationId, {
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        route: path.replace(/\{(\w+)\}/g, ":$1"),
        parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
          resolve<ParameterObject>(p),
        ),
        bodyMediaTypes: body ? Object.keys(body.content) : [],
        bodyRequired: body?.required ?? false,
        statedMaxBodyBytes: body ? statedBodyLimit(operation, body.content) : null,
        operation,
      });
    }
  }
  return out;
})();

// Parameter schemas are small and inline, referring to component schemas at most: one Ajv holds them.
const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: false });
addFormats(ajv);
const bundleId = "https://crmfactory.ai/schemas/reference/components.json";
ajv.addSchema({
  $id: bundleId,
  $defs: rewriteRefs(openapiDocument.components.schemas) as Record<string, JsonSchema>,
});

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) =>
        key === "$ref" && typeof inner === "string"
          ? [key, inner.replace("#/components/schemas/", `${bundleId}#/$defs/`)]
          : [key, rewriteRefs(inner)],
      ),
    );
  }
  return value;
}

const compiled = new WeakMap<object, ValidateFunction>();

/** Checks one parameter's value against its schema; answers the messages of what is wrong. */
export function checkParameter(parameter: ParameterObject, value: unknown): string[] {
  const schema = parameter.schema ?? {};
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(rewriteRefs(schema) as JsonSchema);
    compiled.set(schema, fn);
  }
  if (fn(value)) return [];
  return (fn.errors ?? []).map(
    (error) => `${error.instancePath ? `${error.instancePath} ` : ""}${error.message}`,
  );
}

/** Reads a query parameter's raw text into the type its schema names (integers, booleans, lists). */
export function coerceQueryValue(parameter: ParameterObject, raw: string[]): unknown {
  const schema = resolve<JsonSchema>((parameter.schema ?? {}) as JsonSchema);
  const type = schema.type;
  if (type === "array") return raw.flatMap((value) => value.split(","));
  const value = raw[raw.length - 1] ?? "";
  if (type === "integer" || type === "number") return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  return value;
}
