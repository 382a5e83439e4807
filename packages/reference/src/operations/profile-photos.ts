import { randomBytes } from "node:crypto";
import type { Queryable } from "../database/database.js";
import { timestamp } from "../platform/clock.js";
import { hintRequest } from "../platform/outbound-retry.js";
import { problem } from "../platform/problem.js";
import { findUser, userView } from "../platform/users.js";
import { profilePhotoInventory } from "./data-plane-inventory.js";
import type { OperationGroup, Platform } from "./operation-group.js";
import { vendorBaseUrl, vendorCredential } from "./vendor-credentials.js";

type PhotoType = "image/png" | "image/jpeg" | "image/webp";

interface PhotoRow {
  user_id: string;
  object_id: string;
  url: string;
  content_type: PhotoType;
  size_bytes: number;
  uploaded_at: Date;
}

const extensions: Record<PhotoType, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
};

/** Whether the bytes are an image of the declared type, by its signature. */
function looksLike(type: PhotoType, bytes: Uint8Array): boolean {
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString("latin1");
  if (type === "image/png") return ascii(0, 8) === "\x89PNG\r\n\x1a\n";
  if (type === "image/jpeg") return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP";
}

/** The subprocessor whose service stores files, from the enforced policy's list. */
function fileStorage(platform: Platform): { id: string; service: string } {
  const service = "blob-storage";
  const entry = Object.entries(platform.policy.subprocessors).find(([, s]) => s.services.includes(service));
  if (!entry) throw problem("unavailable", "No file storage subprocessor is configured.");
  return { id: entry[0], service };
}

export function photoView(platform: Platform, row: PhotoRow) {
  const storage = fileStorage(platform);
  return {
    objectId: row.object_id,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    uploadedAt: timestamp(row.uploaded_at),
    location: { type: "subprocessor", subprocessorId: storage.id, service: storage.service },
  };
}

/** The user's profile photo as `User.profilePhoto` shows it, or `null`. */
export async function profilePhotoOf(platform: Platform, tx: Queryable, userId: string) {
  return (await profilePhotosOf(platform, tx, [userId])).get(userId) ?? null;
}

/** The profile photos of these users, by user id, in one query (a page of users). */
export async function profilePhotosOf(platform: Platform, tx: Queryable, userIds: readonly string[]) {
  const rows = await tx.query<PhotoRow>("SELECT * FROM profile_photos WHERE user_id = ANY($1::uuid[])", [
    userIds,
  ]);
  return new Map(rows.map((row) => [row.user_id, photoView(platform, row)]));
}

async function blobRequest(platform: Platform, path: string, init: RequestInit): Promise<Response> {
  const base = vendorBaseUrl(platform, fileStorage(platform).id);
  return storageCall(platform, `${base.toString().replace(/\/$/, "")}${path}`, init);
}

/** Deletes objects at file storage by their URLs (Blob's `POST /delete`). */
async function deleteObjects(platform: Platform, urls: string[]): Promise<void> {
  const response = await blobRequest(platform, "/delete", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ urls }),
  });
  // Read to the end rather than cancelled: a cancelled branch of a teed body waits for its twin.
  await response.arrayBuffer();
}

/** A call to file storage with the store's token: its API host, or a stored object's own URL. */
async function storageCall(platform: Platform, url: string, init: RequestInit): Promise<Response> {
  const storage = fileStorage(platform);
  const token = vendorCredential(platform, storage.id, "BLOB_READ_WRITE_TOKEN");
  let response: Response;
  try {
    // Every storage call repeats safely: reads, a delete by URL, a PUT to a pathname of its own.
    response = await platform.fetch(
      hintRequest(
        new Request(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } }),
        { repeatable: true },
      ),
    );
  } catch {
    response = new Response(null, { status: 599 });
  }
  if (!response.ok) {
    platform.logger.warn({ subprocessor: storage.id, status: response.status }, "file storage call failed");
    throw problem(
      "unavailable",
      "The file storage subprocessor did not complete the call; nothing was changed.",
    );
  }
  return response;
}

/**
 * Deletes the user's photo at file storage and its link here (a user's removal or erasure calls it
 * before the user goes). Answers the storage object id deleted, or `null` when the user had none.
 */
