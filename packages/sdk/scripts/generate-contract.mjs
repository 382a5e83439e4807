#!/usr/bin/env node
// Generates, from the contract (@crmfactory/api, built), what the SDK takes from it:
//
//   src/generated/openapi.ts   the contract's types, copied from the contract package's own generated
//                              types (openapi-typescript with the policy's vocabularies as CRM Factory's
//                              names), bundled into the SDK's declarations, so the published SDK needs
//                              no @crmfactory/api;
//   src/generated/contract.ts  the runtime facts the SDK needs: the problem type prefix, header names,
//                              the audit genesis hash (the problem catalogue is in the types, and the
//                              error-class table is checked against it);
//   src/generated/operations.ts  the typed signature of each operation's method;
//   src/generated/resources.ts   src/resources.json (method name -> operationId) compiled with each
//                              operation's method, path and shape: the client's runtime tables, and
//                              the interface of each resource with the contract's summaries as JSDoc.
//
// Run by `build` and `typecheck`; the outputs are git-ignored. Tests check them against the contract.
//
// An operation shape this script does not know (a body and query parameters at once, several JSON
// request media types...) fails the build with its operationId rather than produce a wrong method.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { auditGenesisHash, headerNames, problemTypeBase, problemTypes } from "@crmfactory/api";

const generated = new URL("../src/generated/", import.meta.url);
const require = createRequire(import.meta.url);
const documentPath = require.resolve("@crmfactory/api/openapi.json");
// The contract package generates its types with the vocabulary transform (CRM Factory's names for the
// policy's vocabularies); the SDK ships exactly those, rather than a second generation that could differ.
const typesPath = join(dirname(require.resolve("@crmfactory/api/package.json")), "src/generated/openapi.ts");
if (!existsSync(typesPath))
  throw new Error(`generate-contract: ${typesPath} is missing: build @crmfactory/api first`);
const openapiDocument = JSON.parse(readFileSync(documentPath, "utf8"));
const methods = ["get", "put", "post", "patch", "delete"];
const isJson = (mediaType) => /^[^/]+\/([^+]+\+)?json$/.test(mediaType.split(";")[0].trim());

