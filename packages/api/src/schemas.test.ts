import { crmFactoryPolicy, resolvePointer } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "./index.js";
import { deref, doc, ops, refName, walkSchemas } from "./testing/contract-walk.js";

/** The values a tag schema allows: its `const`, its `enum`, or CRM Factory's vocabulary at `x-policy-vocabulary`. */
function tagValues(schema: JsonSchema): string[] {
  if ("const" in schema) return [String(schema.const)];
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  const pointer = schema["x-policy-vocabulary"];
  if (typeof pointer !== "string") throw new Error("a tag with no values");
  const except = (schema["x-vocabulary-except"] as string[] | undefined) ?? [];
  return Object.keys(resolvePointer(crmFactoryPolicy, pointer) as object).filter(
    (key) => !except.includes(key),
  );
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
      const own = tagValues(property);
      values.push(...own);
      for (const value of own) mapping[String(value)] = (ref as { $ref: string }).$ref;
    }
    // A branch taking "every other kind of the policy" leaves out exactly the other branches' tags, so
    // the branches partition the vocabulary of any policy, not only CRM Factory's.
    for (const ref of branches) {
      const property = (deref<JsonSchema>(ref).properties as Record<string, JsonSchema>)[tag] as JsonSchema;
      if (!("x-vocabulary-except" in property)) continue;
      const others = branches
        .filter((other) => other !== ref)
        .flatMap((other) =>
          tagValues((deref<JsonSchema>(other).properties as Record<string, JsonSchema>)[tag] as JsonSchema),
        );
      expect([...(property["x-vocabulary-except"] as string[])].sort()).toEqual([...new Set(others)].sort());
    }
    // The OpenAPI discriminator says the same for CRM Factory's policy, for tools that read it.
    expect(union.discriminator).toEqual({ propertyName: tag, mapping });
    const expected = tagValues(deref<JsonSchema>(doc.components.schemas[enumName]));
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

  it("takes every vocabulary of the policy from the policy data", () => {
    const pointers = new Map<string, string>();
    walkSchemas((schema, where) => {
      for (const keyword of ["x-policy-vocabulary", "x-policy-vocabulary-keys"]) {
        const pointer = schema[keyword];
        if (typeof pointer !== "string") continue;
        pointers.set(where, pointer);
        const node = resolvePointer(crmFactoryPolicy, pointer);
        expect(node !== null && typeof node === "object", `${where}: ${pointer}`).toBe(true);
        if (keyword === "x-policy-vocabulary") {
          expect(schema.type, where).toBe("string");
          // Only a union's tag fixes values of its own (a kind with fields of its own); they must be words
          // of the vocabulary, and the validator keeps them only where the enforced policy has them.
          const own = "const" in schema ? [schema.const] : (schema.enum as unknown[] | undefined);
          for (const value of own ?? []) expect(Object.keys(node as object), where).toContain(value);
          for (const key of Object.keys(node as object))
            expect(key, where).toMatch(new RegExp(String(schema.pattern ?? ".")));
        }
      }
    });
    expect(new Set(pointers.values())).toEqual(
      new Set([
        "/anchors",
        "/categories",
        "/legalBases",
        "/roles",
        "/permissions",
        "/rights/kinds",
        "/subprocessors",
      ]),
    );
    // The enums the policy defines are nowhere written as enums of the contract.
    const vocabularies = [
      Object.keys(crmFactoryPolicy.categories),
      Object.keys(crmFactoryPolicy.roles),
      Object.keys(crmFactoryPolicy.rights.kinds),
    ];
    walkSchemas((schema, where) => {
      if (!Array.isArray(schema.enum)) return;
      for (const words of vocabularies) {
        const overlap = schema.enum.filter((value) => words.includes(String(value)));
        expect(
          overlap.length === words.length && words.length === schema.enum.length,
          `${where} restates a policy vocabulary`,
        ).toBe(false);
      }
    });
  });
});
