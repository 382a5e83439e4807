import { describe, expect, it } from "vitest";
import { createIdempotencyKey, isMutatingMethod, resolveIdempotencyKey } from "./idempotency.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("isMutatingMethod", () => {
  it("is true for POST, PUT, PATCH and DELETE in any case", () => {
    for (const method of ["POST", "put", "Patch", "DELETE"]) expect(isMutatingMethod(method)).toBe(true);
    for (const method of ["GET", "HEAD", "OPTIONS", "TRACE"]) expect(isMutatingMethod(method)).toBe(false);
  });
});

describe("createIdempotencyKey", () => {
  it("returns distinct UUID v4 keys", () => {
    const keys = new Set(Array.from({ length: 200 }, createIdempotencyKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(UUID_V4);
  });
});

describe("resolveIdempotencyKey", () => {
  it("prefers the explicit key, then the request's header, then a fresh key", () => {
    expect(resolveIdempotencyKey("POST", "from-header", "explicit")).toBe("explicit");
    expect(resolveIdempotencyKey("POST", "from-header", undefined)).toBe("from-header");
    expect(resolveIdempotencyKey("POST", null, undefined)).toMatch(UUID_V4);
  });

  it("gives reads no key", () => {
    expect(resolveIdempotencyKey("GET", "from-header", "explicit")).toBeUndefined();
  });
});