/** Follows a local `$ref` (`#/components/...`) to what it names. */
function deref(node) {
  let current = node;
  while (current && typeof current.$ref === "string") {
    const path = current.$ref.replace(/^#\//, "").split("/");
    current = path.reduce(
      (value, key) => value?.[key.replace(/~1/g, "/").replace(/~0/g, "~")],
      openapiDocument,
    );
    if (current === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
  }
  return current;
}

function fail(operationId, message) {
  throw new Error(`generate-contract: ${operationId}: ${message}`);
}

/** A JSDoc comment's text, safe inside `/** ... *\/`. */
const docText = (text) => text.replace(/\*\//g, "*\\/").replace(/\s+/g, " ").trim();

function describeOperation(path, method, operation) {
  const { operationId } = operation;
  const parameters = [...(openapiDocument.paths[path].parameters ?? []), ...(operation.parameters ?? [])].map(
    deref,
  );
  const pathNames = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  for (const name of pathNames) {
    if (!parameters.some((p) => p.in === "path" && p.name === name))
      fail(operationId, `no parameter {${name}}`);
  }
  const query = parameters.filter((p) => p.in === "query");
  const paginated = query.some((p) => p.name === "cursor");
  const filters = query.filter((p) => p.name !== "cursor");

  const flags = [];
  let data;
  const requestBody = operation.requestBody && deref(operation.requestBody);
  if (requestBody) {
    const mediaTypes = Object.keys(requestBody.content ?? {});
    const json = mediaTypes.filter(isJson);
    if (json.length > 1) fail(operationId, `several JSON request media types: ${json.join(", ")}`);
    if (json.length === 1 && mediaTypes.length > 1)
      fail(operationId, "JSON and binary request bodies at once");
    if (query.length > 0) fail(operationId, "a request body and query parameters at once");
    if (json.length === 1) {
      flags.push("JSON_BODY");
      data = `body${requestBody.required ? "" : "?"}: RequestBody<"${operationId}">`;
    } else {
      if (!requestBody.required) fail(operationId, "an optional binary request body");
      flags.push("BINARY_BODY");
      data = `body: BinaryBody<"${operationId}">`;
    }
  } else if (query.length > 0) {
    flags.push("QUERY");
    const optional = filters.every((p) => !p.required) ? "?" : "";
    data = paginated
      ? `params${optional}: ListParams<"${operationId}">`
      : `params${optional}: QueryParams<"${operationId}">`;
  }

  const successes = Object.entries(operation.responses)
    .filter(([status]) => /^2(\d\d|XX)$/.test(status))
    .map(([, response]) => deref(response));
  if (successes.length === 0) fail(operationId, "no success response");
  const contents = successes.map((response) => Object.keys(response.content ?? {}));
  const jsonResponse = contents.some((types) => types.some(isJson));
  const binaryResponse = contents.some((types) => types.some((type) => !isJson(type)));
  if (jsonResponse && binaryResponse) fail(operationId, "JSON and binary success responses at once");
  const someEmpty = contents.some((types) => types.length === 0);
  if (someEmpty) flags.push(jsonResponse || binaryResponse ? "OPTIONAL_RESPONSE" : "NO_CONTENT");
  if (binaryResponse) flags.push("BLOB_RESPONSE");
  // A session's new token, for a call made with a session: the client takes it up (rotateSession).
  const schemes = (operation.security ?? openapiDocument.security ?? []).flatMap(Object.keys);
  const sessionToken = successes.some(
    (response) =>
      response.content?.["application/json"]?.schema?.$ref === "#/components/schemas/SessionWithToken",
  );
  if (sessionToken && schemes.includes("bearerAuth")) flags.push("ROTATES_SESSION");
  let result;
  if (paginated) {
    if (!jsonResponse) fail(operationId, "a paginated operation without a JSON response");
    flags.push("PAGINATED");
    result = `Paginator<ResponseBody<"${operationId}">>`;
  } else if (binaryResponse) result = `ApiPromise<Blob${someEmpty ? " | undefined" : ""}>`;
  else if (jsonResponse) {
    const maybeEmpty = someEmpty ? " | undefined" : "";
    result = `ApiPromise<ResponseBody<"${operationId}">${maybeEmpty}>`;
  } else result = "ApiPromise<void>";

  const args = [
    ...pathNames.map((name) => `${name}: PathParams<"${operationId}">["${name}"]`),
    ...(data ? [data] : []),
    "options?: RequestOptions",
  ];
  const notes = [`\`${method.toUpperCase()} ${path}\` (\`${operationId}\`)`];
  if (schemes.length === 0) notes.push("public: no token needed");
  else if (typeof operation["x-permission"] === "string")
    notes.push(`needs \`${operation["x-permission"]}\``);
  if (schemes.includes("operatorAuth")) notes.push("operator token");
  if (schemes.includes("requestToken")) notes.push("a session token or the request's `requestToken`");
  if (operation["x-test-mode-only"] === true) notes.push("test mode only");
  const doc = `/** ${docText(operation.summary ?? operationId)}. ${notes.join("; ")}.${operation.deprecated ? " @deprecated" : ""} */`;
  return {
    operationId,
    flags,
    method: method.toUpperCase(),
    doc,
    path,
    spec: (prefix) =>
      `[${JSON.stringify(path.slice(prefix.length))}, ${method.toUpperCase()}, ${flags.join(" | ") || "0"}]`,
    signature: `  ${doc}\n  ${operationId}(${args.join(", ")}): ${result};`,
  };
}

const operations = Object.entries(openapiDocument.paths).flatMap(([path, item]) =>
  methods.filter((method) => item[method]).map((method) => describeOperation(path, method, item[method])),
);
const ids = operations.map((operation) => operation.operationId);
if (new Set(ids).size !== ids.length) throw new Error("generate-contract: duplicate operationIds");

// The resource table (hand-written: method names -> operationIds), compiled with the operations.
const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
const { resources } = JSON.parse(readFileSync(new URL("../src/resources.json", import.meta.url), "utf8"));
const tabled = Object.entries(resources).map(([property, resource]) => ({
  property,
  ...resource,
  methods: Object.entries(resource.methods).map(([name, operationId]) => {
    const operation = byId.get(operationId);
    if (!operation) throw new Error(`generate-contract: ${property}.${name}: no operation ${operationId}`);
    return { name, operation };
  }),
}));
/** The longest path prefix, at a segment boundary, of a resource's operations (each spec holds the rest). */
function commonPrefix(paths) {
  let prefix = paths[0];
  for (const path of paths) {
    while (!path.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf("/"));
  }
  return prefix;
}
const used = tabled.flatMap((resource) => resource.methods.map((method) => method.operation));
const imported = [...new Set(used.flatMap((operation) => [operation.method, ...operation.flags]))].sort();
const extras = tabled.filter((resource) => resource.extends);

for (const entry of Object.values(problemTypes)) {
  if (entry.type !== `${problemTypeBase}${entry.slug}`)
    throw new Error(`generate-contract: ${entry.slug} is not under ${problemTypeBase}`);
}
// One constant per header, so that a bundle carries only the names it uses.
const headerConstant = (key) => `${key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}_HEADER`;
const headerConstants = Object.entries(headerNames)
  .map(([key, name]) => `export const ${headerConstant(key)} = ${JSON.stringify(name)};`)
  .join("\n");
const headers = Object.keys(headerNames)
  .map((key) => `  ${key}: ${headerConstant(key)},`)
  .join("\n");
const banner = `// Generated by scripts/generate-contract.mjs from @crmfactory/api ${openapiDocument.info.version}. Do not edit:
// \`pnpm --filter @crmfactory/sdk build\` (or \`typecheck\`) regenerates it from the contract.`;

const contract = `${banner}

/** The contract version (\`info.version\`) this SDK was generated from. */
export const CONTRACT_VERSION = ${JSON.stringify(openapiDocument.info.version)};

/** Every problem type URI is this prefix followed by the slug. */
export const PROBLEM_TYPE_PREFIX = ${JSON.stringify(problemTypeBase)};

/** The header names the contract defines, one constant each. */
${headerConstants}

/** The header names the contract defines, by key. */
export const HEADER_NAMES = {
${headers}
} as const;

/** \`prevHash\` of the first audit entry. */
export const AUDIT_GENESIS_HASH = ${JSON.stringify(auditGenesisHash)};
`;

const operationsModule = `${banner}
import type { ApiPromise } from "../api-promise.js";
import type {
  BinaryBody,
  ListParams,
  PathParams,
  QueryParams,
  RequestBody,
  ResponseBody,
} from "../operation-types.js";
import type { Paginator } from "../pagination.js";
import type { RequestOptions } from "../request-options.js";

/**
 * The method of each operation, typed from the contract: path parameters first (in path order), then
 * the JSON body, the binary body or the query parameters, then per-request options.
 */
export interface OperationMethods {
${operations.map((operation) => operation.signature).join("\n")}
}
`;

// The operations' specs are written inline in the tables, so that no operationId reaches a bundle.
const resourcesModule = `${banner}
// It compiles src/resources.json (method name -> operationId) with the contract's operations.
${extras.map((resource) => `import type { ${resource.extends.type} } from "../${resource.extends.module}";`).join("\n")}
import { ${[...imported, "type ResourceTable"].join(", ")} } from "../operation-spec.js";
import type { OperationMethods } from "./operations.js";

${tabled
  .map(
    (resource) => `/** ${docText(resource.description)} */
export interface ${resource.type}${resource.extends ? ` extends ${resource.extends.type}` : ""} {
${resource.methods.map(({ name, operation }) => `  ${operation.doc}\n  readonly ${name}: OperationMethods["${operation.operationId}"];`).join("\n")}
}`,
  )
  .join("\n\n")}

/** The operations some resource method calls (every operation, unless one lacks a method). */
export type TabledOperationId =
${[...new Set(used.map((operation) => `  | "${operation.operationId}"`))].join("\n")};

/** Every resource of the client, by property name. */
export interface ClientResources {
${tabled.map((resource) => `  /** ${docText(resource.description)} */\n  readonly ${resource.property}: ${resource.type};`).join("\n")}
}

/**
 * The operation each resource method calls, \`[path template, method, flags]\`, the path after the
 * resource's common prefix (\`[prefix, { method: spec }]\`): a smaller bundle.
 */
export const resourceTables = {
${tabled
  .map((resource) => {
    const prefix = commonPrefix(resource.methods.map(({ operation }) => operation.path));
    const specs = resource.methods.map(({ name, operation }) => `    ${name}: ${operation.spec(prefix)},`);
    return `  ${resource.property}: [\n    ${JSON.stringify(prefix)},\n    {\n${specs.map((spec) => `  ${spec}`).join("\n")}\n    },\n  ],`;
  })
  .join("\n")}
} as const satisfies Record<keyof ClientResources, ResourceTable>;
`;

const types = readFileSync(typesPath, "utf8").replace(/^\/\/ Generated by [^\n]*\n/, "");

mkdirSync(generated, { recursive: true });
writeFileSync(new URL("contract.ts", generated), contract);
writeFileSync(new URL("operations.ts", generated), operationsModule);
writeFileSync(new URL("resources.ts", generated), resourcesModule);
writeFileSync(
  new URL("openapi.ts", generated),
  `// Generated by scripts/generate-contract.mjs: the types of @crmfactory/api ${openapiDocument.info.version}. Do not edit.\n${types}`,
);
const unused = operations.filter((operation) => !used.includes(operation)).map((o) => o.operationId);
console.log(
  `generate-contract: ${operations.length} operations -> src/generated/{contract,operations,resources,openapi}.ts`,
);
if (unused.length > 0)
  console.warn(`generate-contract: no method calls ${unused.join(", ")} (see src/resources.json)`);
