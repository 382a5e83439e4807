import { json } from "../core/vendor.js";

export type BlobAccess = "public" | "private";

export interface StoredBlob {
  pathname: string;
  access: BlobAccess;
  contentType: string;
  cacheControl: string;
  size: number;
  uploadedAt: Date;
  etag: string;
  content: Uint8Array;
}

export interface BlobStore {
  token: string | undefined;
  blobs: Map<string, StoredBlob>;
}

export const OBJECT_HOST = /^([a-z0-9]+)\.(public|private)\.blob\.vercel-storage\.com$/i;

export const blobUrl = (storeId: string, blob: Pick<StoredBlob, "pathname" | "access">) =>
  `https://${storeId.toLowerCase()}.${blob.access}.blob.vercel-storage.com/${blob.pathname.split("/").map(encodeURIComponent).join("/")}`;

/** The store id inside a read-write token: `vercel_blob_rw_<storeId>_<secret>` (as @vercel/blob parses it). */
export function storeIdOfToken(token: string): string | undefined {
  const [vercel, blob, rw, storeId] = token.split("_");
  if (vercel !== "vercel" || blob !== "blob" || rw !== "rw" || !storeId || !/^[A-Za-z0-9]+$/.test(storeId))
    return undefined;
  return storeId;
}

// The error body @vercel/blob reads: `{ error: { code, message } }` (its `getBlobError`).
export class BlobError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const blobErrorResponse = (error: BlobError, headers: Record<string, string> = {}) =>
  json(error.status, { error: { code: error.code, message: error.message } }, headers);

export const blobErrors = {
  forbidden: () =>
    new BlobError(403, "forbidden", "Access denied, please provide a valid token for this resource."),
  notFound: () => new BlobError(404, "not_found", "The requested blob does not exist"),
  badRequest: (message: string) => new BlobError(400, "bad_request", message),
  exists: () =>
    new BlobError(
      400,
      "bad_request",
      "This blob already exists, use `allowOverwrite: true` if you want to overwrite it. Or `addRandomSuffix: true` to generate a unique filename.",
    ),
  preconditionFailed: () => new BlobError(412, "precondition_failed", "Precondition failed: ETag mismatch."),
} as const;

export function blobFault(status: number): BlobError {
  if (status === 429) return new BlobError(429, "rate_limited", "Too many requests");
  if (status === 503)
    return new BlobError(503, "service_unavailable", "The blob service is currently not available.");
  return new BlobError(status, "internal_server_error", "Internal server error");
}

const TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
  svg: "image/svg+xml",
  txt: "text/plain",
  json: "application/json",
  pdf: "application/pdf",
};

export function contentTypeFor(pathname: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(pathname)?.[1]?.toLowerCase() ?? "";
  return TYPES[extension] ?? "application/octet-stream";
}
