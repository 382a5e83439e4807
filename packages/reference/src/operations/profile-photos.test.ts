import { randomBytes, randomUUID } from "node:crypto";
import { NotFoundError, ValidationError } from "@crmfactory/sdk";
import { createSubprocessorFakes, setupFakesServer } from "@crmfactory/subprocessor-fakes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationShapes } from "../http/contract-operations.js";
import { baseUrl, bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { callAs, tenantSql } from "../test-support/data-plane.js";
import { failWritesTo } from "../test-support/forced-failure.js";
import { removeProfilePhoto } from "./profile-photos.js";

const fakes = createSubprocessorFakes({ seed: "reference-photos" });
const server = setupFakesServer(fakes);
server.listen({ onUnhandledRequest: "error" });
afterAll(() => server.close());

const png = (marker: string) =>
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.from(marker, "utf8")]);
const jpeg = (marker: string) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from(marker, "utf8")]);

async function auditActions(client: Awaited<ReturnType<typeof signUp>>["client"]) {
  const actions: string[] = [];
  for await (const entry of client.audit.list()) actions.push(entry.action);
  return actions;
}

describe.each(drivers)("profile photos on %s", (driver) => {
  let reference: TestReference;
  const storeId = `refphotos${randomBytes(6).toString("hex")}`;
  const token = `vercel_blob_rw_${storeId}_${randomBytes(8).toString("hex")}`;
  beforeAll(async () => {
    reference = await bootReference(driver, {
      fetch: (request) => fetch(request),
      parts: { credentials: { vercel: token } },
    });
  });

  it("stores the photo under the user's prefix at file storage, at the tenant's clock time, audited", async () => {
    const frozen = "2031-07-01T08:00:00.000Z";
    const clock = await reference.operator().testClocks.create({ frozenTime: frozen });
    const { client, tenant, owner } = await signUp(reference, { testClockId: clock.id });
    const bytes = png("first photo");
    const user = await client.users.uploadProfilePhoto(owner.id, { data: bytes, contentType: "image/png" });
    const prefix = `tenants/${tenant.id}/users/${owner.id}/`;
    expect(user.id).toBe(owner.id);
    expect(user.profilePhoto).toMatchObject({
      contentType: "image/png",
      sizeBytes: bytes.byteLength,
      uploadedAt: frozen,
      location: { type: "subprocessor", subprocessorId: "vercel", service: "blob-storage" },
    });
    expect(user.profilePhoto?.objectId.startsWith(prefix)).toBe(true);
    const held = fakes.blob.under(prefix, { storeId });
    expect(held.map((b) => [b.pathname, b.access, b.contentType, b.size])).toEqual([
      [user.profilePhoto?.objectId, "private", "image/png", bytes.byteLength],
    ]);
    expect(await auditActions(client)).toContain("user.photo-uploaded");
    const inventory = await reference.operator().testClocks.getTenantInventory(clock.id, tenant.id);
    expect(inventory.holdings.find((h) => h.recordType === "profile-photo")).toMatchObject({
      category: "account",
      location: { type: "subprocessor", subprocessorId: "vercel", service: "blob-storage" },
      recordIds: [user.profilePhoto?.objectId],
    });
  });

  it("replaces a previous photo, deleting it from file storage", async () => {
    const { client, tenant, owner } = await signUp(reference);
    const first = await client.users.uploadProfilePhoto(owner.id, {
      data: png("one"),
      contentType: "image/png",
    });
    const second = await client.users.uploadProfilePhoto(owner.id, {
      data: jpeg("two"),
      contentType: "image/jpeg",
    });
    expect(second.profilePhoto?.objectId).not.toBe(first.profilePhoto?.objectId);
    expect(second.profilePhoto?.objectId.endsWith(".jpg")).toBe(true);
    const held = fakes.blob.under(`tenants/${tenant.id}/users/${owner.id}/`, { storeId });
    expect(held.map((b) => b.pathname)).toEqual([second.profilePhoto?.objectId]);
    const rows = await tenantSql(reference, tenant.id, "SELECT object_id FROM profile_photos");
    expect(rows).toEqual([{ object_id: second.profilePhoto?.objectId }]);
  });

  it("serves the stored bytes with their type, and shows the photo on the user wherever users are read", async () => {
    const { client, owner } = await signUp(reference);
    const bytes = jpeg("served as uploaded");
    const uploaded = await client.users.uploadProfilePhoto(owner.id, {
      data: bytes,
      contentType: "image/jpeg",
    });
    const { data, response } = await client.users.getProfilePhoto(owner.id).withResponse();
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await (data as Blob).arrayBuffer())).toEqual(bytes);
    expect((await client.users.get(owner.id)).profilePhoto).toEqual(uploaded.profilePhoto);
    const listed = await client.users.list().toArray({ limit: 10 });
    expect(listed.find((u) => u.id === owner.id)?.profilePhoto).toEqual(uploaded.profilePhoto);
    const updated = await client.users.update(owner.id, { name: "Renamed" });
    expect(updated.profilePhoto).toEqual(uploaded.profilePhoto);
  });

  it("answers not-found for a user without a photo and another tenant's user, asking file storage nothing", async () => {
    const other = await signUp(reference);
    await other.client.users.uploadProfilePhoto(other.owner.id, {
      data: png("theirs"),
      contentType: "image/png",
    });
    const { client, owner } = await signUp(reference);
    const before = fakes.requests({ vendor: "blob" }).length;
    await expect(client.users.getProfilePhoto(owner.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.users.getProfilePhoto(other.owner.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(fakes.requests({ vendor: "blob" }).length).toBe(before);
  });

  it("deletes the photo at file storage when the user is removed, and keeps the user when storage fails", async () => {
    const { client, tenant } = await signUp(reference);
    const user = await client.users.create({
      name: "Leaving",
      email: `leaving.${tenant.id}@acme.example`,
      role: "member",
      birthDate: "1985-05-05",
    });
    const withPhoto = await client.users.uploadProfilePhoto(user.id, {
      data: png("bye"),
      contentType: "image/png",
    });
    const prefix = `tenants/${tenant.id}/users/${user.id}/`;
    const rule = fakes.faults.inject({
      vendor: "blob",
      endpoint: "delete",
      credential: storeId,
      fault: { kind: "status", status: 503 },
    });
    try {
      await expect(client.users.delete(user.id)).rejects.toMatchObject({ status: 503 });
    } finally {
      rule.remove();
    }
    expect((await client.users.get(user.id)).profilePhoto).toEqual(withPhoto.profilePhoto);
    await client.users.delete(user.id);
    expect(fakes.blob.under(prefix, { storeId })).toEqual([]);
    expect(await tenantSql(reference, tenant.id, "SELECT * FROM profile_photos")).toEqual([]);
    await expect(client.users.get(user.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses another tenant's user, bytes that are not the declared image and other media types, storing nothing", async () => {
    const other = await signUp(reference);
    const { client, tenant, owner, session } = await signUp(reference);
    const before = fakes.requests({ vendor: "blob" }).length;
    await expect(
      client.users.uploadProfilePhoto(other.owner.id, { data: png("x"), contentType: "image/png" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      client.users.uploadProfilePhoto(randomUUID(), { data: png("x"), contentType: "image/png" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      client.users.uploadProfilePhoto(owner.id, { data: jpeg("not a png"), contentType: "image/png" }),
    ).rejects.toBeInstanceOf(ValidationError);
    const call = callAs(reference, session.token);
    const svg = await call("PUT", `/users/${owner.id}/profile-photo`, "<svg onload='x'/>", {
      "content-type": "image/svg+xml",
    });
    expect(svg.status).toBe(415);
    const injected = await call("PUT", `/users/'%3B%20DROP%20TABLE%20users%3B--/profile-photo`, "x", {
      "content-type": "image/png",
    });
    expect(injected.status).toBe(404);
    expect(fakes.requests({ vendor: "blob" }).length).toBe(before);
    expect(await tenantSql(reference, tenant.id, "SELECT * FROM profile_photos")).toEqual([]);
  });

  it("answers unavailable when file storage fails, keeping no link and no audit entry", async () => {
    const { client, tenant, owner } = await signUp(reference);
    const rule = fakes.faults.inject({
      vendor: "blob",
      endpoint: "put",
      credential: storeId,
      fault: { kind: "status", status: 503 },
    });
    try {
      await expect(
        client.users.uploadProfilePhoto(owner.id, { data: png("x"), contentType: "image/png" }),
      ).rejects.toMatchObject({ status: 503 });
    } finally {
      rule.remove();
    }
    expect(await tenantSql(reference, tenant.id, "SELECT * FROM profile_photos")).toEqual([]);
    expect(await auditActions(client)).not.toContain("user.photo-uploaded");
  });

  it("takes a photo up to the contract's own limit, above the 1 MiB default, and refuses one byte more with 413", async () => {
    const limit = operationShapes.get("uploadProfilePhoto")?.statedMaxBodyBytes ?? 0;
    // The contract states 5 MiB in the operation's description; the default stays for every other body.
    expect(limit).toBe(5 * 1024 * 1024);
    expect(limit).toBeGreaterThan(reference.platform.limits.maxRequestBodyBytes);
    const { client, tenant, owner, session } = await signUp(reference);
    const sized = (size: number) => {
      const bytes = new Uint8Array(size);
      bytes.set(png(""));
      return bytes;
    };
    const large = sized(4 * 1024 * 1024);
    const accepted = await client.users.uploadProfilePhoto(owner.id, {
      data: large,
      contentType: "image/png",
    });
    expect(accepted.profilePhoto?.sizeBytes).toBe(large.byteLength);
    const prefix = `tenants/${tenant.id}/users/${owner.id}/`;
    expect(fakes.blob.under(prefix, { storeId }).map((b) => b.size)).toEqual([large.byteLength]);

    const before = fakes.requests({ vendor: "blob" }).length;
    const refused = await reference.checkedFetch(
      new Request(`${baseUrl}/users/${owner.id}/profile-photo`, {
        method: "PUT",
        headers: { authorization: `Bearer ${session.token}`, "content-type": "image/png" },
        body: sized(limit + 1),
      }),
    );
    expect(refused.status).toBe(413);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(await refused.json()).toMatchObject({
      type: "https://crmfactory.ai/problems/payload-too-large",
      status: 413,
    });
    expect(fakes.requests({ vendor: "blob" }).length).toBe(before);
    const rows = await tenantSql(reference, tenant.id, "SELECT object_id FROM profile_photos");
    expect(rows).toEqual([{ object_id: accepted.profilePhoto?.objectId }]);

    // Elsewhere the deployment's default holds: a 2 MiB JSON body is refused, nothing written.
    const call = callAs(reference, session.token);
    const big = await call("POST", "/contacts", { name: "x".repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect((await big.json()).type).toBe("https://crmfactory.ai/problems/payload-too-large");
    expect(await tenantSql(reference, tenant.id, "SELECT id FROM contacts")).toEqual([]);
  });

  it("deletes the uploaded object at file storage when the request rolls back after the upload", async () => {
    const { client, tenant, owner, session } = await signUp(reference);
    const prefix = `tenants/${tenant.id}/users/${owner.id}/`;
    const served = (endpoint: string) => fakes.requests({ vendor: "blob", endpoint }).length;
    const [puts, deletes] = [served("put"), served("delete")];
    const restore = await failWritesTo(reference, tenant.id, "profile_photos", "INSERT");
    try {
      const response = await reference.checkedFetch(
        new Request(`${baseUrl}/users/${owner.id}/profile-photo`, {
          method: "PUT",
          headers: { authorization: `Bearer ${session.token}`, "content-type": "image/png" },
          body: png("rolled back"),
        }),
      );
      expect(response.status).toBe(500);
    } finally {
      await restore();
    }
    // The object was stored, then deleted by the compensation: the fake holds nothing under the user.
    expect([served("put") - puts, served("delete") - deletes]).toEqual([1, 1]);
    expect(fakes.blob.under(prefix, { storeId })).toEqual([]);
    expect(await tenantSql(reference, tenant.id, "SELECT * FROM profile_photos")).toEqual([]);
    expect(await auditActions(client)).not.toContain("user.photo-uploaded");
  });

  it("removes a user's photo at file storage and its link, for a user's removal or erasure", async () => {
    const { client, tenant, owner } = await signUp(reference);
    const user = await client.users.uploadProfilePhoto(owner.id, {
      data: png("gone"),
      contentType: "image/png",
    });
    const [row] = await tenantSql<{ schema_name: string }>(
      reference,
      tenant.id,
      "SELECT schema_name FROM catalog.tenants WHERE id = $1",
      [tenant.id],
    );
    const removed = await reference.platform.database.transaction(
      (tx) => removeProfilePhoto(reference.platform, tx, owner.id),
      { searchPath: [row?.schema_name as string, "catalog"] },
    );
    expect(removed).toBe(user.profilePhoto?.objectId);
    expect(fakes.blob.under(`tenants/${tenant.id}/users/${owner.id}/`, { storeId })).toEqual([]);
    expect(await tenantSql(reference, tenant.id, "SELECT * FROM profile_photos")).toEqual([]);
  });
});
