import {
  createHash,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
  randomUUID,
  sign,
} from "node:crypto";
import type { PrivacyClient } from "@crmfactory/sdk";
import { relyingPartyId } from "../platform/signatures.js";
import type { TestReference } from "./boot.js";

/** A tenant's identity provider for tests: an ES256 key whose public half the tenant registers. */
export function createIdentityProvider(issuer = "https://idp.acme.example") {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = randomUUID();
  const { x, y } = publicKey.export({ format: "jwk" }) as JsonWebKey;
  const jwk = {
    kty: "EC" as const,
    crv: "P-256" as const,
    x: x as string,
    y: y as string,
    kid,
    alg: "ES256" as const,
    use: "sig" as const,
  };
  return {
    issuer,
    jwks: { keys: [jwk] },
    /** A signed SSO token for `email`; `claims` override the defaults (to test refusals). */
    token(email: string, claims: Record<string, unknown> = {}, at = new Date(), key: KeyObject = privateKey) {
      const iat = Math.floor(at.getTime() / 1000);
      const header = { alg: "ES256", kid, typ: "JWT" };
      const payload = { iss: issuer, email, iat, exp: iat + 120, jti: randomUUID(), ...claims };
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const signingInput = `${encode(header)}.${encode(payload)}`;
      const signature = sign("sha256", Buffer.from(signingInput), { key, dsaEncoding: "ieee-p1363" });
      return `${signingInput}.${signature.toString("base64url")}`;
    },
  };
}

/** A passkey authenticator for tests: a P-256 key pair and the WebAuthn assertions it signs. */
export function createAuthenticator() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { kty, crv, x, y } = publicKey.export({ format: "jwk" }) as JsonWebKey;
  const credentialId = randomBytes(16).toString("base64url");
  return {
    credentialId,
    publicKeyJwk: { kty: kty as "EC", crv: crv as "P-256", x: x as string, y: y as string },
    /** An assertion over `challenge`; `tamper` breaks one part of it. */
    assert(
      challenge: string,
      options: { rpId?: string; type?: string; userPresent?: boolean; key?: KeyObject } = {},
    ) {
      const clientData = Buffer.from(
        JSON.stringify({
          type: options.type ?? "webauthn.get",
          challenge,
          origin: `https://${relyingPartyId}`,
        }),
      );
      const rpIdHash = createHash("sha256")
        .update(options.rpId ?? relyingPartyId)
        .digest();
      const authenticatorData = Buffer.concat([
        rpIdHash,
        Buffer.from([options.userPresent === false ? 0 : 1]),
        Buffer.alloc(4),
      ]);
      const signed = Buffer.concat([authenticatorData, createHash("sha256").update(clientData).digest()]);
      const signature = sign("sha256", signed, { key: options.key ?? privateKey, dsaEncoding: "der" });
      return {
        credentialId,
        authenticatorData: authenticatorData.toString("base64url"),
        clientDataJSON: clientData.toString("base64url"),
        signature: signature.toString("base64url"),
      };
    },
  };
}

/**
 * Adds a user of `role` to the owner's tenant and signs them in with SSO (configuring the tenant's
 * identity provider on first use). Answers the user, their session and their client.
 */
export async function signInAs(
  reference: TestReference,
  owner: { client: PrivacyClient; tenant: { id: string } },
  role: string,
) {
  const idp = createIdentityProvider();
  await owner.client.tenant.configureSso({
    issuer: idp.issuer,
    audience: "crmfactory-tests",
    jwks: idp.jwks,
  });
  const suffix = randomBytes(4).toString("hex");
  const user = await owner.client.users.create({
    name: `User ${suffix}`,
    email: `user.${suffix}@acme.example`,
    role: role as "viewer",
    birthDate: "1985-05-05",
  });
  const clock = await currentTime(reference, owner.tenant.id);
  const session = await reference.client(null).sessions.create({
    method: "sso",
    tenantId: owner.tenant.id,
    ssoToken: idp.token(user.email, { aud: "crmfactory-tests" }, clock),
  });
  return { user, session, client: reference.client(session.token) };
}

/** The tenant's "now": its test clock's time, or the wall clock. */
async function currentTime(reference: TestReference, tenantId: string): Promise<Date> {
  const [row] = await reference.platform.database.transaction((tx) =>
    tx.query<{ frozen_time: Date | null }>(
      "SELECT c.frozen_time FROM catalog.tenants t LEFT JOIN catalog.test_clocks c ON c.id = t.test_clock_id WHERE t.id = $1",
      [tenantId],
    ),
  );
  return row?.frozen_time ?? reference.platform.clock.now();
}
