import { createValidator, openapiDocument, type SchemaName, type Validator } from "@crmfactory/api";
import { expect } from "vitest";
import { operationShapes } from "../http/contract-operations.js";

const crmFactoryValidator = createValidator();

const routes = [...operationShapes.values()].map((shape) => ({
  shape,
  pattern: new RegExp(`^/v1${shape.path.replace(/\{\w+\}/g, "[^/]+")}$`),
  statics: shape.path.split("/").filter((part) => part && !part.startsWith("{")).length,
}));

/** The operation a request is for, preferring the most literal path (`/sessions/current` over `/sessions/{id}`). */
export function operationOf(method: string, pathname: string) {
  return routes
    .filter((route) => route.shape.method === method && route.pattern.test(pathname))
    .sort((a, b) => b.statics - a.statics)[0]?.shape;
}

type DeclaredResponse = { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> };

function declaredResponse(operationId: string, status: number): DeclaredResponse | undefined {
  const declared = operationShapes.get(operationId)?.operation.responses[String(status)] as
    | DeclaredResponse
    | undefined;
  if (!declared?.$ref) return declared;
  return openapiDocument.components.responses[declared.$ref.split("/").pop() as string] as DeclaredResponse;
}

function responseSchemaName(operationId: string, status: number): SchemaName | undefined {
  const content = declaredResponse(operationId, status)?.content;
  const media = content ? Object.values(content)[0] : undefined;
  return media?.schema?.$ref?.split("/").pop() as SchemaName | undefined;
}

/**
 * Checks a response against the contract: its status is declared for the operation, its body validates
 * against the declared schema (problem details against `Problem`), and it carries `X-Request-Id`.
 */
export async function expectContractResponse(
  request: Request,
  response: Response,
  // The vocabularies (roles, categories, kinds) are the enforced policy's: validate with its validator.
  validator: Validator = crmFactoryValidator,
): Promise<void> {
  const url = new URL(request.url);
  const shape = operationOf(request.method, url.pathname);
  const where = `${request.method} ${url.pathname} -> ${response.status}`;
  expect(response.headers.get("X-Request-Id"), where).toMatch(/^req_/);
  if (!shape) {
    expect(response.status, where).toBe(404);
    return;
  }
  const text = await response.clone().text();
  if (response.status >= 400) {
    expect(response.headers.get("content-type"), where).toBe("application/problem+json");
    const body = JSON.parse(text);
    expect(validator.validate("Problem", body), `${where} ${text}`).toEqual({ ok: true, errors: [] });
    expect(body.status, where).toBe(response.status);
    expect(body.requestId, where).toBe(response.headers.get("X-Request-Id"));
    return;
  }
  expect(Object.keys(shape.operation.responses), `${where}: status not declared`).toContain(
    String(response.status),
  );
  const schema = responseSchemaName(shape.operationId, response.status);
  if (!schema) {
    // Bytes (a photo) come in one of the media types declared for them; anything else has no body.
    const mediaTypes = Object.keys(declaredResponse(shape.operationId, response.status)?.content ?? {});
    if (mediaTypes.length > 0) {
      expect(mediaTypes, `${where}: media type not declared`).toContain(response.headers.get("content-type"));
      return;
    }
    expect(text, `${where}: a response without a body schema has no body`).toBe("");
    return;
  }
  if (response.headers.get("content-type") !== "application/json") return; // binary downloads
  const result = validator.validate(schema, JSON.parse(text));
  expect(result, `${where} against ${schema}: ${text.slice(0, 2000)}`).toEqual({ ok: true, errors: [] });
}
