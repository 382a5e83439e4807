import { randomUUID } from "node:crypto";
import { headerNames, type OperationId, operationPermissions, type ValidationIssue } from "@crmfactory/api";
import { addDuration, roleAllows } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import { searchPathSql } from "../database/identifiers.js";
import type { Caller, OperationContext, OperationHandler, Platform } from "../operations/operation-group.js";
import { appendAuditEntry } from "../platform/audit-trail.js";
import { ProblemError, problem, problemBody } from "../platform/problem.js";
import type { TenantRecord } from "../platform/tenant-records.js";
import { ensureSweepBy } from "../privacy/default-sweeper.js";
import { authenticate, tenantNow } from "./authenticate.js";
import { payloadTooLarge, readBoundedBody } from "./body-limits.js";
import { compensate } from "./compensation.js";
import { checkParameter, coerceQueryValue, type OperationShape } from "./contract-operations.js";
import {
  lookUpIdempotencyKey,
  requestFingerprint,
  type StoredResponse,
  storeIdempotentResponse,
} from "./idempotency.js";

export interface PipelineOptions {
  platform: Platform;
  operatorTokenHash: string | undefined;
}

const mutating = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const replayedHeaders = ["location", "content-type"];

/**
 * Serves one operation: request id, authentication, permission, the account's state, existence of the
 * path's resources, validation, the Idempotency-Key, then the handler, in the contract's order, all in
 * one transaction so a refused request changes nothing.
 */
export async function serveOperation(
  options: PipelineOptions,
  shape: OperationShape,
  handler: OperationHandler | undefined,
  request: Request,
  params: Record<string, string>,
): Promise<Response> {
  const { platform } = options;
  const requestId = `req_${randomUUID().replaceAll("-", "")}`;
  const started = performance.now();
  const operationId = shape.operationId as OperationId;
  const operation = operationPermissions[operationId];
  let response: Response;
  let compensations: (() => Promise<unknown>)[] = [];
  try {
    if (operation.testModeOnly && platform.mode !== "test") {
      throw problem("not-found", "No such operation in production mode.");
    }
    const limit = shape.statedMaxBodyBytes ?? platform.limits.maxRequestBodyBytes;
    const { bytes: raw, tooLarge } = await readBoundedBody(request, limit);
    const afterCommit: (() => Promise<unknown>)[] = [];
    compensations = [];
    response = await platform.database.transaction(
      (tx) =>
        runInTransaction({
          ...options,
          shape,
          handler,
          request,
          params,
          raw,
          requestId,
          tx,
          afterCommit,
          compensations,
          bodyLimit: tooLarge ? limit : null,
        }).catch((error: unknown) => {
          // A refusal that records itself (`keepWrites`) commits; every other one rolls back.
          if (error instanceof ProblemError && error.extras.keepWrites) {
            return errorResponse(platform, error, requestId, new URL(request.url).pathname);
          }
          throw error;
        }),
      { searchPath: ["catalog"] },
    );
    for (const task of afterCommit) platform.background(task());
  } catch (error) {
    // The transaction rolled back: what the request made at a vendor goes too, before the answer.
    await compensate(platform, compensations, { requestId, operationId });
    response = errorResponse(platform, error, requestId, new URL(request.url).pathname);
  }
  response.headers.set(headerNames.requestId, requestId);
  platform.logger.info(
    { requestId, operationId, status: response.status, ms: Math.round(performance.now() - started) },
    "request",
  );
  return response;
}

interface RunInput extends PipelineOptions {
  shape: OperationShape;
  handler: OperationHandler | undefined;
  request: Request;
  params: Record<string, string>;
  raw: Uint8Array;
  /** The operation's body limit when the body passed it (nothing of it was kept), else `null`. */
  bodyLimit: number | null;
  requestId: string;
  tx: Queryable;
  afterCommit: (() => Promise<unknown>)[];
  compensations: (() => Promise<unknown>)[];
}

