import { createHash, createPublicKey, type JsonWebKey, verify } from "node:crypto";

/** The WebAuthn relying party id whose SHA-256 starts every `authenticatorData` this reference accepts. */
export const relyingPartyId = "crmfactory.ai";

export function sha256(data: Uint8Array | string): Buffer {
  return createHash("sha256").update(data).digest();
}

export interface PasskeyAssertion {
  authenticatorData: string;
  clientDataJSON: string;
  signature: string;
}

/**
 * Checks a WebAuthn assertion (Level 2): client data of type `webauthn.get` for `challenge`, the
 * relying party's hash and the user-present flag in the authenticator data, and an ES256 (DER)
 * signature by `publicKeyJwk` over `authenticatorData || SHA-256(clientDataJSON)`.
 */
export function verifyPasskeyAssertion(
  assertion: PasskeyAssertion,
  challenge: string,
  publicKeyJwk: JsonWebKey,
): boolean {
  try {
    const clientDataBytes = Buffer.from(assertion.clientDataJSON, "base64url");
    const clientData = JSON.parse(clientDataBytes.toString("utf8")) as {
      type?: unknown;
      challenge?: unknown;
    };
    if (clientData.type !== "webauthn.get" || clientData.challenge !== challenge) return false;
    const authenticatorData = Buffer.from(assertion.authenticatorData, "base64url");
    if (authenticatorData.length < 37) return false;
    if (!authenticatorData.subarray(0, 32).equals(sha256(relyingPartyId))) return false;
    const flags = authenticatorData[32] ?? 0;
    if ((flags & 0x01) === 0) return false;
    const key = createPublicKey({ key: publicKeyJwk, format: "jwk" });
    const signed = Buffer.concat([authenticatorData, sha256(clientDataBytes)]);
    return verify(
      "sha256",
      signed,
      { key, dsaEncoding: "der" },
      Buffer.from(assertion.signature, "base64url"),
    );
  } catch {
    return false;
  }
}

export interface JwtClaims {
  iss?: unknown;
  aud?: unknown;
  email?: unknown;
  iat?: unknown;
  exp?: unknown;
  jti?: unknown;
}

/**
 * Verifies a compact JWS (ES256 or RS256) against a key set and answers its claims, or `undefined` for
 * any failure (bad shape, unknown key, wrong algorithm, bad signature).
 */
export function verifyJws(token: string, keys: readonly JsonWebKey[]): JwtClaims | undefined {
  try {
    const [headerPart, payloadPart, signaturePart] = token.split(".") as [string, string, string];
    const header = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8")) as {
      alg?: unknown;
      kid?: unknown;
    };
    if (header.alg !== "ES256" && header.alg !== "RS256") return undefined;
    const wantedType = header.alg === "ES256" ? "EC" : "RSA";
    const candidates = keys.filter(
      (key) =>
        key.kty === wantedType &&
        (key.alg === undefined || key.alg === header.alg) &&
        (header.kid === undefined || key.kid === header.kid),
    );
    const signed = Buffer.from(`${headerPart}.${payloadPart}`, "utf8");
    const signature = Buffer.from(signaturePart, "base64url");
    for (const jwk of candidates) {
      const key = createPublicKey({ key: jwk, format: "jwk" });
      const ok =
        header.alg === "ES256"
          ? verify("sha256", signed, { key, dsaEncoding: "ieee-p1363" }, signature)
          : verify("sha256", signed, key, signature);
      if (ok) return JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8")) as JwtClaims;
    }
    return undefined;
  } catch {
    return undefined;
  }
}