export async function removeProfilePhoto(platform: Platform, tx: Queryable, userId: string) {
  const [row] = await tx.query<PhotoRow>("SELECT * FROM profile_photos WHERE user_id = $1 FOR UPDATE", [
    userId,
  ]);
  if (!row) return null;
  await deleteObjects(platform, [row.url]);
  await tx.query("DELETE FROM profile_photos WHERE user_id = $1", [userId]);
  return row.object_id;
}

/**
 * Profile photos at the file storage subprocessor, over its REST API, under the vendor profile's subject
 * prefix `tenants/<tenantId>/users/<userId>/`. The row links the stored object to its user (`user_id`,
 * `created_at`) with no foreign key, so that removing a user never loses the reference an erasure needs
 * to delete the object at the vendor.
 */
export const profilePhotos: OperationGroup = {
  name: "profile-photos",
  inventory: profilePhotoInventory,
  tenantMigrations: [
    {
      id: "profile-photos/001-photos",
      sql: (s) => `
        CREATE TABLE ${s}.profile_photos (
          user_id uuid PRIMARY KEY,
          object_id text NOT NULL,
          url text NOT NULL,
          content_type text NOT NULL,
          size_bytes integer NOT NULL,
          uploaded_at timestamptz NOT NULL,
          created_at timestamptz NOT NULL
        );
      `,
    },
  ],
  operations: {
    async getProfilePhoto(context) {
      const { tx, params, platform } = context;
      const user = await findUser(tx, params.userId ?? "");
      if (!user) throw problem("not-found", "No user of this tenant has this id.");
      const [row] = await tx.query<PhotoRow>("SELECT * FROM profile_photos WHERE user_id = $1", [user.id]);
      if (!row) throw problem("not-found", "This user has no profile photo.");
      // Private objects are read with the store's token; the bytes are served as uploaded.
      const stored = await storageCall(platform, row.url, { method: "GET" });
      const bytes = new Uint8Array(await stored.arrayBuffer());
      return { status: 200, body: bytes, headers: { "content-type": row.content_type } };
    },
    async uploadProfilePhoto(context) {
      const { tx, params, now, platform } = context;
      const tenant = context.tenant;
      if (!tenant) throw new Error("a profile photo upload ran without a tenant");
      const user = await findUser(tx, params.userId ?? "");
      if (!user) throw problem("not-found", "No user of this tenant has this id.");
      const bytes = await context.body<Uint8Array>();
      const declared = (context.request.headers.get("content-type") ?? "")
        .split(";")[0]
        ?.trim()
        .toLowerCase();
      const type = declared as PhotoType;
      if (!(type in extensions) || !looksLike(type, bytes)) {
        throw problem("validation-failed", "The body is not an image of its declared type.", {
          errors: [{ path: "/body", message: `is not ${declared}` }],
        });
      }
      const [previous] = await tx.query<PhotoRow>(
        "SELECT * FROM profile_photos WHERE user_id = $1 FOR UPDATE",
        [user.id],
      );
      const pathname = `tenants/${tenant.id}/users/${user.id}/photo-${randomBytes(8).toString("hex")}.${extensions[type]}`;
      const stored = (await (
        await blobRequest(platform, `/?pathname=${encodeURIComponent(pathname)}`, {
          method: "PUT",
          // The pathname is this upload's own: a retried PUT overwrites it with the same bytes.
          headers: { "x-vercel-blob-access": "private", "x-content-type": type, "x-allow-overwrite": "1" },
          body: bytes as Uint8Array<ArrayBuffer>,
        })
      ).json()) as { url: string; pathname: string };
      // Should the request roll back from here on, the uploaded object must not outlive its link.
      context.compensate(() => deleteObjects(platform, [stored.url]));
      const [row] = await tx.query<PhotoRow>(
        `INSERT INTO profile_photos (user_id, object_id, url, content_type, size_bytes, uploaded_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (user_id) DO UPDATE SET object_id = EXCLUDED.object_id, url = EXCLUDED.url,
           content_type = EXCLUDED.content_type, size_bytes = EXCLUDED.size_bytes, uploaded_at = EXCLUDED.uploaded_at
         RETURNING *`,
        [user.id, stored.pathname, stored.url, type, bytes.byteLength, now],
      );
      if (!row) throw new Error("profile photo upsert answered no row");
      // The replaced photo goes from file storage too; a failure rolls the new link back.
      if (previous) await deleteObjects(platform, [previous.url]);
      await context.audit({ type: "user", id: user.id });
      return { status: 200, body: userView(user, tenant.id, photoView(platform, row)) };
    },
  },
};
