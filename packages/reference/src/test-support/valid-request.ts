import { randomBytes } from "node:crypto";
import { operationPermissions } from "@crmfactory/api";
import type { AuditActor, AuditTarget } from "../platform/audit-trail.js";
import { baseUrl, operatorToken } from "./boot.js";
import type { FixtureWorld, TenantFixture } from "./fixture-world.js";

// A valid request per operation (`operation-fixtures.ts`), the helpers that build one, and the HTTP
// request it makes, unchanged or as a variant (another body, raw bytes, query, path parameter, token).

/** A valid request of one operation, built from real resources of the fixture world. */
export interface ValidRequest {
  token: string | null;
  /** The tenant whose schema the request changes (null: the catalogue only). */
  tenantId: string | null;
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  bytes?: { data: Uint8Array; contentType: string };
  /** The one audit entry a success appends, from the answer's body (`tenantId`: when not `tenantId` above). */
  // biome-ignore lint/suspicious/noExplicitAny: the JSON answer of any operation, read member by member.
  audit?: (answer: any) => { tenantId?: string; actor: AuditActor; target: AuditTarget };
}

/** Builds a valid request; it may create what the request needs (a fresh contact to delete...). */
export type Fixture = (world: FixtureWorld) => Promise<ValidRequest>;

export const user = (id: string): AuditActor => ({ type: "user", id });
export const suffix = () => randomBytes(3).toString("hex");
export const as = (t: TenantFixture, params: Record<string, string> = {}, body?: unknown): ValidRequest => ({
  token: t.token,
  tenantId: t.tenantId,
  params,
  ...(body === undefined ? {} : { body }),
});
export const operator = (params: Record<string, string> = {}, body?: unknown): ValidRequest => ({
  token: operatorToken,
  tenantId: null,
  params,
  ...(body === undefined ? {} : { body }),
});
export const audited = (request: ValidRequest, audit: NonNullable<ValidRequest["audit"]>): ValidRequest => ({
  ...request,
  audit,
});
export const onTenant = (t: { tenantId: string }, actor: string) => () => ({
  actor: user(actor),
  target: { type: "tenant", id: t.tenantId },
});

/** The operation's path with the request's path parameters filled in. */
export function pathOf(operationId: string, params: Record<string, string>): string {
  const op = operationPermissions[operationId as keyof typeof operationPermissions];
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${operationId}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}

/** The HTTP request for a valid request, or a variant of it (another body, raw body, query, token). */
export function requestOf(
  operationId: string,
  valid: ValidRequest,
  change: {
    body?: unknown;
    raw?: string | Uint8Array;
    contentType?: string;
    query?: Record<string, string>;
    params?: Record<string, string>;
    authorization?: string | null;
  } = {},
): Request {
  const op = operationPermissions[operationId as keyof typeof operationPermissions];
  const url = new URL(`${baseUrl}${pathOf(operationId, { ...valid.params, ...change.params })}`);
  for (const [name, value] of Object.entries(change.query ?? valid.query ?? {}))
    url.searchParams.set(name, value);
  const headers: Record<string, string> = {};
  const authorization =
    change.authorization !== undefined ? change.authorization : valid.token && `Bearer ${valid.token}`;
  if (authorization) headers.authorization = authorization;
  let body: string | Uint8Array | undefined;
  if (change.raw !== undefined) body = change.raw;
  else if ("body" in change) body = change.body === undefined ? undefined : JSON.stringify(change.body);
  else if (valid.bytes) body = valid.bytes.data;
  else if (valid.body !== undefined) body = JSON.stringify(valid.body);
  if (body !== undefined) {
    headers["content-type"] =
      change.contentType ??
      (valid.bytes && change.raw === undefined && !("body" in change)
        ? valid.bytes.contentType
        : "application/json");
  }
  return new Request(url, {
    method: op.method,
    headers,
    ...(body === undefined ? {} : { body: body as BodyInit }),
  });
}
