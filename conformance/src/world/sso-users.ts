import { generateKeyPairSync, type JsonWebKey, randomUUID, sign } from "node:crypto";
import type { PrivacyClient, ResponseBody } from "@crmfactory/sdk";
import type { PropertyContext } from "../harness/property.js";
import { type ClockedTenant, uniqueSuffix } from "./clocked-tenant.js";

export type TenantUser = ResponseBody<"createUser">;

/** A user of a tenant signed in through the API: the user, their client and token. */
export interface SignedInUser {
  readonly user: TenantUser;
  /** The client of the first session. */
  readonly client: PrivacyClient;
  readonly token: string;
  /**
   * A client of a new session, signed in now on the tenant's clock: sessions expire (the
   * implementation's `limits.sessionLifetime`), and a property's clock runs past them.
   */
  signIn(): Promise<PrivacyClient>;
}

/**
 * The suite's own identity provider for a tenant (an ES256 key whose public half the tenant registers
 * with `configureSso`): the only way the contract offers to sign a second user in without a browser.
 */
interface IdentityProvider {
  readonly issuer: string;
  readonly audience: string;
  token(email: string, at: Date): string;
}

function createIdentityProvider(): IdentityProvider & { jwks: { keys: unknown[] } } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = randomUUID();
  const { x, y } = publicKey.export({ format: "jwk" }) as JsonWebKey;
  const issuer = "https://idp.conformance.example";
  const audience = "crmfactory-conformance";
  return {
    issuer,
    audience,
    jwks: { keys: [{ kty: "EC", crv: "P-256", x, y, kid, alg: "ES256", use: "sig" }] },
    token(email, at) {
      const iat = Math.floor(at.getTime() / 1000);
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const input = `${encode({ alg: "ES256", kid, typ: "JWT" })}.${encode({
        iss: issuer,
        aud: audience,
        email,
        iat,
        exp: iat + 120,
        jti: randomUUID(),
      })}`;
      const signature = sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
      return `${input}.${signature.toString("base64url")}`;
    },
  };
}

const providers = new WeakMap<ClockedTenant, IdentityProvider>();

async function providerFor(tenant: ClockedTenant): Promise<IdentityProvider> {
  const known = providers.get(tenant);
  if (known) return known;
  const provider = createIdentityProvider();
  await tenant.owner.tenant.configureSso({
    issuer: provider.issuer,
    audience: provider.audience,
    jwks: provider.jwks as never,
  });
  providers.set(tenant, provider);
  return provider;
}

/** Adds a user of `role` to the tenant (faker-generated person) and signs them in with SSO. */
export async function signInNewUser(
  context: PropertyContext,
  tenant: ClockedTenant,
  role: string,
): Promise<SignedInUser> {
  const provider = await providerFor(tenant);
  const { faker } = context;
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const user = await tenant.owner.users.create({
    name: `${firstName} ${lastName}`,
    email: faker.internet
      .email({ firstName, lastName, provider: "conformance.example", allowSpecialCharacters: false })
      .replace("@", `.${uniqueSuffix()}@`),
    role: role as TenantUser["role"],
    birthDate: faker.date
      .birthdate({ mode: "age", min: 20, max: 70, refDate: tenant.now() })
      .toISOString()
      .slice(0, 10),
  });
  const signIn = async () => {
    const session = await context.target.client(null).sessions.create({
      method: "sso",
      tenantId: tenant.tenantId,
      ssoToken: provider.token(user.email, tenant.now()),
    });
    return { client: context.target.client(session.token), token: session.token };
  };
  const first = await signIn();
  return { user, ...first, signIn: async () => (await signIn()).client };
}
