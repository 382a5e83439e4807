import { operationPermissions } from "@crmfactory/api";
import type { TenantFixture } from "../../test-support/fixture-world.js";
import type { ValidRequest } from "../../test-support/operation-fixtures.js";
import type { Expectation } from "./probe.js";
import {
  closedObjects,
  type Field,
  type FieldPath,
  fieldsOf,
  getAt,
  isPlainString,
  isString,
  jsonBodySchema,
  parametersOf,
  resolve,
  setAt,
  wrongTypeValue,
} from "./request-schema.js";

/** One bad request derived from a valid one: what changes, and what the answer must be. */
export interface Variant {
  label: string;
  change: {
    body?: unknown;
    raw?: string | Uint8Array;
    contentType?: string;
    query?: Record<string, string>;
    params?: Record<string, string>;
  };
  expectation: Expectation;
  /** A string member set to SQL metacharacters: once accepted, it must be stored and read back equal. */
  stored?: { field: Field; value: string };
}

/** SQL metacharacters, in one value: quotes, a statement terminator, comments, a backslash, LIKE and $n. */
export const sqlMetacharacters = `x'); DROP TABLE catalog.tenants; -- " OR 1=1 -- \\ \\' %_ $1 ;`;
/** PostgreSQL cannot store U+0000 in text: JSON allows it, so it must be refused, not crash. */
export const nulValue = "before\u0000after";

function fit(value: string, schema: Field["schema"]): string {
  const s = resolve(schema);
  let out = value;
  while (typeof s.minLength === "number" && out.length < s.minLength) out += "-";
  return typeof s.maxLength === "number" ? out.slice(0, s.maxLength) : out;
}

export function bodyVariants(operationId: string, valid: ValidRequest, maxBytes: number): Variant[] {
  const op = operationPermissions[operationId as keyof typeof operationPermissions];
  const schema = jsonBodySchema(operationId);
  const out: Variant[] = [];
  const validation = { refusal: "validation-failed" };
  const oversized = "x".repeat(maxBytes + 1);
  if (valid.bytes) {
    out.push(
      {
        label: "JSON instead of an image",
        change: { body: { photo: "x" } },
        expectation: { refusal: "unsupported-media-type" },
      },
      { label: "an empty image", change: { raw: new Uint8Array(0) }, expectation: {} },
      {
        label: "an oversized image",
        change: { raw: new Uint8Array(maxBytes + 1), contentType: valid.bytes.contentType },
        expectation: { refusal: "payload-too-large" },
      },
    );
    return out;
  }
  if (!schema) {
    if (!["POST", "PUT", "PATCH", "DELETE"].includes(op.method)) return out;
    out.push(
      {
        label: "a body where none is taken",
        change: { body: { unknownMember: true } },
        expectation: validation,
      },
      {
        label: "an oversized body",
        change: { raw: JSON.stringify({ padding: oversized }) },
        expectation: { refusal: "payload-too-large" },
      },
    );
    return out;
  }
  const body = valid.body;
  for (const raw of ["[]", '"just a string"', "null", '{"unterminated": ', "\u0000"]) {
    out.push({ label: `the body ${JSON.stringify(raw)}`, change: { raw }, expectation: validation });
  }
  out.push({
    label: "an oversized body",
    change: { raw: JSON.stringify({ ...(body as object), padding: oversized }) },
    expectation: { refusal: "payload-too-large" },
  });
  out.push({
    label: "not JSON's media type",
    change: { raw: JSON.stringify(body), contentType: "text/plain" },
    expectation: { refusal: "unsupported-media-type" },
  });
  for (const path of closedObjects(schema, body)) {
    out.push({
      label: `an unknown member at /${[...path, "unknownMember"].join("/")}`,
      change: { body: setAt(body, [...path, "unknownMember"], "surprise") },
      expectation: validation,
    });
  }
  const fields = fieldsOf(schema, body);
  fields.forEach((field, index) => {
    const where = `/${field.path.join("/")}`;
    out.push({
      label: `a wrong type at ${where}`,
      change: { body: setAt(body, field.path, wrongTypeValue(field.schema, index)) },
      expectation: validation,
    });
    if (!isString(field.schema)) return;
    if (isPlainString(field.schema)) {
      const value = fit(sqlMetacharacters, field.schema);
      out.push({
        label: `SQL metacharacters at ${where}`,
        change: { body: setAt(body, field.path, value) },
        expectation: { mayAccept: true },
        stored: { field, value },
      });
      out.push({
        label: `NUL at ${where}`,
        change: { body: setAt(body, field.path, fit(nulValue, field.schema)) },
        expectation: validation,
      });
    } else {
      // A narrowed string (format, pattern, enum): the metacharacters make it invalid, so refused.
      out.push({
        label: `SQL metacharacters at ${where}`,
        change: { body: setAt(body, field.path, sqlMetacharacters) },
        expectation: {},
      });
    }
  });
  return out;
}

