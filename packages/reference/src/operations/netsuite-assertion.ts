import { constants, createPrivateKey, type KeyObject, sign } from "node:crypto";

/**
 * NetSuite's OAuth 2.0 client credentials (M2M) grant signs a JWT with the private part of the
 * certificate mapped to the integration record; NetSuite takes no client secret there.
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_162790605110.html
 *
 * The contract's client credentials carry `clientId` and `clientSecret` only, so for NetSuite the
 * secret holds the mapping's certificate id, a colon, then the certificate's private key in PEM
 * (PKCS#8, RSA or EC P-256/P-384/P-521): `<certificate id>:-----BEGIN PRIVATE KEY-----...`.
 */
export interface NetSuiteM2MKey {
  certificateId: string;
  privateKey: KeyObject;
  alg: "PS256" | "ES256" | "ES384" | "ES512";
}

const curves: Record<string, NetSuiteM2MKey["alg"]> = {
  prime256v1: "ES256",
  secp384r1: "ES384",
  secp521r1: "ES512",
};
const hashes: Record<NetSuiteM2MKey["alg"], string> = {
  PS256: "sha256",
  ES256: "sha256",
  ES384: "sha384",
  ES512: "sha512",
};
// Well under NetSuite's bound of 60 minutes between `iat` and `exp`: the assertion is used at once.
const assertionLifetimeSeconds = 300;

/** The certificate id and private key a NetSuite client secret holds, or `null` when it holds none. */
export function netsuiteM2MKey(secret: string): NetSuiteM2MKey | null {
  const begin = secret.indexOf("-----BEGIN");
  const colon = secret.lastIndexOf(":", begin);
  if (begin < 0 || colon <= 0) return null;
  const certificateId = secret.slice(0, colon).trim();
  if (!certificateId) return null;
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(secret.slice(begin));
  } catch {
    return null;
  }
  const type = privateKey.asymmetricKeyType;
  if (type === "rsa" || type === "rsa-pss") return { certificateId, privateKey, alg: "PS256" };
  const curve = type === "ec" ? curves[privateKey.asymmetricKeyDetails?.namedCurve ?? ""] : undefined;
  return curve ? { certificateId, privateKey, alg: curve } : null;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The signed `client_assertion` for the token endpoint `audience`, issued at `now` (the wall clock). */
export function netsuiteClientAssertion(
  key: NetSuiteM2MKey,
  input: { clientId: string; audience: string; now: Date },
): string {
  const iat = Math.floor(input.now.getTime() / 1000);
  const header = encode({ typ: "JWT", alg: key.alg, kid: key.certificateId });
  // The REST record service is all a sync reads.
  const payload = encode({
    iss: input.clientId,
    scope: ["rest_webservices"],
    aud: input.audience,
    iat,
    exp: iat + assertionLifetimeSeconds,
  });
  const signed = Buffer.from(`${header}.${payload}`);
  const hash = hashes[key.alg];
  const signature =
    key.alg === "PS256"
      ? sign(hash, signed, {
          key: key.privateKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        })
      : sign(hash, signed, { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return `${header}.${payload}.${signature.toString("base64url")}`;
}
