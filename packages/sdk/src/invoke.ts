import { type Client, createQuerySerializer, type Middleware } from "openapi-fetch";
import { ApiPromise, type WithResponse } from "./api-promise.js";
import { type ClientSettings, configFor } from "./client-settings.js";
import { errorFromResponse, parseBody } from "./error-mapping.js";
import { InvalidResponseError, UsageError } from "./errors.js";
import type { paths } from "./generated/openapi.js";
import { createIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from "./idempotency.js";
import {
  BINARY_BODY,
  BLOB_RESPONSE,
  type CompiledOperation,
  expandPath,
  JSON_BODY,
  NO_CONTENT,
  OPTIONAL_RESPONSE,
  PAGINATED,
  QUERY,
  ROTATES_SESSION,
} from "./operation-spec.js";
import { Paginator } from "./pagination.js";
import type { RequestOptions } from "./request-options.js";
import { type Sent, send } from "./send.js";
import type { Transport } from "./transport.js";

/** The openapi-fetch client of the contract, as `client.raw` exposes it. */
export type RawClient = Client<paths>;

/** What every operation call of one client shares. */
export interface CallContext {
  /** The base URL without a trailing slash. */
  readonly baseUrl: string;
  readonly settings: ClientSettings;
  readonly raw: RawClient;
  /** The middleware registered with `raw.use()`; while there is any, calls go through `raw`. */
  readonly middleware: readonly Middleware[];
  /** The transport of calls made through `raw`, reading bodies inside each attempt. */
  readonly bufferedTransport: Transport;
}

/** openapi-fetch's query serialisation, so both routes of a call build the same URL. */
const serializeQuery = /* @__PURE__ */ createQuerySerializer();

/**
 * Calls an operation with a method's arguments (path parameters, then the body or query, then the
 * options). A paginated operation gives a `Paginator`; any other an `ApiPromise`.
 */
export function callOperation(
  context: CallContext,
  operation: CompiledOperation,
  args: readonly unknown[],
): ApiPromise<unknown> | Paginator<never> {
  const pathCount = operation.pathParams.length;
  const data = operation.takesData ? args[pathCount] : undefined;
  const options = args[operation.takesData ? pathCount + 1 : pathCount] as RequestOptions | undefined;
  if (operation.flags & PAGINATED) {
    return new Paginator<never>(
      (cursor) =>
        new ApiPromise(
          perform(context, operation, args, { ...(data as object | undefined), cursor }, options),
        ) as never,
    );
  }
  return new ApiPromise(perform(context, operation, args, data, options));
}

async function perform(
  context: CallContext,
  operation: CompiledOperation,
  args: readonly unknown[],
  data: unknown,
  options: RequestOptions | undefined,
): Promise<WithResponse<unknown>> {
  const url = context.baseUrl + expandPath(operation, args);
  const config = configFor(context.settings, options);
  const read = operation.flags & BLOB_RESPONSE ? "blob" : "text";
  const init = requestInit(context, operation, data, options);
  let sent: Sent;
  if (context.middleware.length === 0) {
    // The fast route: one `fetch(url, init)`, no `Request` built beforehand.
    const query = operation.flags & QUERY ? serializeQuery(data ?? {}) : "";
    sent = await send(query ? `${url}?${query}` : url, init, options?.signal, read, config);
  } else {
    sent = await sendThroughRaw(context, operation, args, data, init, options, read);
  }
  const result = decode(operation, url, sent);
  const token = (result.data as { token?: unknown } | undefined)?.token;
  if (operation.flags & ROTATES_SESSION && typeof token === "string") {
    // As after an automatic rotation: the client takes up the new token, and the application hears of it.
    const { config } = context.settings;
    config.adoptToken(token, init.headers);
    config.onTokenRotated?.(token);
  }
  return result;
}

/** The method, headers and body of a call (the same on both routes). */
function requestInit(
  context: CallContext,
  operation: CompiledOperation,
  data: unknown,
  options: RequestOptions | undefined,
): RequestInit {
  const { flags, mutates } = operation;
  let body: BodyInit | undefined;
  let contentType: string | undefined;
  if (flags & JSON_BODY && data !== undefined) {
    body = JSON.stringify(data);
    contentType = "application/json";
  } else if (flags & BINARY_BODY) {
    const binary = (data ?? {}) as { data?: BodyInit; contentType?: string };
    if (binary.data === undefined || typeof binary.contentType !== "string") {
      throw new UsageError(`${operation.method} ${operation.path}: the body is \`{ data, contentType }\``);
    }
    body = binary.data;
    contentType = binary.contentType;
  }
  const own: Record<string, string> = { ...context.settings.headers };
  if (contentType) own["Content-Type"] = contentType;
  if (mutates) own[IDEMPOTENCY_KEY_HEADER] = options?.idempotencyKey ?? createIdempotencyKey();
  let headers: HeadersInit = own;
  if (options?.headers) {
    // Merged case-insensitively; a key in `headers` wins over a fresh one, `idempotencyKey` over both.
    const merged = new Headers(own);
    for (const [name, value] of new Headers(options.headers)) merged.set(name, value);
    if (mutates && options.idempotencyKey) merged.set(IDEMPOTENCY_KEY_HEADER, options.idempotencyKey);
    headers = merged;
  }
  return { method: operation.method, headers, body };
}

type RawRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ error?: unknown; response: Response }>;

