import { randomBytes } from "node:crypto";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { emitCallbackEvent } from "../operations/callback-delivery.js";
import { baseUrl, bootReference, type Driver, operatorToken, signUp, type TestReference } from "./boot.js";
import { schemaOf } from "./digest.js";
import { createAuthenticator, createIdentityProvider } from "./identity.js";
import { type PrivacyIds, privacyResources } from "./privacy-fixtures.js";

/**
 * A reference wired to every subprocessor fake (payments, messaging, email, file storage, integration
 * sources), and two tenants holding one of each resource, so that a valid request of any served
 * operation can be built from real ids (`operation-fixtures.ts`) and the other tenant's ids are at hand.
 */
export interface FixtureWorld {
  reference: TestReference;
  fakes: ReturnType<typeof createSubprocessorFakes>;
  a: TenantFixture;
  b: TenantFixture;
  /** A test clock, and a tenant signed up on it (for the operator's inventory). */
  testClockId: string;
  clockTenantId: string;
  /** Raw JSON call, answering the status and parsed body; throws unless the status is 2xx. */
  // biome-ignore lint/suspicious/noExplicitAny: the JSON answer of any operation, read member by member.
  call(token: string | null, method: string, path: string, body?: unknown): Promise<any>;
  /** Every call the reference made to a subprocessor (method, host and path), in order. */
  outbound: readonly string[];
  /** Awaits the reference's background work (schema pool, after-commit tasks), so digests are stable. */
  settle(): Promise<void>;
  signUpTenant(): Promise<{ tenantId: string; token: string; ownerId: string; companyName: string }>;
  salesforce(): Promise<{ baseUrl: string; accessToken: string }>;
  ssoSession(tenant: TenantFixture): Promise<{ id: string; token: string }>;
  contact(tenant: TenantFixture): Promise<string>;
}

/** A tenant of the fixture world, with one of each resource (the privacy ones from `privacy-fixtures.ts`). */
export interface TenantFixture extends PrivacyIds {
  tenantId: string;
  companyName: string;
  token: string;
  ownerId: string;
  ownerEmail: string;
  idp: ReturnType<typeof createIdentityProvider>;
  userId: string;
  contactId: string;
  crmObjectId: string;
  messageId: string;
  callId: string;
  marketingMessageId: string;
  integrationId: string;
  invoiceId: string;
  endpointId: string;
  deliveryId: string;
  sessionId: string;
  passkeyId: string;
  /** A notice of another tenant than the request's, once a notices fixture has made one. */
  noticeId?: string;
}

export const ssoAudience = "crmfactory-fixtures";

export function png(label: string): Uint8Array {
  return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.from(label)]);
}

export function callbackSecret(): string {
  return `whsec_${randomBytes(24).toString("hex")}`;
}

