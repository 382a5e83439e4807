// Examples are part of the contract: documentation, mock servers and SDK snippets are built from them.
// Every success response shows one, every example is a valid instance of what it illustrates, and
// together they tell one consistent, fictitious story (one tenant, `example` domains, 555 numbers).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { MediaTypeObject } from "./document-types.js";
import type { JsonSchema, OperationObject } from "./index.js";
import { auditGenesisHash, createValidator, openapiDocument, type SchemaName } from "./index.js";
import { deref, ops } from "./testing/contract-walk.js";

const validator = createValidator();
const schemas = openapiDocument.components.schemas;
const componentRef = "#/components/schemas/";
const tenantId = "0b6f3c1e-2d4a-4f8e-9c7b-1a2b3c4d5e6f";

type Content = Record<string, MediaTypeObject> | undefined;
interface MediaType {
  where: string;
  mediaType: string;
  media: MediaTypeObject;
}

/** Every media type of the document: request bodies, responses (shared ones too) and webhooks. */
function mediaTypes(): MediaType[] {
  const found: MediaType[] = [];
  const add = (content: Content, where: string) => {
    for (const [mediaType, media] of Object.entries(content ?? {})) found.push({ where, mediaType, media });
  };
  for (const [name, response] of Object.entries(openapiDocument.components.responses)) {
    add(response.content, `responses/${name}`);
  }
  const webhooks = Object.entries(openapiDocument.webhooks ?? {}).flatMap(([name, item]) =>
    item.post ? [{ op: item.post as OperationObject, name }] : [],
  );
  for (const { op } of [...ops, ...webhooks]) {
    if (op.requestBody) add(deref<{ content?: Content }>(op.requestBody).content, `${op.operationId} body`);
    for (const [code, response] of Object.entries(op.responses)) {
      // Shared responses are checked once, above.
      if (!("$ref" in response)) add(response.content, `${op.operationId} ${code}`);
    }
  }
  return found;
}

/** The values a media type shows: its `example` and the `value` of each of its `examples`. */
function mediaExampleValues(media: MediaTypeObject): unknown[] {
  const values = "example" in media ? [media.example] : [];
  for (const example of Object.values((media.examples as Record<string, unknown>) ?? {})) {
    const object = deref<{ value?: unknown }>(example);
    if ("value" in object) values.push(object.value);
  }
  return values;
}

/** The component schema a media type references directly, if any. */
function referencedSchema(media: MediaTypeObject): SchemaName | undefined {
  const ref = (media.schema as { $ref?: string } | undefined)?.$ref;
  return ref?.startsWith(componentRef) ? (ref.slice(componentRef.length) as SchemaName) : undefined;
}

/** Every example value of the document: of component schemas and of media types. */
function allExamples(): Array<{ where: string; value: unknown }> {
  const component = Object.entries(schemas).flatMap(([name, schema]) =>
    ((schema.examples as unknown[]) ?? []).map((value) => ({ where: `schemas/${name}`, value })),
  );
  const media = mediaTypes().flatMap(({ where, mediaType, media: m }) =>
    mediaExampleValues(m).map((value) => ({ where: `${where} ${mediaType}`, value })),
  );
  return [...component, ...media];
}

/** Calls `visit` on every member of `value`, deeply, with the member's name (or index). */
function walkValue(value: unknown, visit: (key: string, member: unknown) => void): void {
  if (value === null || typeof value !== "object") return;
  for (const [key, member] of Object.entries(value)) {
    visit(key, member);
    walkValue(member, visit);
  }
}

const exampleOf = <T>(name: string) => (schemas[name]?.examples as T[] | undefined)?.[0] as T;

