// Runtime validation against the contract's own component schemas (JSON Schema 2020-12), so that
// servers (the reference implementation) and tests validate with exactly what the contract says.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { JsonSchema, OpenApiDocument } from "./document-types.js";
import type { components } from "./generated/openapi.js";
import { openapiDocument } from "./generated/openapi-document.js";

/** The name of a schema of `components.schemas`. */
export type SchemaName = keyof components["schemas"] & string;

/** One violation: a JSON Pointer (RFC 6901) to the offending value and a message. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; errors: [] } | { ok: false; errors: ValidationIssue[] };

export interface ValidateOptions {
  /**
   * Prepended to every issue path, e.g. `/body` so that issues read `/body/kind` as in the contract's
   * `ProblemFieldError.path`.
   */
  pathPrefix?: string;
}

export interface Validator {
  /** Validates `value` against the component schema `schemaName`. */
  validate(schemaName: SchemaName, value: unknown, options?: ValidateOptions): ValidationResult;
  /**
   * Validates a request body against the JSON schema of operation `operationId`'s request body.
   * Issues are prefixed with `/body`. Throws if the operation is unknown or takes no JSON body.
   */
  validateRequestBody(operationId: string, value: unknown): ValidationResult;
  /** The names of every component schema. */
  readonly schemaNames: readonly SchemaName[];
}

const schemaBundleId = "https://crmfactory.ai/schemas/api/components.json";
const componentRef = "#/components/schemas/";

// ajv-formats is CommonJS: its default export is the plugin, also available as `.default`.
const addFormats = addFormatsModule.default;

/**
 * Compiles the contract's component schemas with Ajv (draft 2020-12, all formats of ajv-formats).
 * Schemas compile lazily on first use and are cached by the returned validator.
 */
export function createValidator(document: OpenApiDocument = openapiDocument): Validator {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    // The contract uses `type: [string, "null"]` with formats and nullable unions; these are valid
    // JSON Schema, only outside Ajv's stricter "strictTypes" subset.
    strictTypes: false,
    // Conditional requirements (`anyOf: [..., { required: [changes] }]`) name properties declared by
    // the enclosing schema, which Ajv's "strictRequired" would reject.
    strictRequired: false,
    allowUnionTypes: true,
    validateFormats: true,
  });
  addFormats(ajv);
  const defs = rewriteRefs(document.components.schemas) as Record<string, JsonSchema>;
  ajv.addSchema({ $id: schemaBundleId, $defs: defs });

  const cache = new Map<string, ValidateFunction>();
  const compiled = (pointer: string): ValidateFunction => {
    let fn = cache.get(pointer);
    if (!fn) {
      const found = ajv.getSchema(`${schemaBundleId}#${pointer}`);
      if (!found) throw new Error(`no schema at ${pointer}`);
      fn = found;
      cache.set(pointer, fn);
    }
    return fn;
  };

  const run = (fn: ValidateFunction, value: unknown, prefix: string): ValidationResult => {
    if (fn(value)) return { ok: true, errors: [] };
    return { ok: false, errors: toIssues(fn.errors ?? [], prefix) };
  };

  const schemaNames = Object.keys(document.components.schemas) as SchemaName[];

  return {
    schemaNames,
    validate(schemaName, value, options = {}) {
      if (!(schemaName in document.components.schemas)) throw new Error(`unknown schema ${schemaName}`);
      return run(compiled(`/$defs/${escapePointer(schemaName)}`), value, options.pathPrefix ?? "");
    },
    validateRequestBody(operationId, value) {
      const schema = requestBodySchema(document, operationId);
      const ref = typeof schema.$ref === "string" ? schema.$ref : undefined;
      if (ref?.startsWith(componentRef)) {
        return run(compiled(`/$defs/${escapePointer(ref.slice(componentRef.length))}`), value, "/body");
      }
      // An inline body schema: compile it on its own, its references resolving into the components.
      let fn = cache.get(`operation:${operationId}`);
      if (!fn) {
        fn = ajv.compile(rewriteRefs(schema) as JsonSchema);
        cache.set(`operation:${operationId}`, fn);
      }
      return run(fn, value, "/body");
    },
  };
}

function requestBodySchema(document: OpenApiDocument, operationId: string): JsonSchema {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      if (typeof operation !== "object" || operation === null || !("operationId" in operation)) continue;
      if (operation.operationId !== operationId) continue;
      const body = operation.requestBody;
      const schema = body && "content" in body ? body.content["application/json"]?.schema : undefined;
      if (!schema) throw new Error(`operation ${operationId} takes no JSON request body`);
      return schema;
    }
  }
  throw new Error(`unknown operation ${operationId}`);
}

/** `#/components/schemas/X` -> `schemaBundleId#/$defs/X`, deeply, without touching the input. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === "$ref" && typeof child === "string" && child.startsWith(componentRef)
        ? `${schemaBundleId}#/$defs/${child.slice(componentRef.length)}`
        : rewriteRefs(child);
  }
  return out;
}

function escapePointer(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

// Errors that only summarise their subschemas' errors (or, for `not`, the branch "not an email" of
// a conditional requirement written as `anyOf: [{ not: ... }, { required: [...] }]`).
const summaryKeywords = new Set(["anyOf", "not", "if"]);

/** Ajv errors -> issues whose path points at the offending member itself, deduplicated. */
function toIssues(errors: ErrorObject[], prefix: string): ValidationIssue[] {
  const specific = errors.filter((error) => !summaryKeywords.has(error.keyword));
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of specific.length > 0 ? specific : errors) {
    let path = error.instancePath;
    let message = error.message ?? "is invalid";
    if (error.keyword === "required") {
      path = `${path}/${escapePointer(String(error.params.missingProperty))}`;
      message = "is required";
    } else if (error.keyword === "additionalProperties") {
      path = `${path}/${escapePointer(String(error.params.additionalProperty))}`;
      message = "is not allowed";
    } else if (error.keyword === "enum") {
      message = `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    } else if (error.keyword === "const") {
      message = `must be ${JSON.stringify(error.params.allowedValue)}`;
    }
    const full = `${prefix}${path}` || "/";
    const key = `${full}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path: full, message });
  }
  return issues;
}
