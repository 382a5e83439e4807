import { createHash } from "node:crypto";
import { type FakeContext, PerCredential } from "../core/context.js";
import type { InventoryItem } from "../core/inventory.js";
import {
  bearerToken,
  type FakeRequest,
  type FaultStatus,
  json,
  type Route,
  readJson,
  type VendorFake,
} from "../core/vendor.js";
import {
  type BlobAccess,
  BlobError,
  type BlobStore,
  blobErrorResponse,
  blobErrors,
  blobFault,
  blobUrl,
  contentTypeFor,
  OBJECT_HOST,
  type StoredBlob,
  storeIdOfToken,
} from "./blob-objects.js";

export interface HeldBlob {
  readonly storeId: string;
  readonly url: string;
  readonly pathname: string;
  readonly access: BlobAccess;
  readonly contentType: string;
  readonly size: number;
  readonly uploadedAt: Date;
}

const API = "/api/blob";
const onApiHost = (url: URL) => url.hostname === "vercel.com";

/**
 * Vercel Blob as `@vercel/blob@2.8.0` calls it: the API at `https://vercel.com/api/blob`
 * (`VERCEL_BLOB_API_URL`) and objects at `https://<store>.<access>.blob.vercel-storage.com/<pathname>`.
 * https://vercel.com/docs/vercel-blob/using-blob-sdk
 */
export class BlobFake implements VendorFake {
  readonly vendor = "blob" as const;
  readonly #stores = new PerCredential<BlobStore>(() => ({ token: undefined, blobs: new Map() }));
  readonly routes: readonly Route[];

  constructor(private readonly context: FakeContext) {
    const api = (
      endpoint: string,
      method: Route["method"],
      path: string,
      when: (url: URL) => boolean,
      handler: BlobHandler,
    ) => ({
      endpoint,
      method,
      path,
      when,
      handle: (request: FakeRequest) => this.#serve(request, handler),
    });
    this.routes = [
      // https://vercel.com/docs/vercel-blob/using-blob-sdk#put: PUT /?pathname= with the body, options as x-* headers
      api("put", "PUT", API, onApiHost, (request, store, storeId) => this.#put(request, store, storeId)),
      // https://vercel.com/docs/vercel-blob/using-blob-sdk#head: GET ?url=
      api(
        "head",
        "GET",
        API,
        (url) => onApiHost(url) && url.searchParams.has("url"),
        (request, store, storeId) => this.#head(request, store, storeId),
      ),
      // https://vercel.com/docs/vercel-blob/using-blob-sdk#list: GET ?prefix=&limit=&cursor=&mode=
      api(
        "list",
        "GET",
        API,
        (url) => onApiHost(url) && !url.searchParams.has("url"),
        (request, store, storeId) => listBlobs(request, store, storeId),
      ),
      // https://vercel.com/docs/vercel-blob/using-blob-sdk#del: POST /delete { urls }
      api("delete", "POST", `${API}/delete`, onApiHost, (request, store, storeId) =>
        deleteBlobs(request, store, storeId),
      ),
      // https://vercel.com/docs/vercel-blob/using-blob-sdk#get: GET on the store's public or private host
      ...(["public", "private"] as const).map((access) => ({
        endpoint: `download.${access}`,
        method: "GET" as const,
        path: "/*pathname",
        when: (url: URL) => OBJECT_HOST.exec(url.hostname)?.[2]?.toLowerCase() === access,
        handle: (request: FakeRequest, params: Record<string, string>) =>
          this.#download(request, params.pathname ?? ""),
      })),
    ];
  }

  servesHost(host: string): boolean {
    return host === "vercel.com" || OBJECT_HOST.test(host);
  }

  credentialOf(_method: string, url: URL, headers: Headers): string | undefined {
    const objectStore = OBJECT_HOST.exec(url.hostname)?.[1];
    if (objectStore) return objectStore.toLowerCase();
    const token = bearerToken(headers);
    return token ? storeIdOfToken(token)?.toLowerCase() : undefined;
  }

  notFound(request: FakeRequest, pathExists: boolean): Response {
    if (OBJECT_HOST.test(request.url.hostname))
      return new Response("The requested blob does not exist", { status: 404 });
    if (pathExists) return blobErrorResponse(new BlobError(405, "method_not_allowed", "Method not allowed"));
    return blobErrorResponse(new BlobError(404, "not_found", "The page could not be found"));
  }

  faultResponse(status: FaultStatus): Response {
    return blobErrorResponse(blobFault(status));
  }

  /** Blobs whose pathname starts with `prefix`, in pathname order, of one store or all. */
  under(prefix: string, filter: { storeId?: string } = {}): HeldBlob[] {
    return this.#stores.select(filter.storeId?.toLowerCase()).flatMap(([storeId, store]) =>
      [...store.blobs.values()]
        .filter((blob) => blob.pathname.startsWith(prefix))
        .sort((a, b) => a.pathname.localeCompare(b.pathname))
        .map((blob) => ({
          storeId,
          url: blobUrl(storeId, blob),
          pathname: blob.pathname,
          access: blob.access,
          contentType: blob.contentType,
          size: blob.size,
          uploadedAt: new Date(blob.uploadedAt),
        })),
    );
  }

