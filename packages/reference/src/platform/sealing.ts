import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/** AES-256-GCM for values kept at rest that must be read back (stored responses holding tokens, credentials). */
export interface Sealer {
  /** Whether the key was configured (else a random key for this process, lost with it). */
  readonly keyConfigured: boolean;
  /** `context` (e.g. the row's id) is authenticated data: a value copied to another row does not open. */
  seal(plaintext: string, context?: string): string;
  /** The plaintext, or `undefined` when the value was sealed with another key or context, or altered. */
  open(sealed: string, context?: string): string | undefined;
  /**
   * HMAC-SHA256 of `value` under a key derived (HKDF) from the secret key for `purpose`: the same value
   * gives the same hex digest for the deployment's key, and nothing of the value can be read back.
   */
  keyedHash(purpose: string, value: string): string;
}

/** A sealer with a 32-byte key (hex or base64); a random key for this process when none is given. */
export function createSealer(key?: string): Sealer {
  const bytes = key ? decodeKey(key) : randomBytes(32);
  const derived = new Map<string, Buffer>();
  const keyFor = (purpose: string) => {
    let k = derived.get(purpose);
    if (!k) {
      k = Buffer.from(hkdfSync("sha256", bytes, Buffer.alloc(0), `crmfactory-keyed-hash:${purpose}`, 32));
      derived.set(purpose, k);
    }
    return k;
  };
  return {
    keyConfigured: key !== undefined,
    seal(plaintext, context = "") {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", bytes, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    },
    open(sealed, context = "") {
      if (!sealed.startsWith("v1.")) return undefined;
      try {
        const raw = Buffer.from(sealed.slice(3), "base64url");
        const decipher = createDecipheriv("aes-256-gcm", bytes, raw.subarray(0, 12));
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
      } catch {
        return undefined;
      }
    },
    keyedHash(purpose, value) {
      return createHmac("sha256", keyFor(purpose)).update(value, "utf8").digest("hex");
    },
  };
}

function decodeKey(key: string): Buffer {
  const bytes = /^[0-9a-f]{64}$/i.test(key) ? Buffer.from(key, "hex") : Buffer.from(key, "base64");
  if (bytes.length !== 32) throw new Error("the secret key must be 32 bytes, as 64 hex digits or base64");
  return bytes;
}
