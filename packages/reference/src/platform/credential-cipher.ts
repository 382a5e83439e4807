import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Platform } from "../operations/operation-group.js";
import { problem } from "./problem.js";

const version = "v1";
const testModeKeys = new WeakMap<Platform, Buffer>();

/**
 * The key sealing stored secrets (integration credentials, callback signing secrets): the composition's
 * `parts.credentialKey`, 32 bytes (a Buffer, or base64). In test mode without one, a random key for the
 * life of the process, so nothing is ever sealed under a key written in the code; in production mode it
 * is required and its absence answers `unavailable`.
 */
export function credentialKey(platform: Platform): Buffer {
  const given = platform.parts.credentialKey;
  if (given !== undefined) {
    const key = typeof given === "string" ? Buffer.from(given, "base64") : Buffer.from(given as Uint8Array);
    if (key.length !== 32) throw new Error("parts.credentialKey must be 32 bytes");
    return key;
  }
  if (platform.mode === "production") {
    throw problem("unavailable", "No credential key is configured, so no secret can be stored.");
  }
  let key = testModeKeys.get(platform);
  if (!key) {
    key = randomBytes(32);
    testModeKeys.set(platform, key);
  }
  return key;
}

/**
 * AES-256-GCM with a fresh 96-bit nonce; `context` (e.g. the row's id) is authenticated data, so a
 * sealed value copied to another row does not open.
 */
export function sealSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    version,
    iv.toString("base64"),
    cipher.getAuthTag().toString("base64"),
    sealed.toString("base64"),
  ].join(".");
}

export function openSecret(key: Buffer, sealed: string, context: string): string {
  const [tag, iv, authTag, body] = sealed.split(".");
  if (tag !== version || !iv || !authTag || body === undefined) throw new Error("not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(authTag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}
