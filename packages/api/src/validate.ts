// Runtime validation against the contract's own component schemas (JSON Schema 2020-12), so that
// servers (the reference implementation) and tests validate with exactly what the contract says.
import { crmFactoryPolicy, type Policy, resolvePointer } from "@crmfactory/taxonomy";
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

export interface ValidatorOptions {
  /**
   * The policy whose vocabularies (`x-policy-vocabulary`: data categories, roles, kinds of right, legal
   * bases, permissions, subprocessor ids) the values must belong to: the policy the implementation
   * enforces. Default: the CRM Factory policy.
   */
  policy?: Policy;
  /** The contract document. Default: this package's bundled `openapi.yaml`. */
  document?: OpenApiDocument;
}

/**
 * Compiles the contract's component schemas with Ajv (draft 2020-12, all formats of ajv-formats), with
 * the policy's vocabularies put in place. Schemas compile lazily on first use and are cached by the
 * returned validator.
 */
export function createValidator(options: ValidatorOptions = {}): Validator {
  const { policy = crmFactoryPolicy, document = openapiDocument } = options;
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    // The contract uses `type: [string, "null"]` with formats and nullable unions; these are valid
    // JSON Schema, only outside Ajv's stricter "strictTypes" subset.
    strictTypes: false,
    strictRequired: false,
    // `oneOf` + OpenAPI `discriminator`: validate only the branch the tag selects, so a body missing a
    // kind-specific field gets that one issue, not one per branch. Ajv ignores `mapping` (the branches'
    // `const`/`enum` say the same), so it is stripped before compiling; its keys name the valid tags.
    discriminator: true,
    // Errors carry the failing keyword's schema: the allowed tags of a `discriminator` error.
    verbose: true,
    allowUnionTypes: true,
    validateFormats: true,
  });
  addFormats(ajv);
  // The contract's own annotations: vocabularies are applied before compiling, the rest is prose.
  ajv.addVocabulary(["x-policy-vocabulary", "x-vocabulary-except", "x-policy-vocabulary-keys", unreachable]);
  const tagValues = new WeakMap<object, string[]>();
  const components = applyVocabularies(document.components.schemas, policy) as Record<string, JsonSchema>;
  const rewrite = (value: unknown) =>
    rewriteRefs(remapDiscriminators(applyVocabularies(value, policy), components), tagValues);
  const defs = rewrite(document.components.schemas) as Record<string, JsonSchema>;
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
    return { ok: false, errors: toIssues(fn.errors ?? [], prefix, value, tagValues) };
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
        fn = ajv.compile(rewrite(schema) as JsonSchema);
        cache.set(`operation:${operationId}`, fn);
      }
      return run(fn, value, "/body");
    },
  };
}

/** The keys of the object the policy holds at `pointer`: one vocabulary (`/rights/kinds` -> the kinds). */
function vocabulary(policy: Policy, pointer: string, except: readonly string[] = []): string[] {
  const node = resolvePointer(policy, pointer);
  if (node === null || typeof node !== "object") {
    throw new Error(`x-policy-vocabulary "${pointer}" names nothing in policy "${policy.id}"`);
  }
  return Object.keys(node).filter((key) => !except.includes(key));
}

/**
 * Puts the policy's vocabularies into the schemas, deeply, without touching the input: a string of
 * `x-policy-vocabulary` gets the vocabulary as its `enum`, an object of `x-policy-vocabulary-keys` gets
 * it as its required keys (and no other).
 */
function applyVocabularies(value: unknown, policy: Policy): unknown {
  if (Array.isArray(value)) return value.map((item) => applyVocabularies(item, policy));
  if (value === null || typeof value !== "object") return value;
  const schema = value as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, child] of Object.entries(schema)) out[key] = applyVocabularies(child, policy);
  const pointer = schema["x-policy-vocabulary"];
  if (typeof pointer === "string") {
    const words = vocabulary(policy, pointer, schema["x-vocabulary-except"] as string[] | undefined);
    // A value fixed by the contract (a branch's `const` or `enum` tag) stays, if the policy has it; a
    // branch the policy leaves no value for is left out of its union (`remapDiscriminators`).
    const own = "const" in schema ? [schema.const] : (schema.enum as unknown[] | undefined);
    const values = own ? own.filter((value) => words.includes(String(value))) : words;
    delete out.const;
    if (values.length > 0) out.enum = values;
    else out[unreachable] = true;
  }
  const keysPointer = schema["x-policy-vocabulary-keys"];
  if (typeof keysPointer === "string") {
    const keys = vocabulary(policy, keysPointer);
    out.required = keys;
    out.propertyNames = { enum: keys };
  }
  return out;
}