/**
 * The route while middleware is registered: through `raw`, so every `raw.use()` middleware sees the
 * call (with its headers and idempotency key) exactly as it sees its own calls. The transport reads
 * the body inside each attempt and hands it back buffered; middleware may still replace it.
 */
async function sendThroughRaw(
  context: CallContext,
  operation: CompiledOperation,
  args: readonly unknown[],
  data: unknown,
  init: RequestInit,
  options: RequestOptions | undefined,
  read: "blob" | "text",
): Promise<Sent> {
  const request = context.raw.request as unknown as RawRequest;
  const { error, response } = await request(operation.method, operation.path, {
    params: {
      // Strings or finite numbers, as expandPath has checked.
      path: Object.fromEntries(operation.pathParams.map((name, index) => [name, args[index]])),
      query: operation.flags & QUERY ? data : undefined,
    },
    body: init.body,
    bodySerializer: (body: unknown) => body,
    headers: init.headers,
    parseAs: "stream",
    signal: options?.signal,
    fetch: (built: Request) =>
      context.bufferedTransport(built, options && { retries: options.retries, timeoutMs: options.timeoutMs }),
  });
  // openapi-fetch has read the error body already, parsed as parseBody would.
  if (!response.ok) throw errorFromResponse(response, error === "" ? undefined : error);
  return { response, payload: await response[read]() };
}

/** The result of a final response: its data, or the typed error it stands for. */
function decode(
  operation: CompiledOperation,
  url: string,
  { response, payload }: Sent,
): WithResponse<unknown> {
  if (!response.ok) throw errorFromResponse(response, parseBody(payload as string));
  const { flags } = operation;
  if (flags & NO_CONTENT) return { data: undefined, response };
  if (flags & BLOB_RESPONSE) return { data: payload, response };
  const text = payload as string;
  if (text === "") {
    if (flags & OPTIONAL_RESPONSE) return { data: undefined, response };
    throw new InvalidResponseError(
      `${answer(operation, url, response)} has no body, where the contract defines one`,
      {
        reason: "empty-body",
        response,
        body: undefined,
      },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidResponseError(
      `${answer(operation, url, response)}'s body is not valid JSON (${(error as Error).message}): ${text.slice(0, 120)}`,
      { reason: "malformed-json", response, body: text },
    );
  }
  // A list answer that is not a page would otherwise surface as a TypeError mid-iteration, or, without
  // its cursor, end the iteration early as if it were the last page.
  if (flags & PAGINATED) {
    const page = data as { data?: unknown; nextCursor?: unknown } | null;
    const cursor = page?.nextCursor;
    if (!Array.isArray(page?.data) || (cursor !== null && typeof cursor !== "string")) {
      throw new InvalidResponseError(`${answer(operation, url, response)} is not a page of the list`, {
        reason: "not-a-page",
        response,
        body: data,
      });
    }
  }
  return { data, response };
}

function answer(operation: CompiledOperation, url: string, response: Response): string {
  return `${operation.method} ${url}: the ${response.status} response`;
}