describe("examples of success responses", () => {
  it("gives every success response an example, on its media type or in the schema it references", () => {
    const missing: string[] = [];
    let checked = 0;
    for (const { op } of ops) {
      for (const [code, response] of Object.entries(op.responses)) {
        if (!code.startsWith("2")) continue;
        for (const [mediaType, media] of Object.entries(
          deref<{ content?: Content }>(response).content ?? {},
        )) {
          checked++;
          if ("example" in media || "examples" in media) continue;
          const schema = media.schema && deref<JsonSchema>(media.schema);
          if (Array.isArray(schema?.examples) && schema.examples.length > 0) continue;
          missing.push(`${op.operationId} ${code} ${mediaType}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it("validates every media-type example against the component schema of its media type", () => {
    let validated = 0;
    for (const { where, mediaType, media } of mediaTypes()) {
      const values = mediaExampleValues(media);
      if (values.length === 0) continue;
      const name = referencedSchema(media);
      // An example next to an inline schema could not be checked here: keep schemas in components.
      expect(name, `${where} ${mediaType}: the example's schema is a component`).toBeDefined();
      for (const value of values) {
        validated++;
        expect(validator.validate(name as SchemaName, value), `${where} ${mediaType}`).toEqual({
          ok: true,
          errors: [],
        });
      }
    }
    expect(validated).toBeGreaterThan(20);
  });

  it("describes binary bodies in words: a summary, no JSON value", () => {
    const binary = mediaTypes().filter(({ media }) => !media.schema && media.examples);
    expect(binary.map(({ where, mediaType }) => `${where} ${mediaType}`)).toEqual([
      "getProfilePhoto 200 image/png",
      "getProfilePhoto 200 image/jpeg",
      "getProfilePhoto 200 image/webp",
    ]);
    for (const { where, media } of binary) {
      for (const example of Object.values(media.examples as Record<string, unknown>)) {
        const object = deref<{ summary?: string; value?: unknown }>(example);
        expect(object.summary, where).toMatch(/\S/);
        expect(object, where).not.toHaveProperty("value");
      }
    }
  });

  it("shows every list envelope as a page of one or two items with its nextCursor", () => {
    const lists = Object.keys(schemas).filter((name) => /List$/.test(name));
    expect(lists.length).toBeGreaterThan(25);
    for (const name of lists) {
      const examples = (schemas[name]?.examples as Array<{ data: unknown[] }>) ?? [];
      expect(examples.length, name).toBeGreaterThan(0);
      for (const example of examples) {
        expect(example.data.length, name).toBeGreaterThanOrEqual(1);
        expect(example.data.length, name).toBeLessThanOrEqual(2);
        expect(example, name).toHaveProperty("nextCursor");
      }
    }
  });
});

describe("the story the examples tell", () => {
  it("happens in one tenant, in UTC with milliseconds, with fictitious addresses and numbers", () => {
    const problems: string[] = [];
    const examples = allExamples();
    for (const { where, value } of examples) {
      walkValue(value, (key, member) => {
        if (typeof member !== "string") return;
        if (key === "tenantId" && member !== tenantId) problems.push(`${where}: tenantId ${member}`);
        if (
          /^\d{4}-\d{2}-\d{2}T/.test(member) &&
          !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(member)
        )
          problems.push(`${where}: timestamp ${member}`);
        const email = /^[^@\s/]+@([^@\s/]+)$/.exec(member);
        if (email && !/\.example$/.test(email[1] as string)) problems.push(`${where}: email ${member}`);
        if (/^\+\d{7,15}$/.test(member) && !member.startsWith("+1555"))
          problems.push(`${where}: phone ${member}`);
      });
    }
    expect(examples.length).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it("pages the audit trail as the test vectors' chain, each entry linked to the one before", () => {
    const vectors = JSON.parse(readFileSync(new URL("../test-vectors.json", import.meta.url), "utf8"));
    const page = exampleOf<{ data: Array<{ sequence: number; prevHash: string; hash: string }> }>(
      "AuditEntryList",
    );
    expect(page.data).toEqual(vectors.auditChain.entries);
    page.data.forEach((entry, i) => {
      expect(entry.sequence).toBe(i + 1);
      expect(entry.prevHash).toBe(i === 0 ? auditGenesisHash : page.data[i - 1]?.hash);
    });
  });

  it("gives the export that answers the access request the digest and length of the export document", () => {
    const document = exampleOf<{ exportId: string }>("ExportDocument");
    const bytes = JSON.stringify(document);
    const listed = exampleOf<{ data: Array<{ id: string; sha256: string; byteLength: number }> }>(
      "ExportList",
    ).data.find((e) => e.id === document.exportId);
    expect(listed).toMatchObject({
      sha256: createHash("sha256").update(bytes).digest("hex"),
      byteLength: Buffer.byteLength(bytes),
    });
  });

  it("answers the access request with the export of its subject", () => {
    const document = exampleOf<{ exportId: string; scope: unknown }>("ExportDocument");
    const exported = exampleOf<{ data: Array<{ id: string; rightsRequestId: string | null }> }>(
      "ExportList",
    ).data.find((e) => e.id === document.exportId);
    const request = exampleOf<{ id: string; subject: unknown }>("RightsRequest");
    expect(exported?.rightsRequestId).toBe(request.id);
    expect(document.scope).toEqual(request.subject);
  });

  it("lists only requests where CRM Factory is the controller in the operator's list", () => {
    const response = openapiDocument.paths["/platform/rights-requests"]?.get?.responses["200"];
    const media = deref<{ content: Record<string, MediaTypeObject> }>(response).content["application/json"];
    const pages = mediaExampleValues(media as MediaTypeObject) as Array<{ data: Array<{ role: string }> }>;
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) for (const item of page.data) expect(item.role).toBe("controller");
  });
});
