import { constants, createPublicKey, verify } from "node:crypto";

/**
 * NetSuite's OAuth 2.0 client credentials (M2M) flow: the application posts `grant_type=client_credentials`
 * with `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer` and a JWT signed with
 * the private part of the certificate mapped to the integration record.
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_162755359851.html (the request)
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_162790605110.html (the JWT)
 * Header: `typ` JWT, `alg` one of PS256/PS384/PS512/ES256/ES384/ES512, `kid` the mapping's certificate id.
 * Payload: `iss` the integration's client id, `scope` (restlets, rest_webservices, suite_analytics; an array
 * or comma-separated), `aud` the account's token endpoint, `iat`, and `exp` less than 60 minutes after `iat`.
 */
export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** The certificate mapping made in NetSuite (Setup > Integration > OAuth 2.0 Client Credentials (M2M) Setup). */
export interface NetSuiteM2MMapping {
  /** The Certificate ID NetSuite generated for the mapping: the JWT's `kid`. */
  readonly certificateId: string;
  /** The public part uploaded to NetSuite, a PEM certificate or public key. */
  readonly publicKey: string;
}

const algorithms: Record<string, { hash: string; pss: boolean }> = {
  PS256: { hash: "sha256", pss: true },
  PS384: { hash: "sha384", pss: true },
  PS512: { hash: "sha512", pss: true },
  ES256: { hash: "sha256", pss: false },
  ES384: { hash: "sha384", pss: false },
  ES512: { hash: "sha512", pss: false },
};
const scopes = new Set(["restlets", "rest_webservices", "suite_analytics"]);
const maxLifetimeSeconds = 60 * 60;
// Allowed drift between the client's clock and NetSuite's for `iat`.
const clockSkewSeconds = 60;

export type AssertionCheck =
  | { ok: true }
  | { ok: false; error: "invalid_request" | "invalid_client" | "invalid_grant" };

function part(segment: string | undefined): Record<string, unknown> | undefined {
  if (!segment) return undefined;
  try {
    const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as unknown;
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Checks a client assertion against the integration's client id, its mappings and the token endpoint. */
export function checkClientAssertion(
  assertion: string,
  expected: { clientId: string; mappings: readonly NetSuiteM2MMapping[]; audience: string; now: Date },
): AssertionCheck {
  const [headerPart, payloadPart, signaturePart, extra] = assertion.split(".");
  const header = part(headerPart);
  const payload = part(payloadPart);
  if (!header || !payload || !signaturePart || extra !== undefined)
    return { ok: false, error: "invalid_request" };
  const algorithm = algorithms[String(header.alg)];
  if (header.typ !== "JWT" || !algorithm) return { ok: false, error: "invalid_request" };
  const mapping = expected.mappings.find((m) => m.certificateId === header.kid);
  if (!mapping || payload.iss !== expected.clientId) return { ok: false, error: "invalid_client" };
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, "base64url");
  const publicKey = createPublicKey(mapping.publicKey);
  const valid = algorithm.pss
    ? verify(algorithm.hash, signed, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING }, signature)
    : verify(algorithm.hash, signed, { key: publicKey, dsaEncoding: "ieee-p1363" }, signature);
  if (!valid) return { ok: false, error: "invalid_client" };
  const requested = Array.isArray(payload.scope)
    ? payload.scope.map(String)
    : String(payload.scope ?? "")
        .split(",")
        .map((s) => s.trim());
  if (requested.length === 0 || requested.some((scope) => !scopes.has(scope)))
    return { ok: false, error: "invalid_request" };
  if (payload.aud !== expected.audience) return { ok: false, error: "invalid_grant" };
  const now = Math.floor(expected.now.getTime() / 1000);
  const { iat, exp } = payload;
  if (typeof iat !== "number" || typeof exp !== "number") return { ok: false, error: "invalid_request" };
  if (iat > now + clockSkewSeconds || exp <= now || exp - iat >= maxLifetimeSeconds)
    return { ok: false, error: "invalid_grant" };
  return { ok: true };
}

/** The scopes an assertion asked for (`rest_webservices` is what the record service needs). */
export function assertedScopes(assertion: string): string[] {
  const payload = part(assertion.split(".")[1]);
  const scope = payload?.scope;
  return Array.isArray(scope)
    ? scope.map(String)
    : String(scope ?? "")
        .split(",")
        .map((s) => s.trim());
}