/** The other tenant's resource for a path parameter or a body member of this name. */
export function othersId(other: TenantFixture, name: string): string | undefined {
  const byName: Record<string, string | undefined> = {
    userId: other.userId,
    contactId: other.contactId,
    contactIds: other.contactId,
    crmObjectId: other.crmObjectId,
    messageId: other.messageId,
    callId: other.callId,
    marketingMessageId: other.marketingMessageId,
    integrationId: other.integrationId,
    invoiceId: other.invoiceId,
    endpointId: other.endpointId,
    deliveryId: other.deliveryId,
    sessionId: other.sessionId,
    passkeyId: other.passkeyId,
    deletionId: other.deletionId,
    receiptId: other.receiptId,
    reportId: other.reportId,
    requestId: other.requestId,
    exportId: other.exportId,
    noticeId: other.noticeId,
  };
  return byName[name];
}

/**
 * The name an id member goes by: its own, or for a bare `id` beside a `type` (a deletion's target,
 * `{ type: "crm-object", id }`), the type's id name (`crmObjectId`).
 */
function idName(body: unknown, path: FieldPath): string {
  const last = path.at(-1);
  if (last !== "id") return String(typeof last === "number" ? path.at(-2) : last);
  const type = getAt(body, [...path.slice(0, -1), "type"]);
  if (typeof type !== "string") return "id";
  return `${type.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Id`;
}

/** Another tenant's ids in each path parameter and each id member of the body: not found, refused. */
export function crossTenantVariants(
  operationId: string,
  valid: ValidRequest,
  other: TenantFixture,
): Variant[] {
  const op = operationPermissions[operationId as keyof typeof operationPermissions];
  if (!op.auth.includes("tenant")) return [];
  const out: Variant[] = [];
  for (const name of Object.keys(valid.params)) {
    const id = othersId(other, name);
    if (!id) throw new Error(`${operationId}: no other tenant's id for {${name}}`);
    out.push({
      label: `the other tenant's ${name}`,
      change: { params: { [name]: id } },
      expectation: { refusal: "not-found" },
    });
  }
  const schema = jsonBodySchema(operationId);
  if (!schema || valid.body === undefined) return out;
  for (const field of fieldsOf(schema, valid.body)) {
    if (resolve(field.schema).format !== "uuid") continue;
    const id = othersId(other, idName(valid.body, field.path));
    if (!id) throw new Error(`${operationId}: no other tenant's id for the member ${field.path.join("/")}`);
    out.push({
      label: `the other tenant's id at /${field.path.join("/")}`,
      change: { body: setAt(valid.body, field.path, id) },
      expectation: {},
    });
  }
  return out;
}

/** Path parameters of the wrong shape: not found, before anything else is read. */
export function pathVariants(valid: ValidRequest): Variant[] {
  return Object.keys(valid.params).flatMap((name) =>
    [
      ["SQL metacharacters", sqlMetacharacters],
      ["the id with a character appended", `${valid.params[name]}x`],
    ].map(([what, value]) => ({
      label: `{${name}} = ${what}`,
      change: { params: { [name]: value as string } },
      expectation: { refusal: "not-found" },
    })),
  );
}

const wellFormed = new Set(
  ["not-a-uuid", sqlMetacharacters].map((key) =>
    Buffer.from(JSON.stringify(["2026-04-01T00:00:00.000Z", key])).toString("base64url"),
  ),
);

const forgedCursors = [
  sqlMetacharacters,
  "x".repeat(1025),
  Buffer.from(JSON.stringify([sqlMetacharacters, sqlMetacharacters])).toString("base64url"),
  Buffer.from(JSON.stringify(["2026-04-01T00:00:00.000Z", "not-a-uuid"])).toString("base64url"),
  Buffer.from(JSON.stringify(["2026-04-01T00:00:00.000Z", sqlMetacharacters])).toString("base64url"),
  Buffer.from(JSON.stringify(["99999-99-99", crypto.randomUUID()])).toString("base64url"),
  Buffer.from(JSON.stringify([1e300])).toString("base64url"),
  Buffer.from(JSON.stringify([-1.5])).toString("base64url"),
  Buffer.from(JSON.stringify([sqlMetacharacters])).toString("base64url"),
];

/** Query parameters of the wrong type, out of range, malformed cursors, metacharacters: refused. */
export function queryVariants(operationId: string, valid: ValidRequest): Variant[] {
  const out: Variant[] = [];
  const base = valid.query ?? {};
  const validation = { refusal: "validation-failed" };
  for (const parameter of parametersOf(operationId)) {
    if (parameter.in !== "query") continue;
    const s = parameter.schema;
    const values: string[] =
      parameter.name === "cursor"
        ? forgedCursors
        : s.type === "integer"
          ? [
              "ten",
              "1.5",
              "-1",
              "1e400",
              sqlMetacharacters,
              ...(s.maximum === undefined ? [] : [String(s.maximum + 1)]),
            ]
          : [sqlMetacharacters, "", "\u0000", "x".repeat(2000)];
    if (parameter.name === "limit") values.push("0", "1000000");
    for (const value of values) {
      out.push({
        label: `?${parameter.name}=${JSON.stringify(value).slice(0, 30)}`,
        change: { query: { ...base, [parameter.name]: value } },
        // A cursor of the right shape (an instant, then a key) may be one of ours: bound, harmless.
        expectation: wellFormed.has(value) ? { mayAccept: true } : validation,
      });
    }
  }
  return out;
}