/**
 * Rebuilds each discriminator's `mapping` from its branches' tags, once vocabularies are in place: a
 * branch whose tag is a vocabulary takes whatever values the enforced policy gives it.
 */
const unreachable = "x-unreachable-under-policy";

function remapDiscriminators(value: unknown, components: Record<string, JsonSchema>): unknown {
  if (Array.isArray(value)) return value.map((item) => remapDiscriminators(item, components));
  if (value === null || typeof value !== "object") return value;
  const out: JsonSchema = {};
  for (const [key, child] of Object.entries(value)) out[key] = remapDiscriminators(child, components);
  const discriminator = out.discriminator as { propertyName: string; mapping?: Record<string, string> };
  if (discriminator?.mapping && Array.isArray(out.oneOf)) {
    const mapping: Record<string, string> = {};
    const tagOf = (branch: JsonSchema) =>
      (
        components[(branch.$ref as string).slice(componentRef.length)]?.properties as
          | Record<string, JsonSchema>
          | undefined
      )?.[discriminator.propertyName];
    out.oneOf = (out.oneOf as JsonSchema[]).filter((branch) => tagOf(branch)?.[unreachable] !== true);
    for (const branch of out.oneOf as JsonSchema[]) {
      const tag = tagOf(branch);
      const values = tag && ("const" in tag ? [tag.const] : ((tag.enum as unknown[]) ?? []));
      for (const tagValue of values ?? []) mapping[String(tagValue)] = branch.$ref as string;
    }
    out.discriminator = { ...discriminator, mapping };
  }
  return out;
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

/**
 * `#/components/schemas/X` -> `schemaBundleId#/$defs/X`, deeply, without touching the input. A
 * `discriminator`'s `mapping` (unsupported by Ajv) is dropped; its keys are recorded in `tagValues`.
 */
function rewriteRefs(value: unknown, tagValues: WeakMap<object, string[]>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, tagValues));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "discriminator" && child !== null && typeof child === "object" && "propertyName" in child) {
      const { mapping, ...discriminator } = child as { mapping?: Record<string, string> };
      if (mapping) tagValues.set(discriminator, Object.keys(mapping));
      out[key] = discriminator;
      // Ajv's discriminator applies to objects only and replaces the `oneOf`: without a type, any
      // non-object would pass.
      out.type ??= "object";
      continue;
    }
    out[key] =
      key === "$ref" && typeof child === "string" && child.startsWith(componentRef)
        ? `${schemaBundleId}#/$defs/${child.slice(componentRef.length)}`
        : rewriteRefs(child, tagValues);
  }
  return out;
}

function escapePointer(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

// Errors that only summarise their subschemas' errors.
const summaryKeywords = new Set(["anyOf", "oneOf", "not", "if"]);

/** Ajv errors -> issues whose path points at the offending member itself, deduplicated. */
function toIssues(
  errors: ErrorObject[],
  prefix: string,
  value: unknown,
  tagValues: WeakMap<object, string[]>,
): ValidationIssue[] {
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
    } else if (error.keyword === "discriminator") {
      // The tag is missing, not a string, or selects no branch.
      const tag = String(error.params.tag);
      const member = valueAt(value, error.instancePath);
      path = `${path}/${escapePointer(tag)}`;
      const allowed = tagValues.get(error.schema as object);
      if (member === null || typeof member !== "object" || !(tag in member)) message = "is required";
      else if (allowed) message = `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
      else message = error.message ?? "is invalid";
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

/** The member of `value` at JSON Pointer `pointer`. */
function valueAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const token of pointer.split("/").slice(1)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[token.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return current;
}
