import { constants, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { testClock, useFakes } from "../test-support/harness.js";
import { JWT_BEARER } from "./netsuite-m2m.js";

const clock = testClock();
const { fakes, loopback } = useFakes({ clock: clock.now });
const NS = "https://7654321.suitetalk.api.netsuite.com";
const TOKEN_PATH = "/services/rest/auth/oauth2/v1/token";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const pem = (key: KeyObject) => key.export({ type: "spki", format: "pem" }).toString();

function assertion(
  privateKey: KeyObject,
  alg: "PS256" | "ES256",
  overrides: { kid?: string; payload?: Record<string, unknown> } = {},
): string {
  const iat = Math.floor(clock.now().getTime() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = encode({
    typ: "JWT",
    alg,
    kid: overrides.kid ?? (alg === "PS256" ? "cert-rsa" : "cert-ec"),
  });
  const payload = encode({
    iss: "ns-m2m-client",
    scope: ["restlets", "rest_webservices"],
    aud: `${NS}${TOKEN_PATH}`,
    iat,
    exp: iat + 3000,
    ...overrides.payload,
  });
  const input = Buffer.from(`${header}.${payload}`);
  const signature =
    alg === "PS256"
      ? sign("sha256", input, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : sign("sha256", input, { key: privateKey, dsaEncoding: "ieee-p1363" });
  return `${header}.${payload}.${signature.toString("base64url")}`;
}

describe.each(["msw", "loopback"] as const)(
  "NetSuite's client credentials (M2M) grant through %s",
  (mode) => {
    const at = (url: string) => (mode === "msw" ? url : loopback().urlFor(url));
    const seed = () =>
      fakes.integrations.netsuite.seed({
        instanceUrl: NS,
        clientId: "ns-m2m-client",
        clientSecret: "unused-by-m2m",
        refreshToken: "refresh-m2m",
        m2m: [
          { certificateId: "cert-rsa", publicKey: pem(rsa.publicKey) },
          { certificateId: "cert-ec", publicKey: pem(ec.publicKey) },
        ],
        customers: [{ entityId: "Ada Lovelace", email: "ada@example.com" }],
      });
    const grant = (clientAssertion: string, type = JWT_BEARER) =>
      fetch(at(`${NS}${TOKEN_PATH}`), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_assertion_type: type,
          client_assertion: clientAssertion,
        }).toString(),
      });

    it("issues a bearer token for a JWT signed with a mapped certificate (PS256 and ES256), no refresh token", async () => {
      seed();
      for (const [key, alg] of [
        [rsa.privateKey, "PS256"],
        [ec.privateKey, "ES256"],
      ] as const) {
        const response = await grant(assertion(key, alg));
        expect(response.status).toBe(200);
        const token = await response.json();
        expect(token).toMatchObject({ expires_in: "3600", token_type: "bearer" });
        expect(token.refresh_token).toBeUndefined();
        const customers = await fetch(at(`${NS}/services/rest/record/v1/customer`), {
          headers: { authorization: `Bearer ${token.access_token}` },
        });
        expect(customers.status).toBe(200);
        expect((await customers.json()).count).toBe(1);
      }
    });

    it("refuses an unmapped certificate, a bad signature, another audience, a long lifetime and a missing assertion type", async () => {
      seed();
      const refused = async (clientAssertion: string, type?: string) => {
        const response = await grant(clientAssertion, type);
        return [response.status, (await response.json()).error];
      };
      expect(await refused(assertion(rsa.privateKey, "PS256", { kid: "cert-revoked" }))).toEqual([
        401,
        "invalid_client",
      ]);
      // Signed with the EC key but naming the RSA certificate.
      const forged = assertion(ec.privateKey, "ES256", { kid: "cert-rsa" }).replace(/^[^.]+/, () =>
        Buffer.from(JSON.stringify({ typ: "JWT", alg: "PS256", kid: "cert-rsa" })).toString("base64url"),
      );
      expect(await refused(forged)).toEqual([401, "invalid_client"]);
      expect(await refused(assertion(rsa.privateKey, "PS256", { payload: { iss: "someone-else" } }))).toEqual(
        [401, "invalid_client"],
      );
      expect(
        await refused(
          assertion(rsa.privateKey, "PS256", { payload: { aud: "https://1.suitetalk.api.netsuite.com" } }),
        ),
      ).toEqual([400, "invalid_grant"]);
      const iat = Math.floor(clock.now().getTime() / 1000);
      expect(
        await refused(assertion(rsa.privateKey, "PS256", { payload: { iat, exp: iat + 3600 } })),
      ).toEqual([400, "invalid_grant"]);
      expect(
        await refused(assertion(rsa.privateKey, "PS256", { payload: { iat: iat - 7200, exp: iat - 60 } })),
      ).toEqual([400, "invalid_grant"]);
      expect(
        await refused(assertion(rsa.privateKey, "PS256", { payload: { scope: ["everything"] } })),
      ).toEqual([400, "invalid_request"]);
      expect(await refused(assertion(rsa.privateKey, "PS256"), "client_secret")).toEqual([
        400,
        "invalid_request",
      ]);
      expect(await refused("not.a.jwt")).toEqual([400, "invalid_request"]);
    });

    it("answers a restlets-only token that the REST record service does not take", async () => {
      seed();
      const response = await grant(assertion(ec.privateKey, "ES256", { payload: { scope: "restlets" } }));
      expect(response.status).toBe(200);
      const { access_token } = await response.json();
      const customers = await fetch(at(`${NS}/services/rest/record/v1/customer`), {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(customers.status).toBe(401);
    });
  },
);
