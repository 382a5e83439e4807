import { type JsonSchema, openapiDocument, operationPermissions } from "@crmfactory/api";

/** Request schemas of the contract, walked to generate bad input: fields, their types, their parameters. */

// biome-ignore lint/suspicious/noExplicitAny: keywords of the contract's JSON Schemas hold any JSON.
type Schema = JsonSchema & Record<string, any>;
export type FieldPath = readonly (string | number)[];

export interface Field {
  path: FieldPath;
  schema: Schema;
  /** Inside a `writeOnly` member (a secret, credentials): never read back. */
  writeOnly: boolean;
}

export function resolve(schema: Schema | undefined): Schema {
  let current = schema ?? {};
  while (typeof current.$ref === "string") {
    const name = current.$ref.split("/").pop() as string;
    current = (openapiDocument.components.schemas as Record<string, Schema>)[name] as Schema;
  }
  return current;
}

function operationObject(operationId: string): Schema {
  const op = operationPermissions[operationId as keyof typeof operationPermissions];
  return (openapiDocument.paths as Record<string, Record<string, Schema>>)[op.path]?.[
    op.method.toLowerCase()
  ] as Schema;
}

/** The JSON request body's schema, or undefined for an operation without one (or taking bytes). */
export function jsonBodySchema(operationId: string): Schema | undefined {
  const media = operationObject(operationId).requestBody?.content?.["application/json"];
  return media ? resolve(media.schema) : undefined;
}

export interface Parameter {
  name: string;
  in: string;
  schema: Schema;
}

export function parametersOf(operationId: string): Parameter[] {
  return ((operationObject(operationId).parameters ?? []) as Schema[]).map((p) => {
    const parameter = p.$ref
      ? (openapiDocument.components.parameters as unknown as Record<string, Schema>)[
          p.$ref.split("/").pop() as string
        ]
      : p;
    return { name: parameter?.name, in: parameter?.in, schema: resolve(parameter?.schema) };
  });
}

/** The branch of a `oneOf` the valid value takes (its discriminating `const`/`enum` members match). */
function branchFor(schema: Schema, value: unknown): Schema {
  const branches = (schema.oneOf ?? schema.anyOf ?? []).map(resolve);
  const record = (value ?? {}) as Record<string, unknown>;
  const fits = (branch: Schema) =>
    Object.entries(branch.properties ?? {}).every(([name, member]) => {
      const m = resolve(member as Schema);
      if (!(name in record)) return !(branch.required ?? []).includes(name);
      if (m.const !== undefined) return m.const === record[name];
      if (m.enum) return m.enum.includes(record[name]);
      return true;
    });
  return branches.find((b: Schema) => b.type === "object" && fits(b)) ?? branches[0] ?? schema;
}

/**
 * Every member of the body's schema, nested ones too (array members at index 0, maps at a key `k1`),
 * following the `oneOf` branch of the valid body.
 */
export function fieldsOf(schema: Schema, value: unknown, path: FieldPath = [], writeOnly = false): Field[] {
  let s = resolve(schema);
  if ((s.oneOf || s.anyOf) && !s.properties) {
    const branch = branchFor(s, value);
    if (branch.type !== "object" && !branch.properties) return [];
    s = branch;
  }
  const out: Field[] = [];
  const record = (value ?? {}) as Record<string, unknown>;
  if (s.properties) {
    for (const [name, member] of Object.entries(s.properties as Record<string, Schema>)) {
      const m = resolve(member);
      const memberWriteOnly = writeOnly || m.writeOnly === true;
      out.push({ path: [...path, name], schema: m, writeOnly: memberWriteOnly });
      out.push(...fieldsOf(m, record[name], [...path, name], memberWriteOnly));
    }
  } else if (s.additionalProperties && typeof s.additionalProperties === "object" && path.length > 0) {
    const m = resolve(s.additionalProperties as Schema);
    out.push({ path: [...path, "k1"], schema: m, writeOnly });
  }
  if (s.items && typeof s.items === "object") {
    const m = resolve(s.items as Schema);
    out.push({ path: [...path, 0], schema: m, writeOnly });
    out.push(...fieldsOf(m, (value as unknown[] | undefined)?.[0], [...path, 0], writeOnly));
  }
  return out;
}

/** The JSON types a schema admits. */
export function typesOf(schema: Schema): Set<string> {
  const s = resolve(schema);
  const out = new Set<string>();
  if (s.type) for (const t of [s.type].flat() as string[]) out.add(t);
  else if (s.const !== undefined) out.add(jsonType(s.const));
  else if (s.enum) for (const v of s.enum as unknown[]) out.add(jsonType(v));
  for (const branch of (s.oneOf ?? s.anyOf ?? []) as Schema[]) for (const t of typesOf(branch)) out.add(t);
  if (out.has("integer")) out.add("number");
  return out;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

const wrongCandidates: readonly unknown[] = [12345, "not the right type", true, { nested: 1 }, [1, 2], null];

/** A value of a JSON type the schema refuses, picked by `index` so fields share the candidates around. */
export function wrongTypeValue(schema: Schema, index: number): unknown {
  const allowed = typesOf(schema);
  const refused = wrongCandidates.filter((v) => !allowed.has(jsonType(v)));
  // An integer member refuses a fraction too: the one wrong "number".
  if (allowed.has("integer") && !(resolve(schema).type as string[] | string | undefined)?.includes("number"))
    refused.push(1.5);
  return refused[index % refused.length];
}

/** A string member free text takes as is: no format, pattern, enum or const narrows it. */
export function isPlainString(schema: Schema): boolean {
  const s = resolve(schema);
  return (
    typesOf(s).has("string") &&
    s.format === undefined &&
    s.pattern === undefined &&
    s.enum === undefined &&
    s.const === undefined &&
    !s.oneOf
  );
}

export function isString(schema: Schema): boolean {
  return typesOf(schema).has("string");
}

/** Objects that refuse members they do not name (`additionalProperties: false`), by path. */
export function closedObjects(schema: Schema, value: unknown, path: FieldPath = []): FieldPath[] {
  let s = resolve(schema);
  if ((s.oneOf || s.anyOf) && !s.properties) s = branchFor(s, value);
  const out: FieldPath[] = [];
  if (s.additionalProperties === false && s.properties) out.push(path);
  for (const [name, member] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    const v = (value as Record<string, unknown> | undefined)?.[name];
    if (v !== undefined && typeof v === "object" && v !== null && !Array.isArray(v))
      out.push(...closedObjects(member, v, [...path, name]));
  }
  return out;
}

export function getAt(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A copy of `value` with `path` set (intermediate objects and arrays made as needed). */
export function setAt(value: unknown, path: FieldPath, member: unknown): unknown {
  const copy = structuredClone(value ?? {}) as Record<string | number, unknown>;
  let current = copy;
  path.forEach((key, index) => {
    if (index === path.length - 1) {
      current[key] = member;
      return;
    }
    const next = current[key];
    if (next === null || typeof next !== "object")
      current[key] = typeof path[index + 1] === "number" ? [] : {};
    current = current[key] as Record<string | number, unknown>;
  });
  return copy;
}
