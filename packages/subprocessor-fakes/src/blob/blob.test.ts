import { BlobError, BlobNotFoundError, del, head, list, put } from "@vercel/blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testClock, useFakes } from "../test-support/harness.js";

const clock = testClock();
const { fakes, loopback, loopbackEnv } = useFakes({ clock: clock.now });
const TOKEN = "vercel_blob_rw_storeA1b2_secretOne";
const OTHER = "vercel_blob_rw_storeZ9_secretTwo";
const PHOTO = "tenants/t1/users/u1/photo.jpg";

// @vercel/blob reads VERCEL_BLOB_API_URL at each call and fetches with the `undici` package, which
// MSW does not intercept: it is proven over loopback.
beforeAll(() => {
  process.env.VERCEL_BLOB_API_URL = loopbackEnv("VERCEL_BLOB_API_URL");
  process.env.VERCEL_BLOB_RETRIES = "0";
});
afterAll(() => {
  delete process.env.VERCEL_BLOB_API_URL;
  delete process.env.VERCEL_BLOB_RETRIES;
});

describe("@vercel/blob over loopback", () => {
  it("puts a photo at the vendor's object URL, heads it, lists it and serves it", async () => {
    const stored = await put(PHOTO, Buffer.from("jpeg bytes"), {
      access: "public",
      token: TOKEN,
      contentType: "image/jpeg",
    });
    expect(stored).toMatchObject({
      url: `https://storea1b2.public.blob.vercel-storage.com/${PHOTO}`,
      downloadUrl: `https://storea1b2.public.blob.vercel-storage.com/${PHOTO}?download=1`,
      pathname: PHOTO,
      contentType: "image/jpeg",
    });
    const meta = await head(stored.url, { token: TOKEN });
    expect(meta).toMatchObject({ pathname: PHOTO, size: 10, contentType: "image/jpeg" });
    expect(meta.uploadedAt.toISOString()).toBe(clock.now().toISOString());
    const listed = await list({ prefix: "tenants/t1/", token: TOKEN });
    expect(listed.blobs.map((blob) => blob.pathname)).toEqual([PHOTO]);
    const download = await fetch(loopback().urlFor(stored.url));
    expect(download.headers.get("content-type")).toBe("image/jpeg");
    expect(await download.text()).toBe("jpeg bytes");
    expect(fakes.blob.under("tenants/t1/users/u1/")).toEqual([
      expect.objectContaining({ pathname: PHOTO, storeId: "storea1b2", size: 10 }),
    ]);
  });

  it("refuses to overwrite without allowOverwrite, adds a random suffix on request", async () => {
    await put(PHOTO, "one", { access: "public", token: TOKEN });
    await expect(put(PHOTO, "two", { access: "public", token: TOKEN })).rejects.toThrow(/already exists/);
    await put(PHOTO, "two", { access: "public", token: TOKEN, allowOverwrite: true });
    const suffixed = await put(PHOTO, "three", { access: "public", token: TOKEN, addRandomSuffix: true });
    expect(suffixed.pathname).toMatch(/^tenants\/t1\/users\/u1\/photo-[A-Za-z0-9]{30}\.jpg$/);
    expect(fakes.blob.under("tenants/t1/").map((blob) => blob.size)).toEqual([5, 3]); // "photo-…" sorts before "photo."
  });

  it("deletes by URL; head then answers BlobNotFoundError and the store is empty", async () => {
    const one = await put(PHOTO, "x", { access: "public", token: TOKEN });
    const two = await put("tenants/t1/users/u2/photo.png", "y", { access: "public", token: TOKEN });
    await del([one.url, two.url], { token: TOKEN });
    await expect(head(one.url, { token: TOKEN })).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(fakes.blob.under("")).toEqual([]);
    expect((await fetch(loopback().urlFor(one.url))).status).toBe(404);
  });

  it("pages a list with cursor and folds folders", async () => {
    for (const name of ["a", "b", "c"])
      await put(`tenants/t1/users/${name}/p.jpg`, name, { access: "public", token: TOKEN });
    const first = await list({ prefix: "tenants/t1/users/", limit: 2, token: TOKEN });
    expect(first.hasMore).toBe(true);
    const second = await list({ prefix: "tenants/t1/users/", limit: 2, cursor: first.cursor, token: TOKEN });
    expect([...first.blobs, ...second.blobs].map((blob) => blob.pathname.split("/")[3])).toEqual([
      "a",
      "b",
      "c",
    ]);
    const folded = await list({ prefix: "tenants/t1/users/", mode: "folded", token: TOKEN });
    expect(folded.folders).toEqual(["tenants/t1/users/a/", "tenants/t1/users/b/", "tenants/t1/users/c/"]);
  });

  it("keeps stores apart and refuses a wrong token for a store", async () => {
    await put(PHOTO, "x", { access: "public", token: TOKEN });
    expect((await list({ token: OTHER })).blobs).toEqual([]);
    await expect(
      head(`https://storea1b2.public.blob.vercel-storage.com/${PHOTO}`, { token: OTHER }),
    ).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(list({ token: "vercel_blob_rw_storeA1b2_wrongSecret" })).rejects.toBeInstanceOf(BlobError);
    expect(fakes.inventory({ vendor: "blob" })).toEqual([
      expect.objectContaining({
        credential: "storea1b2",
        links: expect.arrayContaining([
          { field: "pathname", identifier: "pathPrefix", value: "tenants/t1/users/u1/" },
        ]),
      }),
    ]);
  });
});

describe("Vercel Blob over raw fetch", () => {
  const api = () => loopbackEnv("VERCEL_BLOB_API_URL");

  it("answers a missing token with 403 forbidden and an unknown path with not_found", async () => {
    const anonymous = await fetch(`${api()}?prefix=`);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    const unknown = await fetch(`${api()}/copy-all`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
  });

  it("refuses a put without access", async () => {
    const response = await fetch(`${api()}/?pathname=a.txt`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: "x",
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("bad_request");
  });

  it("serves private blobs only with the store's token", async () => {
    const stored = await put("tenants/t1/private.txt", "secret", { access: "private", token: TOKEN });
    expect(stored.url).toMatch(/^https:\/\/storea1b2\.private\.blob\.vercel-storage\.com\//);
    expect((await fetch(loopback().urlFor(stored.url))).status).toBe(403);
    const authorised = await fetch(loopback().urlFor(stored.url), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await authorised.text()).toBe("secret");
  });

  it("is not seen by MSW: @vercel/blob's undici fetch goes past the interceptor that catches the global fetch", async () => {
    // `.invalid` never resolves (RFC 6761), so nothing leaves the machine either way.
    const saved = process.env.VERCEL_BLOB_API_URL;
    process.env.VERCEL_BLOB_API_URL = "https://vercel.invalid/api/blob";
    try {
      await expect(fetch("https://vercel.invalid/api/blob?prefix=")).rejects.toThrow();
      expect(fakes.requests()).toEqual([
        expect.objectContaining({ host: "vercel.invalid", outcome: "unknown-host", via: "msw" }),
      ]);
      await expect(put(PHOTO, "x", { access: "public", token: TOKEN })).rejects.toThrow();
    } finally {
      process.env.VERCEL_BLOB_API_URL = saved;
    }
    expect(fakes.requests()).toHaveLength(1);
  });

  it("serves objects through MSW on their vendor host, for clients on the global fetch", async () => {
    const stored = await put(PHOTO, "via msw", { access: "public", token: TOKEN });
    expect(await (await fetch(stored.url)).text()).toBe("via msw");
  });
});
