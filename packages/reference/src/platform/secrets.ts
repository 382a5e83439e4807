import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new random secret, URL-safe, with a readable prefix saying what it is. */
export function newToken(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString("base64url")}`;
}

/** What is stored of a token, key or code: its SHA-256, never the value. */
export function hashSecret(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export function sameSecret(candidate: string, expectedHash: string): boolean {
  const a = Buffer.from(hashSecret(candidate), "hex");
  const b = Buffer.from(expectedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
