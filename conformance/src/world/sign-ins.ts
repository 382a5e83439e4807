import { createHash, generateKeyPairSync, type JsonWebKey, randomUUID, sign } from "node:crypto";
import type { PrivacyClient } from "@crmfactory/sdk";
import { uniqueSuffix } from "./clocked-tenant.js";

/**
 * A passkey authenticator: a P-256 key pair whose public half is registered with `registerPasskey`,
 * and the WebAuthn assertions it signs over a sign-in challenge (for the challenge's relying party).
 */
export function createAuthenticator() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { x, y } = publicKey.export({ format: "jwk" }) as JsonWebKey;
  const credentialId = `cred${uniqueSuffix()}${uniqueSuffix()}`;
  return {
    credentialId,
    publicKeyJwk: { kty: "EC" as const, crv: "P-256" as const, x: x as string, y: y as string },
    assert(challenge: string, rpId: string) {
      const clientData = Buffer.from(
        JSON.stringify({ type: "webauthn.get", challenge, origin: `https://${rpId}` }),
      );
      // rpIdHash, flags (user present), a zero signature counter.
      const authenticatorData = Buffer.concat([
        createHash("sha256").update(rpId).digest(),
        Buffer.from([1]),
        Buffer.alloc(4),
      ]);
      const signed = Buffer.concat([authenticatorData, createHash("sha256").update(clientData).digest()]);
      return {
        credentialId,
        authenticatorData: authenticatorData.toString("base64url"),
        clientDataJSON: clientData.toString("base64url"),
        signature: sign("sha256", signed, { key: privateKey, dsaEncoding: "der" }).toString("base64url"),
      };
    },
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;

/** A tenant's identity provider: an ES256 key whose JWKS the tenant registers with `configureSso`. */
export function createIdentityProvider() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = `kid-${uniqueSuffix()}`;
  const { x, y } = publicKey.export({ format: "jwk" }) as JsonWebKey;
  const issuer = `https://idp-${uniqueSuffix()}.conformance.example`;
  const audience = `crmfactory-conformance-${uniqueSuffix()}`;
  return {
    issuer,
    audience,
    kid,
    jwks: {
      keys: [
        {
          kty: "EC" as const,
          crv: "P-256" as const,
          x: x as string,
          y: y as string,
          kid,
          alg: "ES256" as const,
          use: "sig" as const,
        },
      ],
    },
    /** An SSO token for `email`, issued at `at` (the tenant's clock) and valid two minutes. */
    token(email: string, at: Date) {
      const iat = Math.floor(at.getTime() / 1000);
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const input = `${encode({ alg: "ES256", kid, typ: "JWT" })}.${encode({ iss: issuer, aud: audience, email, iat, exp: iat + 120, jti: randomUUID() })}`;
      const signature = sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
      return `${input}.${signature.toString("base64url")}`;
    },
  };
}

export type IdentityProvider = ReturnType<typeof createIdentityProvider>;

/** Signs in with a passkey: a challenge for the tenant, then the authenticator's assertion over it. */
export async function signInWithPasskey(
  anonymous: PrivacyClient,
  tenantId: string,
  authenticator: Authenticator,
) {
  const challenge = await anonymous.sessions.createChallenge({ tenantId });
  return anonymous.sessions.create({
    method: "passkey",
    challengeId: challenge.id,
    ...authenticator.assert(challenge.challenge, challenge.rpId),
  });
}

/** Signs in with an SSO token of the tenant's identity provider, issued at the tenant's `now`. */
export function signInWithSso(
  anonymous: PrivacyClient,
  tenantId: string,
  idp: IdentityProvider,
  email: string,
  now: Date,
) {
  return anonymous.sessions.create({ method: "sso", tenantId, ssoToken: idp.token(email, now) });
}
