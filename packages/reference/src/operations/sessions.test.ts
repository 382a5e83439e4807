import { createHash, generateKeyPairSync } from "node:crypto";
import { headerNames } from "@crmfactory/api";
import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl, bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { schemaOf } from "../test-support/digest.js";
import { createAuthenticator, createIdentityProvider, signInAs } from "../test-support/identity.js";

describe.each(drivers)("sessions on %s", (driver) => {
  let reference: TestReference;
  const wall = { now: new Date("2026-04-01T09:00:00.000Z") };
  beforeAll(async () => {
    reference = await bootReference(driver, { clock: { now: () => new Date(wall.now) } });
  });
  const raw = (token: string, path = "/tenant") =>
    reference.checkedFetch(
      new Request(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } }),
    );

  it("signs in with a registered passkey's verified assertion, once per challenge", async () => {
    const owner = await signUp(reference);
    const authenticator = createAuthenticator();
    const passkey = await owner.client.passkeys.register({
      credentialId: authenticator.credentialId,
      publicKeyJwk: authenticator.publicKeyJwk,
      name: "laptop",
    });
    expect(passkey).toMatchObject({ userId: owner.owner.id, publicKeyJwk: authenticator.publicKeyJwk });
    const anonymous = reference.client(null);
    const challenge = await anonymous.sessions.createChallenge({ tenantId: owner.tenant.id });
    const assertion = authenticator.assert(challenge.challenge);
    const session = await anonymous.sessions.create({
      method: "passkey",
      challengeId: challenge.id,
      ...assertion,
    });
    expect(session.session).toMatchObject({ userId: owner.owner.id, method: "passkey" });
    expect((await raw(session.token)).status).toBe(200);
    const replayed = await raw("x").then(() =>
      reference.checkedFetch(
        new Request(`${baseUrl}/sessions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ method: "passkey", challengeId: challenge.id, ...assertion }),
        }),
      ),
    );
    expect(replayed.status).toBe(401);
  });

  it("refuses assertions that are forged, for another challenge, another relying party or without presence", async () => {
    const owner = await signUp(reference);
    const authenticator = createAuthenticator();
    await owner.client.passkeys.register({
      credentialId: authenticator.credentialId,
      publicKeyJwk: authenticator.publicKeyJwk,
    });
    const anonymous = reference.client(null);
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const attempts = [
      (c: string) => authenticator.assert(c, { key: other }),
      (_c: string) => authenticator.assert("another-challenge"),
      (c: string) => authenticator.assert(c, { rpId: "evil.example" }),
      (c: string) => authenticator.assert(c, { userPresent: false }),
      (c: string) => authenticator.assert(c, { type: "webauthn.create" }),
    ];
    for (const forge of attempts) {
      const challenge = await anonymous.sessions.createChallenge({ tenantId: owner.tenant.id });
      const response = await reference.checkedFetch(
        new Request(`${baseUrl}/sessions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            method: "passkey",
            challengeId: challenge.id,
            ...forge(challenge.challenge),
          }),
        }),
      );
      expect(response.status).toBe(401);
    }
    const stored = await reference.platform.database.transaction((tx) =>
      tx.query("SELECT 1 FROM catalog.session_challenges WHERE tenant_id = $1 AND used_at IS NOT NULL", [
        owner.tenant.id,
      ]),
    );
    expect(stored).toEqual([]);
  });

  it("stores session tokens only as hashes: no table of the tenant or the catalogue holds one", async () => {
    const owner = await signUp(reference);
    const rotated = await owner.client.sessions.rotate();
    const schema = await schemaOf(reference, owner.tenant.id);
    const text = await reference.platform.database.ownerTransaction(async (tx) => {
      const tables = await tx.query<{ s: string; t: string }>(
        `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
         WHERE table_schema IN ($1, 'catalog') AND table_type = 'BASE TABLE'`,
        [schema],
      );
      let all = "";
      for (const { s, t } of tables) {
        const rows = await tx.query<{ row: string }>(`SELECT r::text AS row FROM "${s}"."${t}" r`);
        all += rows.map((r) => r.row).join("\n");
      }
      return all;
    });
    expect(text.length).toBeGreaterThan(0);
    for (const token of [owner.session.token, rotated.token]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split("_").pop());
    }
    expect(text).toContain(createHash("sha256").update(rotated.token).digest("hex"));
  });

  it("answers a challenge for an unknown tenant like for a real one", async () => {
    const challenge = await reference
      .client(null)
      .sessions.createChallenge({ tenantId: crypto.randomUUID() });
    expect(challenge.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("signs a user in with an SSO token of the configured provider, each token once", async () => {
    const owner = await signUp(reference);
    const { user, session } = await signInAs(reference, owner, "viewer");
    expect(session.session.userId).toBe(user.id);
    const idp = createIdentityProvider();
    await owner.client.tenant.configureSso({ issuer: idp.issuer, audience: "aud", jwks: idp.jwks });
    const token = idp.token(user.email, { aud: "aud" }, wall.now);
    const signIn = (ssoToken: string) =>
      reference.checkedFetch(
        new Request(`${baseUrl}/sessions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ method: "sso", tenantId: owner.tenant.id, ssoToken }),
        }),
      );
    expect((await signIn(token)).status).toBe(201);
    expect((await signIn(token)).status).toBe(401);
    expect((await signIn(idp.token(user.email, { aud: "other" }, wall.now))).status).toBe(401);
    expect(
      (await signIn(idp.token(user.email, { iss: "https://evil.example", aud: "aud" }, wall.now))).status,
    ).toBe(401);
    expect((await signIn(idp.token("nobody@acme.example", { aud: "aud" }, wall.now))).status).toBe(401);
    const stale = new Date(wall.now.getTime() - 3_600_000);
    expect((await signIn(idp.token(user.email, { aud: "aud" }, stale))).status).toBe(401);
    const foreign = createIdentityProvider(idp.issuer);
    expect((await signIn(foreign.token(user.email, { aud: "aud" }, wall.now))).status).toBe(401);
  });

  it("rotates a session: the old token stops at once, the new one works", async () => {
    const owner = await signUp(reference);
    const rotated = await owner.client.sessions.rotate();
    expect(rotated.session.rotatedFromId).toBe(owner.session.session.id);
    expect((await raw(owner.session.token)).status).toBe(401);
    expect((await raw(rotated.token)).status).toBe(200);
    const current = await reference.client(rotated.token).sessions.current();
    expect(current.session.id).toBe(rotated.session.id);
    expect(current.permissions).toEqual(reference.platform.policy.roles.owner?.permissions);
  });

  it("rotates automatically once the rotation interval has passed, and the old token stops", async () => {
    const owner = await signUp(reference);
    wall.now = new Date(wall.now.getTime() + 2 * 86_400_000);
    const first = await raw(owner.session.token);
    expect(first.status).toBe(200);
    const next = first.headers.get(headerNames.rotatedToken);
    expect(next).toMatch(/^crmf_sess_/);
    expect((await raw(owner.session.token)).status).toBe(401);
    const second = await raw(next as string);
    expect(second.status).toBe(200);
    expect(second.headers.get(headerNames.rotatedToken)).toBeNull();
  });

  it("revokes a session of one's own; another's answers not-found", async () => {
    const owner = await signUp(reference);
    const viewer = await signInAs(reference, owner, "viewer");
    const sessions = await owner.client.sessions.list();
    expect(sessions.data.map((s) => s.current)).toEqual([true]);
    const revoke = (token: string, id: string) =>
      reference.checkedFetch(
        new Request(`${baseUrl}/sessions/${id}`, {
          method: "DELETE",
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    expect((await revoke(owner.session.token, viewer.session.session.id)).status).toBe(404);
    expect((await revoke(viewer.session.token, viewer.session.session.id)).status).toBe(204);
    expect((await raw(viewer.session.token)).status).toBe(401);
    expect((await raw(owner.session.token)).status).toBe(200);
  });

  it("lists and deletes one's own passkeys only", async () => {
    const owner = await signUp(reference);
    const viewer = await signInAs(reference, owner, "viewer");
    const a = createAuthenticator();
    const key = await viewer.client.passkeys.register({
      credentialId: a.credentialId,
      publicKeyJwk: a.publicKeyJwk,
    });
    expect((await owner.client.passkeys.list()).data).toEqual([]);
    expect((await viewer.client.passkeys.list()).data.map((p) => p.id)).toEqual([key.id]);
    const del = (token: string) =>
      reference.checkedFetch(
        new Request(`${baseUrl}/passkeys/${key.id}`, {
          method: "DELETE",
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    expect((await del(owner.session.token)).status).toBe(404);
    expect((await del(viewer.session.token)).status).toBe(204);
  });
});