export async function createFixtureWorld(driver: Driver): Promise<FixtureWorld> {
  const fakes = createSubprocessorFakes({ seed: `fixture-world-${driver}` });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  fakes.twilio.addAccount(accountSid, "twilio-auth-token");
  const outbound: string[] = [];
  const storeId = `fixtures${randomBytes(6).toString("hex")}`;
  const reference = await bootReference(driver, {
    fetch: (request) => {
      outbound.push(`${request.method} ${new URL(request.url).host}${new URL(request.url).pathname}`);
      return fakes.fetch(request);
    },
    parts: {
      credentials: {
        stripe: `sk_test_fixtures${randomBytes(6).toString("hex")}`,
        vercel: `vercel_blob_rw_${storeId}_secret`,
      },
      messaging: {
        twilio: { accountSid, authToken: "twilio-auth-token", from: "+14155550100" },
        resend: { apiKey: "re_test_fixture_world", from: "crm@acme.example" },
      },
    },
  });
  // Every background task is tracked, so a digest is never taken while one still writes.
  const pending = new Set<Promise<unknown>>();
  const background = reference.platform.background.bind(reference.platform);
  reference.platform.background = (task) => {
    const tracked = task.catch(() => undefined);
    pending.add(tracked);
    void tracked.finally(() => pending.delete(tracked));
    background(task);
  };
  const settle = async () => {
    while (pending.size > 0) await Promise.all([...pending]);
    await reference.platform.schemas.fillPool();
  };

  const call = async (token: string | null, method: string, path: string, body?: unknown) => {
    const response = await reference.checkedFetch(
      new Request(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  const salesforce = async () => {
    const instanceUrl = `https://acme-${randomBytes(4).toString("hex")}.my.salesforce.com`;
    fakes.integrations.salesforce.seed({
      instanceUrl,
      clientId: "cid",
      clientSecret: "client-secret",
      accounts: [{ Name: "Acme Corp" }],
      contacts: [{ FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com" }],
      leads: [],
    });
    const answer = await fakes.fetch(`${instanceUrl}/services/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "cid",
        client_secret: "client-secret",
      }).toString(),
    });
    const { access_token } = (await answer.json()) as { access_token: string };
    return { baseUrl: instanceUrl, accessToken: access_token };
  };

  const signUpTenant = async () => {
    const signedUp = await signUp(reference);
    return {
      tenantId: signedUp.tenant.id,
      token: signedUp.session.token,
      ownerId: signedUp.owner.id,
      companyName: signedUp.tenant.companyName,
    };
  };

  const ssoSession = async (tenant: TenantFixture) => {
    await call(tenant.token, "PUT", "/tenant/sso", {
      issuer: tenant.idp.issuer,
      audience: ssoAudience,
      jwks: tenant.idp.jwks,
    });
    const session = await call(null, "POST", "/sessions", {
      method: "sso",
      tenantId: tenant.tenantId,
      ssoToken: tenant.idp.token(tenant.ownerEmail, { aud: ssoAudience }, reference.platform.clock.now()),
    });
    return { id: session.session.id as string, token: session.token as string };
  };

  const contact = async (tenant: { token: string }) => {
    const suffix = randomBytes(3).toString("hex");
    const created = await call(tenant.token, "POST", "/contacts", {
      name: `Grace ${suffix}`,
      email: `grace.${suffix}@navy.example`,
      phone: "+14155550123",
      consent: { marketingEmail: true, marketingSms: true },
    });
    return created.id as string;
  };

  const tenantFixture = async (): Promise<TenantFixture> => {
    const signedUp = await signUp(reference);
    const token = signedUp.session.token;
    const partial = {
      tenantId: signedUp.tenant.id,
      companyName: signedUp.tenant.companyName,
      token,
      ownerId: signedUp.owner.id,
      ownerEmail: signedUp.owner.email,
      idp: createIdentityProvider(`https://idp-${randomBytes(3).toString("hex")}.acme.example`),
    } as TenantFixture;
    const session = await ssoSession(partial);
    partial.sessionId = session.id;
    const suffix = randomBytes(3).toString("hex");
    partial.userId = (
      await call(token, "POST", "/users", {
        name: `User ${suffix}`,
        email: `user.${suffix}@acme.example`,
        role: "viewer",
        birthDate: "1985-05-05",
      })
    ).id;
    partial.contactId = await contact(partial);
    partial.crmObjectId = (
      await call(token, "POST", "/crm-objects", { type: "deal", contactIds: [partial.contactId] })
    ).id;
    partial.messageId = (
      await call(token, "POST", "/messages", { contactId: partial.contactId, channel: "sms", body: "Hi" })
    ).id;
    partial.callId = (
      await call(token, "POST", "/calls", { contactId: partial.contactId, kind: "call", durationSeconds: 60 })
    ).id;
    partial.marketingMessageId = (
      await call(token, "POST", "/marketing-messages", {
        channel: "email",
        contactIds: [partial.contactId],
        subject: "Offer",
        body: "Hello",
      })
    ).id;
    partial.integrationId = (
      await call(token, "POST", "/integrations", { provider: "salesforce", credentials: await salesforce() })
    ).id;
    partial.invoiceId = (
      await call(token, "POST", "/invoices", {
        description: "Consulting",
        amount: { amount: 100, currency: "usd" },
      })
    ).id;
    partial.endpointId = (
      await call(token, "POST", "/callback-endpoints", {
        url: `https://hooks-${suffix}.acme.example/crmfactory`,
        events: ["export.ready"],
        secret: callbackSecret(),
      })
    ).id;
    const schema = await schemaOf(reference, partial.tenantId);
    const emitted = await reference.platform.database.transaction(
      (tx) =>
        emitCallbackEvent(
          tx,
          { tenantId: partial.tenantId, now: reference.platform.clock.now(), jobs: reference.platform.jobs },
          {
            type: "export.ready",
            data: { object: "export", id: crypto.randomUUID(), status: "ready", rightsRequestId: null },
          },
        ),
      { searchPath: [schema, "catalog"] },
    );
    partial.deliveryId = emitted.deliveryIds[0] as string;
    const authenticator = createAuthenticator();
    partial.passkeyId = (
      await call(token, "POST", "/passkeys", {
        credentialId: authenticator.credentialId,
        publicKeyJwk: authenticator.publicKeyJwk,
      })
    ).id;
    const photo = await reference.checkedFetch(
      new Request(`${baseUrl}/users/${partial.ownerId}/profile-photo`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "image/png" },
        body: png("owner photo") as Uint8Array<ArrayBuffer>,
      }),
    );
    if (photo.status !== 200) throw new Error(`photo upload -> ${photo.status} ${await photo.text()}`);
    Object.assign(partial, await privacyResources({ reference, call, contact }, partial));
    return partial;
  };

  const a = await tenantFixture();
  const b = await tenantFixture();
  const clock = await call(operatorToken, "POST", "/test-clocks", { frozenTime: "2026-04-01T00:00:00.000Z" });
  const onClock = await signUp(reference, { testClockId: clock.id });
  await settle();
  return {
    reference,
    fakes,
    a,
    b,
    outbound,
    testClockId: clock.id,
    clockTenantId: onClock.tenant.id,
    call,
    settle,
    signUpTenant,
    salesforce,
    ssoSession,
    contact,
  };
}