  inventory(): InventoryItem[] {
    return this.#stores.entries().flatMap(([storeId, store]) =>
      [...store.blobs.values()].map((blob): InventoryItem => {
        const match = /^tenants\/([^/]+)\/users\/([^/]+)\//.exec(blob.pathname);
        const links: InventoryItem["links"][number][] = match
          ? [{ field: "pathname", identifier: "pathPrefix", value: match[0] }]
          : [];
        return {
          vendor: "blob",
          credential: storeId,
          object: "blob",
          id: blobUrl(storeId, blob),
          links,
          deletable: true,
        };
      }),
    );
  }

  reset(): void {
    this.#stores.clear();
  }

  #serve(request: FakeRequest, handler: BlobHandler): Response {
    try {
      const token = bearerToken(request.headers);
      const storeId = token ? storeIdOfToken(token)?.toLowerCase() : undefined;
      if (!token || !storeId) throw blobErrors.forbidden();
      const store = this.#stores.get(storeId);
      store.token ??= token;
      if (store.token !== token) throw blobErrors.forbidden();
      return handler(request, store, storeId);
    } catch (error) {
      if (error instanceof BlobError) return blobErrorResponse(error);
      throw error;
    }
  }

  #put(request: FakeRequest, store: BlobStore, storeId: string): Response {
    const requested = request.url.searchParams.get("pathname");
    if (!requested) throw blobErrors.badRequest("pathname is required");
    const access = request.headers.get("x-vercel-blob-access");
    if (access !== "public" && access !== "private")
      throw blobErrors.badRequest('access must be "public" or "private"');
    let pathname = requested;
    if (request.headers.get("x-add-random-suffix") === "1") {
      const suffix = this.context.ids.next(`blob:${storeId}:suffix`, 30);
      pathname = requested.replace(/(\.[^./]+)?$/, (extension) => `-${suffix}${extension}`);
    }
    const existing = store.blobs.get(pathname);
    const ifMatch = request.headers.get("x-if-match");
    if (ifMatch !== null && existing?.etag !== ifMatch) throw blobErrors.preconditionFailed();
    if (existing && request.headers.get("x-allow-overwrite") !== "1" && ifMatch === null)
      throw blobErrors.exists();
    const maxAge = request.headers.get("x-cache-control-max-age");
    const blob: StoredBlob = {
      pathname,
      access,
      contentType: request.headers.get("x-content-type") ?? contentTypeFor(pathname),
      cacheControl: `public, max-age=${maxAge && /^\d+$/.test(maxAge) ? maxAge : "2592000"}`,
      size: request.body.byteLength,
      uploadedAt: request.time,
      etag: `"${createHash("sha256").update(request.body).digest("hex").slice(0, 32)}"`,
      content: request.body,
    };
    store.blobs.set(pathname, blob);
    const url = blobUrl(storeId, blob);
    return json(200, {
      url,
      downloadUrl: `${url}?download=1`,
      pathname,
      contentType: blob.contentType,
      contentDisposition: disposition(pathname, false),
      etag: blob.etag,
    });
  }

  #head(request: FakeRequest, store: BlobStore, storeId: string): Response {
    const blob = resolve(store, storeId, request.url.searchParams.get("url") ?? "");
    if (!blob) throw blobErrors.notFound();
    const url = blobUrl(storeId, blob);
    return json(200, {
      url,
      downloadUrl: `${url}?download=1`,
      pathname: blob.pathname,
      size: blob.size,
      contentType: blob.contentType,
      contentDisposition: disposition(blob.pathname, false),
      cacheControl: blob.cacheControl,
      uploadedAt: blob.uploadedAt.toISOString(),
      etag: blob.etag,
    });
  }

  #download(request: FakeRequest, pathname: string): Response {
    const storeId = request.credential ?? "";
    const store = this.#stores.find(storeId);
    const blob = store?.blobs.get(pathname);
    if (!store || !blob) return new Response("The requested blob does not exist", { status: 404 });
    if (blob.access === "private" && bearerToken(request.headers) !== store.token) {
      return new Response("Forbidden", { status: 403 });
    }
    return new Response(new Uint8Array(blob.content), {
      status: 200,
      headers: {
        "content-type": blob.contentType,
        "content-length": String(blob.size),
        "cache-control": blob.cacheControl,
        "content-disposition": disposition(blob.pathname, request.url.searchParams.get("download") === "1"),
        etag: blob.etag,
        "last-modified": blob.uploadedAt.toUTCString(),
      },
    });
  }
}