async function runInTransaction(input: RunInput): Promise<Response> {
  const { platform, shape, request, raw, tx, requestId } = input;
  const operationId = shape.operationId as OperationId;
  const operation = operationPermissions[operationId];

  const { caller, rotatedToken } = await authenticate(
    tx,
    platform,
    operation,
    input.operatorTokenHash,
    request.headers.get("authorization"),
  );
  checkPermission(platform, caller, operation.permission);
  let tenant = caller.kind === "tenant" || caller.kind === "request" ? caller.tenant : undefined;
  if (caller.kind === "tenant" && tenant && tenant.status !== "active" && !operation.exportOnly) {
    throw problem("export-only", "The account is in its export window: only exports and reopening work.");
  }
  if (tenant) assertClockReady(tenant);
  checkPathParameters(shape, input.params);
  if (input.bodyLimit !== null) payloadTooLarge(input.bodyLimit);

  let now = tenantNow(platform, tenant);
  let bodyChecked = shape.bodyMediaTypes.length === 0 && raw.byteLength === 0;
  let bodyValue: unknown;
  const body = async <T>() => {
    if (!bodyChecked) {
      bodyValue = parseBody(platform, shape, request, raw);
      bodyChecked = true;
    }
    return bodyValue as T;
  };
  let queryValue: Record<string, unknown> | undefined;
  const query = <T>() => {
    queryValue ??= parseQuery(shape, new URL(request.url).searchParams);
    return queryValue as T;
  };

  const idempotencyKey = mutating.has(shape.method) ? request.headers.get(headerNames.idempotencyKey) : null;
  const scope = idempotencyScope(caller);
  const fingerprint = requestFingerprint(shape.method, new URL(request.url).pathname, raw);
  if (idempotencyKey !== null) {
    if (!/^[\x21-\x7E]{1,255}$/.test(idempotencyKey)) {
      throw problem("validation-failed", "The Idempotency-Key header is malformed.", {
        errors: [{ path: "/header/Idempotency-Key", message: "must be 1 to 255 visible ASCII characters" }],
      });
    }
    const found = await lookUpIdempotencyKey(tx, platform.sealer, scope, idempotencyKey, fingerprint, now);
    if (found.state === "replay") return replay(found.response);
    if (found.state === "unreadable") {
      throw problem(
        "conflict",
        "This Idempotency-Key's first response can no longer be replayed; use a new key.",
      );
    }
    if (found.state === "reused") {
      await body();
      query();
      throw problem("idempotency-key-reused", "This Idempotency-Key was used with a different request.");
    }
  }

  let audited = 0;
  const context: OperationContext = {
    operationId,
    operation,
    requestId,
    request,
    params: input.params,
    caller,
    get tenant() {
      return tenant;
    },
    get now() {
      return now;
    },
    tx,
    platform,
    body,
    query,
    async audit(target, options = {}) {
      if (!operation.auditAction) throw new Error(`${operationId} has no x-audit-action to append`);
      if (!tenant) throw new Error(`${operationId}: an audit entry needs the tenant`);
      audited++;
      await appendAuditEntry(tx, {
        at: now,
        actor: options.actor ?? actorOf(caller),
        action: operation.auditAction,
        target,
      });
    },
    compensate(undo) {
      input.compensations.push(undo);
    },
    afterCommit(task) {
      input.afterCommit.push(task);
    },
    async useTenant(next: TenantRecord) {
      assertClockReady(next);
      tenant = next;
      now = tenantNow(platform, next);
      await tx.query(searchPathSql([next.schemaName, "catalog"]));
    },
  };

  if (!input.handler) {
    throw problem(
      "unavailable",
      `${operationId} is not implemented by this version of the reference implementation yet.`,
    );
  }
  // An operation that takes no body refuses one before its handler runs: a handler may call a
  // subprocessor before it reads its input, and a refused request must change nothing there either.
  if (shape.bodyMediaTypes.length === 0) await body();
  const result = await input.handler(context);
  // A handler that never read its input still answers only a valid request.
  await body();
  query();
  if (operation.auditAction && audited !== 1) {
    throw new Error(`${operationId} must append exactly one audit entry, appended ${audited}`);
  }

  const headers: Record<string, string> = { ...(result.headers ?? {}) };
  if (result.body instanceof Uint8Array || result.body instanceof ReadableStream) {
    // Bytes (a stored photo) or a stream of them (an export document, read chunk by chunk after the
    // transaction) go out as they are, typed by the handler; reads never take an idempotency key.
    if (!headers["content-type"]) throw new Error(`${operationId} answered bytes without a content type`);
    if (rotatedToken) headers[headerNames.rotatedToken] = rotatedToken;
    return new Response(result.body as Uint8Array<ArrayBuffer>, { status: result.status, headers });
  }
  let text = "";
  if (result.body !== undefined && result.status !== 204) {
    text = JSON.stringify(result.body);
    headers["content-type"] = "application/json";
  }
  if (idempotencyKey !== null && result.status < 300) {
    await storeIdempotentResponse(tx, platform.sealer, {
      scope,
      key: idempotencyKey,
      tenantId: tenant?.id ?? null,
      fingerprint,
      now,
      window: platform.limits.idempotencyWindow,
      response: { status: result.status, headers: pick(headers, replayedHeaders), body: text },
    });
    // The stored response lives for the idempotency window, then the tenant's retention sweep removes it.
    if (tenant) {
      await ensureSweepBy(tx, platform, tenant.id, addDuration(now, platform.limits.idempotencyWindow));
    }
  }
  if (rotatedToken) headers[headerNames.rotatedToken] = rotatedToken;
  return new Response(result.status === 204 ? null : text, { status: result.status, headers });
}

function checkPermission(platform: Platform, caller: Caller, permission: string): void {
  if (caller.kind === "public" || caller.kind === "request") return;
  const allowed =
    caller.kind === "operator"
      ? platform.policy.operatorPermissions.includes(permission)
      : roleAllows(platform.policy, caller.user.role, permission);
  if (!allowed) throw problem("forbidden", `The caller's role lacks the permission ${permission}.`);
}

function assertClockReady(tenant: TenantRecord): void {
  if (tenant.clockStatus === "advancing") {
    throw problem("test-clock-advancing", "The tenant's test clock is advancing; retry once it is ready.", {
      retryAfter: 1,
    });
  }
}

