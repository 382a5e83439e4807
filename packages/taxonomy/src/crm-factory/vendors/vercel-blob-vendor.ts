import type { VendorProfile } from "../../policy-schema.js";

const docs = "https://vercel.com/docs/vercel-blob/using-blob-sdk";

// File storage (profile photos). @vercel/blob reads VERCEL_BLOB_API_URL itself and calls the API at
// vercel.com; objects are served from <store>.public.blob.vercel-storage.com (and .private. for
// private stores, which its get() reads) (@vercel/blob@2.8.0, dist/chunk-*.js and dist/index.js).
// The paths are the SDK's: put is a PUT with ?pathname=, head and list are GETs on the API root, and
// get() reads a blob from its store's host.
export const vercelBlobVendor = {
  baseUrlEnv: "VERCEL_BLOB_API_URL",
  defaultBaseUrl: "https://vercel.com/api/blob",
  sdk: {
    package: "@vercel/blob",
    version: "2.8.0",
    hosts: ["vercel.com", "*.public.blob.vercel-storage.com", "*.private.blob.vercel-storage.com"],
  },
  endpoints: [
    {
      id: "put",
      method: "PUT",
      path: "/?pathname={pathname}",
      purpose: "Upload a profile photo (put)",
      docs: `${docs}#put`,
    },
    {
      id: "head",
      method: "GET",
      path: "?url={url}",
      purpose: "Read a blob's metadata (head)",
      docs: `${docs}#head`,
    },
    {
      id: "list",
      method: "GET",
      path: "?prefix={prefix}",
      purpose: "List a user's blobs by path prefix (list)",
      docs: `${docs}#list`,
    },
    {
      id: "delete",
      method: "POST",
      path: "/delete",
      purpose: "Delete blobs by URL (del)",
      docs: `${docs}#del`,
    },
    {
      id: "download.public",
      method: "GET",
      host: "*.public.blob.vercel-storage.com",
      path: "/{pathname}",
      purpose: "Read a public blob's content, for an export (get)",
      docs: `${docs}#get`,
    },
    {
      id: "download.private",
      method: "GET",
      host: "*.private.blob.vercel-storage.com",
      path: "/{pathname}",
      purpose: "Read a private blob's content with the store token, for an export (get)",
      docs: `${docs}#get`,
    },
  ],
  subjectLinks: [
    {
      object: "blob",
      field: "pathname",
      identifier: "pathPrefix",
      description: "Profile photos are stored under tenants/<tenantId>/users/<userId>/.",
    },
  ],
} satisfies VendorProfile;