type BlobHandler = (request: FakeRequest, store: BlobStore, storeId: string) => Response;

function listBlobs(request: FakeRequest, store: BlobStore, storeId: string): Response {
  const query = request.url.searchParams;
  const prefix = query.get("prefix") ?? "";
  const limit = query.get("limit") === null ? 1000 : Number(query.get("limit"));
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw blobErrors.badRequest("limit must be between 1 and 1000");
  const mode = query.get("mode") ?? "expanded";
  if (mode !== "expanded" && mode !== "folded")
    throw blobErrors.badRequest('mode must be "expanded" or "folded"');
  const after = query.get("cursor")
    ? Buffer.from(query.get("cursor") ?? "", "base64url").toString("utf8")
    : "";
  const matching = [...store.blobs.values()]
    .filter((blob) => blob.pathname.startsWith(prefix))
    .sort((a, b) => (a.pathname < b.pathname ? -1 : 1));
  const folders = new Set<string>();
  const files: StoredBlob[] = [];
  for (const blob of matching) {
    const rest = blob.pathname.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (mode === "folded" && slash !== -1) folders.add(prefix + rest.slice(0, slash + 1));
    else files.push(blob);
  }
  const remaining = files.filter((blob) => blob.pathname > after);
  const page = remaining.slice(0, limit);
  const hasMore = remaining.length > limit;
  const last = page.at(-1);
  return json(200, {
    blobs: page.map((blob) => {
      const url = blobUrl(storeId, blob);
      return {
        url,
        downloadUrl: `${url}?download=1`,
        pathname: blob.pathname,
        size: blob.size,
        uploadedAt: blob.uploadedAt.toISOString(),
        etag: blob.etag,
      };
    }),
    cursor: hasMore && last ? Buffer.from(last.pathname).toString("base64url") : undefined,
    hasMore,
    ...(mode === "folded" ? { folders: [...folders].sort() } : {}),
  });
}

function deleteBlobs(request: FakeRequest, store: BlobStore, storeId: string): Response {
  let body: unknown;
  try {
    body = readJson(request);
  } catch {
    throw blobErrors.badRequest("Invalid JSON body");
  }
  const urls = (body as { urls?: unknown } | undefined)?.urls;
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((url) => typeof url === "string")) {
    throw blobErrors.badRequest("urls must be a non-empty array of strings");
  }
  const ifMatch = request.headers.get("x-if-match");
  const targets = urls.map((url) => resolve(store, storeId, url));
  if (ifMatch !== null && targets[0]?.etag !== ifMatch) throw blobErrors.preconditionFailed();
  for (const blob of targets) if (blob) store.blobs.delete(blob.pathname);
  return json(200, {});
}

/** A blob by its URL (of this store) or its pathname. */
function resolve(store: BlobStore, storeId: string, urlOrPathname: string): StoredBlob | undefined {
  if (!/^https?:\/\//.test(urlOrPathname)) return store.blobs.get(urlOrPathname);
  const url = new URL(urlOrPathname);
  if (OBJECT_HOST.exec(url.hostname)?.[1]?.toLowerCase() !== storeId) return undefined;
  return store.blobs.get(decodeURIComponent(url.pathname.slice(1)));
}

function disposition(pathname: string, attachment: boolean): string {
  const name = pathname.split("/").at(-1) ?? pathname;
  return `${attachment ? "attachment" : "inline"}; filename="${name.replace(/"/g, "")}"`;
}