function checkPathParameters(shape: OperationShape, params: Record<string, string>): void {
  for (const parameter of shape.parameters) {
    if (parameter.in !== "path") continue;
    const value = params[parameter.name];
    if (value === undefined || checkParameter(parameter, value).length > 0) {
      throw problem("not-found", "No such resource.");
    }
  }
}

function parseBody(platform: Platform, shape: OperationShape, request: Request, raw: Uint8Array): unknown {
  if (shape.bodyMediaTypes.length === 0) {
    if (raw.byteLength === 0) return undefined;
    throw problem("validation-failed", "This operation takes no request body.", {
      errors: [{ path: "/body", message: "must be empty" }],
    });
  }
  if (raw.byteLength === 0) {
    if (!shape.bodyRequired) return undefined;
    throw problem("validation-failed", "The request body is required.", {
      errors: [{ path: "/body", message: "is required" }],
    });
  }
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!shape.bodyMediaTypes.includes(mediaType)) {
    throw problem("unsupported-media-type", `The body must be ${shape.bodyMediaTypes.join(" or ")}.`);
  }
  if (mediaType !== "application/json") return raw;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw problem("validation-failed", "The body is not valid JSON.", {
      errors: [{ path: "/body", message: "must be valid JSON" }],
    });
  }
  const nul = pathOfNul(value, "/body");
  if (nul) {
    // PostgreSQL's text cannot hold U+0000, which JSON allows: refused here as invalid input.
    throw problem("validation-failed", "The request body holds a NUL character.", {
      errors: [{ path: nul, message: "must not contain U+0000" }],
    });
  }
  const result = platform.validator.validateRequestBody(shape.operationId, value);
  if (!result.ok) {
    throw problem("validation-failed", "The request body does not match the schema.", {
      errors: result.errors,
    });
  }
  return value;
}

function parseQuery(shape: OperationShape, search: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const errors: ValidationIssue[] = [];
  for (const parameter of shape.parameters) {
    if (parameter.in !== "query") continue;
    const raw = search.getAll(parameter.name);
    if (raw.length === 0) {
      const fallback = (parameter.schema as { default?: unknown } | undefined)?.default;
      if (fallback !== undefined) out[parameter.name] = fallback;
      else if (parameter.required) errors.push({ path: `/query/${parameter.name}`, message: "is required" });
      continue;
    }
    if (raw.some((part) => part.includes("\u0000"))) {
      errors.push({ path: `/query/${parameter.name}`, message: "must not contain U+0000" });
      continue;
    }
    const value = coerceQueryValue(parameter, raw);
    const messages = checkParameter(parameter, value);
    for (const message of messages) errors.push({ path: `/query/${parameter.name}`, message });
    out[parameter.name] = value;
  }
  if (errors.length > 0) throw problem("validation-failed", "A query parameter is invalid.", { errors });
  return out;
}

/** The JSON pointer of the first string (member name or value) holding U+0000, if any. */
function pathOfNul(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, member] of Object.entries(value)) {
    const at = `${path}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
    if (key.includes("\u0000")) return at;
    const found = pathOfNul(member, at);
    if (found) return found;
  }
  return undefined;
}

function idempotencyScope(caller: Caller): string {
  switch (caller.kind) {
    case "tenant":
      return `tenant:${caller.tenant.id}`;
    case "request":
      return `request:${caller.requestId}`;
    case "operator":
      return "operator";
    default:
      return "public";
  }
}

function actorOf(caller: Caller) {
  switch (caller.kind) {
    case "tenant":
      return { type: "user" as const, id: caller.user.id };
    case "operator":
      return { type: "operator" as const, id: caller.id };
    default:
      return { type: "system" as const, id: "public" };
  }
}

function replay(stored: StoredResponse): Response {
  const headers = new Headers(stored.headers);
  headers.set(headerNames.idempotentReplayed, "true");
  return new Response(stored.status === 204 ? null : stored.body, { status: stored.status, headers });
}

function pick(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => names.includes(name.toLowerCase())));
}

/** Problem details for a refusal; anything unexpected is logged by kind and answered `internal`. */
export function errorResponse(
  platform: Platform,
  error: unknown,
  requestId: string,
  instance?: string,
): Response {
  let refusal: ProblemError;
  if (error instanceof ProblemError) refusal = error;
  else if (isDuplicateIdempotencyKey(error)) {
    refusal = problem("conflict", "A request with this Idempotency-Key is still in flight.");
  } else {
    platform.logger.error({ requestId, err: error }, "unexpected error");
    refusal = problem("internal", "An unexpected error; safe to retry with the same Idempotency-Key.");
  }
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (refusal.extras.retryAfter !== undefined)
    headers[headerNames.retryAfter] = String(refusal.extras.retryAfter);
  return new Response(JSON.stringify(problemBody(refusal, requestId, instance)), {
    status: refusal.status,
    headers,
  });
}

function isDuplicateIdempotencyKey(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  return (
    e?.code === "23505" &&
    (e.constraint === "idempotent_responses_pkey" || /idempotent_responses/.test(e.message ?? ""))
  );
}
