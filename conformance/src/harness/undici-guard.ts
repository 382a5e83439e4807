import { isLoopbackHost } from "./socket-guard.js";

// Node's built-in fetch and every copy of the `undici` package share the global dispatcher under this
// symbol, so one object placed here sees the requests of both, including clients MSW does not patch
// (the `undici` package's own `fetch` and `request`, used by @vercel/blob).
const globalDispatcherKey = Symbol.for("undici.globalDispatcher.1");

type Slot = { [globalDispatcherKey]?: Dispatcher };

interface DispatchOptions {
  readonly origin?: string | URL;
  readonly path: string;
  readonly method?: string;
  readonly headers?: unknown;
  readonly body?: unknown;
}

/** The handler shapes of undici 6 (`onHeaders`...) and 7 (`onResponseStart`...); callbacks are optional. */
type Handler = Record<string, ((...args: never[]) => unknown) | undefined>;

interface Dispatcher {
  dispatch(options: DispatchOptions, handler: Handler): boolean;
}

function headerPairs(headers: unknown): [string, string][] {
  if (headers === null || headers === undefined) return [];
  if (Array.isArray(headers)) {
    if (headers.every((item) => Array.isArray(item))) return headers.map(([k, v]) => [String(k), String(v)]);
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([String(headers[i]), String(headers[i + 1])]);
    return pairs;
  }
  if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === "function")
    return headerPairs([...(headers as Iterable<unknown>)]);
  return Object.entries(headers as Record<string, unknown>).flatMap(([name, value]) =>
    value === undefined
      ? []
      : Array.isArray(value)
        ? value.map((v) => [name, String(v)] as [string, string])
        : [[name, String(value)] as [string, string]],
  );
}

async function bodyBytes(body: unknown): Promise<Uint8Array | undefined> {
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<unknown>)
      chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : (chunk as Uint8Array));
    return Buffer.concat(chunks);
  }
  throw new TypeError(`the conformance suite's dispatcher cannot read a ${typeof body} request body`);
}

async function toRequest(options: DispatchOptions): Promise<Request> {
  const url = new URL(options.path, options.origin);
  const method = (options.method ?? "GET").toUpperCase();
  const body = await bodyBytes(options.body);
  return new Request(url, {
    method,
    headers: headerPairs(options.headers),
    ...(body && method !== "GET" && method !== "HEAD" ? { body: Buffer.from(body) } : {}),
  });
}

/** Feeds a fetched Response to an undici handler, in whichever protocol version it speaks. */
async function respond(handler: Handler, response: Response): Promise<void> {
  const payload = Buffer.from(await response.arrayBuffer());
  const call = (name: string, ...args: unknown[]) =>
    (handler[name] as ((...a: unknown[]) => unknown) | undefined)?.(...args);
  if (typeof handler.onResponseStart === "function") {
    const controller = { abort() {}, pause() {}, resume() {}, paused: false, aborted: false, reason: null };
    call("onRequestStart", controller, {});
    call(
      "onResponseStart",
      controller,
      response.status,
      Object.fromEntries(response.headers),
      response.statusText,
    );
    if (payload.length > 0) call("onResponseData", controller, payload);
    call("onResponseEnd", controller, {});
    return;
  }
  const raw: Buffer[] = [];
  for (const [name, value] of response.headers) raw.push(Buffer.from(name), Buffer.from(value));
  call("onHeaders", response.status, raw, () => {}, response.statusText);
  if (payload.length > 0) call("onData", payload);
  call("onComplete", []);
}

function fail(handler: Handler, error: Error): void {
  const call = (name: string, ...args: unknown[]) =>
    (handler[name] as ((...a: unknown[]) => unknown) | undefined)?.(...args);
  if (typeof handler.onResponseError === "function") call("onResponseError", {}, error);
  else call("onError", error);
}

export interface UndiciGuardOptions {
  /** Serves every request to a host that is not loopback (the session's fakes, which record it). */
  readonly serve: (request: Request) => Promise<Response>;
}

/**
 * Replaces the global undici dispatcher with one that hands every non-loopback request to `serve`
 * and lets loopback requests through to the dispatcher it replaced. Returns the function that puts
 * the original back.
 */
export async function installUndiciGuard(options: UndiciGuardOptions): Promise<() => void> {
  const slot = globalThis as Slot;
  // Node creates its default dispatcher on the first fetch; a data URL makes it exist without a socket.
  if (!slot[globalDispatcherKey])
    await fetch("data:,").then(
      (response) => response.arrayBuffer(),
      () => undefined,
    );
  const original = slot[globalDispatcherKey];
  // Only when something else (another MSW server) already stands in front of global fetch.
  if (!original) throw new Error("Node's global undici dispatcher does not exist yet; make one fetch first");
  // Inherits the original's API methods (`request`, `stream`...), which all end in `this.dispatch`.
  const guard: Dispatcher = Object.create(original as object);
  guard.dispatch = (dispatchOptions, handler) => {
    const host = new URL(dispatchOptions.origin ?? dispatchOptions.path).hostname;
    if (isLoopbackHost(host)) return original.dispatch.call(original, dispatchOptions, handler);
    let aborted = false;
    handler.onConnect?.((() => {
      aborted = true;
    }) as never);
    toRequest(dispatchOptions)
      .then((request) => options.serve(request))
      .then(
        (response) => (aborted ? undefined : respond(handler, response)),
        (error: unknown) => fail(handler, error instanceof Error ? error : new Error(String(error))),
      )
      .catch((error: unknown) => fail(handler, error instanceof Error ? error : new Error(String(error))));
    return true;
  };
  slot[globalDispatcherKey] = guard;
  return () => {
    if (slot[globalDispatcherKey] === guard) slot[globalDispatcherKey] = original;
  };
}
