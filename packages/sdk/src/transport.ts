import { type ClientSettings, configFor, resolveSettings, type TransportOptions } from "./client-settings.js";
import { IDEMPOTENCY_KEY_HEADER, resolveIdempotencyKey } from "./idempotency.js";
import type { RequestOptions } from "./request-options.js";
import { type Read, send } from "./send.js";

/**
 * A fetch-compatible function that authenticates, adds idempotency keys, retries and times out.
 * HTTP error responses are returned (after retries, their body read and handed on buffered), not
 * thrown; network failures and timeouts reject with `ConnectionError` / `TimeoutError` once retries
 * are exhausted. A success's body is left to the caller, still covered by the attempt's timeout: a
 * body that stalls rejects with `TimeoutError` (it is not retried, the response having been handed
 * over). A rotated session token (`CRMFactory-Rotated-Token`) is used for later requests.
 */
export type Transport = (request: Request, options?: RequestOptions) => Promise<Response>;

/** Creates a transport for openapi-fetch (as its `fetch`) or your own `Request`s. */
export function createTransport(options: TransportOptions): Transport {
  return requestTransport(resolveSettings(options), true, "stream");
}

/**
 * A transport over `settings`. With `applyDefaults`, it sets the client's headers (`Authorization`,
 * `User-Agent`, `Accept` when missing); the client's openapi-fetch instance has them as its own
 * headers already, so middleware sees them. With `read` other than `Stream`, the body is read inside
 * each attempt and handed back buffered, so a body that stalls times out and is retried.
 */
export function requestTransport(settings: ClientSettings, applyDefaults: boolean, read: Read): Transport {
  return async function transport(request: Request, perRequest?: RequestOptions): Promise<Response> {
    const headers = new Headers(request.headers);
    if (applyDefaults) {
      for (const [name, value] of Object.entries(settings.headers)) {
        if (name !== "Accept" || !headers.has(name)) headers.set(name, value);
      }
    }
    if (perRequest?.headers)
      for (const [name, value] of new Headers(perRequest.headers)) headers.set(name, value);
    const key = resolveIdempotencyKey(
      request.method,
      headers.get(IDEMPOTENCY_KEY_HEADER),
      perRequest?.idempotencyKey,
    );
    if (key !== undefined) headers.set(IDEMPOTENCY_KEY_HEADER, key);

    const body = request.body === null ? null : await request.arrayBuffer();
    const callerSignal = perRequest?.signal
      ? AbortSignal.any([request.signal, perRequest.signal])
      : request.signal;
    const { response, payload } = await send(
      request,
      { headers, body },
      callerSignal,
      read,
      configFor(settings, perRequest),
    );
    if (read === "stream") return response;
    // (A buffered payload is never undefined; these statuses take no body, not even an empty one.)
    const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
    return new Response(nullBody ? null : (payload as BodyInit), response);
  };
}
