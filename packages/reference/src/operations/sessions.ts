import { createPublicKey, type JsonWebKey, randomBytes, randomUUID } from "node:crypto";
import { addDuration, roleAllows } from "@crmfactory/taxonomy";
import { timestamp } from "../platform/clock.js";
import { problem } from "../platform/problem.js";
import {
  openSession,
  rotateSession,
  type SessionRow,
  sessionView,
  sessionWithTokenView,
} from "../platform/sessions.js";
import { relyingPartyId, verifyJws, verifyPasskeyAssertion } from "../platform/signatures.js";
import { findTenant, type TenantRecord, tenantView } from "../platform/tenant-records.js";
import { findUser, type UserRow, userView } from "../platform/users.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";
import { createdPosition, keysetPage, keysetRows, page } from "./pagination.js";

interface PasskeyRow {
  id: string;
  user_id: string;
  credential_id: string;
  name: string;
  public_key_jwk: JsonWebKey;
  created_at: Date;
  last_used_at: Date | null;
}

interface SsoRow {
  issuer: string;
  audience: string;
  jwks: { keys: JsonWebKey[] };
  updated_at: Date;
}

export function passkeyView(row: PasskeyRow) {
  return {
    id: row.id,
    userId: row.user_id,
    credentialId: row.credential_id,
    name: row.name,
    publicKeyJwk: row.public_key_jwk,
    createdAt: timestamp(row.created_at),
    lastUsedAt: row.last_used_at ? timestamp(row.last_used_at) : null,
  };
}

function ssoView(row: SsoRow) {
  return { issuer: row.issuer, audience: row.audience, jwks: row.jwks, updatedAt: timestamp(row.updated_at) };
}

function tenantCaller(context: OperationContext) {
  if (context.caller.kind !== "tenant") throw new Error(`${context.operationId} needs a tenant session`);
  return context.caller;
}

const signInRefused = () => problem("unauthenticated", "Sign-in failed.");

function usableKey(jwk: JsonWebKey): boolean {
  try {
    createPublicKey({ key: jwk, format: "jwk" });
    return true;
  } catch {
    return false;
  }
}

/** Whether a user may sign in to the tenant in its current state (export-only: only those who export). */
function assertMaySignIn(context: OperationContext, tenant: TenantRecord, user: UserRow) {
  if (tenant.status === "pending-deletion" || tenant.status === "purged") throw signInRefused();
  if (tenant.status === "export-only" && !roleAllows(context.platform.policy, user.role, "exports:create")) {
    throw problem("export-only", "During the export window only users who can export may sign in.");
  }
}

async function signIn(
  context: OperationContext,
  tenant: TenantRecord,
  user: UserRow,
  method: "passkey" | "sso",
) {
  assertMaySignIn(context, tenant, user);
  const issued = await openSession(context.tx, {
    tenantId: tenant.id,
    userId: user.id,
    method,
    now: context.now,
    limits: context.platform.limits,
    userAgent: context.request.headers.get("user-agent"),
  });
  await context.audit({ type: "session", id: issued.row.id }, { actor: { type: "user", id: user.id } });
  return {
    status: 201,
    headers: { location: "sessions/current" },
    body: sessionWithTokenView(issued, tenant.id),
  };
}

async function passkeySignIn(
  context: OperationContext,
  input: {
    challengeId: string;
    credentialId: string;
    authenticatorData: string;
    clientDataJSON: string;
    signature: string;
  },
) {
  const { tx } = context;
  const [challenge] = await tx.query<{
    tenant_id: string;
    challenge: string;
    expires_at: Date;
    used_at: Date | null;
  }>(
    "SELECT tenant_id, challenge, expires_at, used_at FROM catalog.session_challenges WHERE id = $1 FOR UPDATE",
    [input.challengeId],
  );
  if (!challenge || challenge.used_at) throw signInRefused();
  const tenant = await findTenant(tx, challenge.tenant_id);
  if (!tenant) throw signInRefused();
  await context.useTenant(tenant);
  if (challenge.expires_at <= context.now) throw signInRefused();
  const [passkey] = await tx.query<PasskeyRow>("SELECT * FROM passkeys WHERE credential_id = $1", [
    input.credentialId,
  ]);
  if (!passkey || !verifyPasskeyAssertion(input, challenge.challenge, passkey.public_key_jwk))
    throw signInRefused();
  const user = await findUser(tx, passkey.user_id);
  if (!user) throw signInRefused();
  await tx.query("UPDATE catalog.session_challenges SET used_at = $2 WHERE id = $1", [
    input.challengeId,
    context.now,
  ]);
  await tx.query("UPDATE passkeys SET last_used_at = $2 WHERE id = $1", [passkey.id, context.now]);
  return signIn(context, tenant, user, "passkey");
}

async function ssoSignIn(context: OperationContext, input: { tenantId: string; ssoToken: string }) {
  const { tx, platform } = context;
  const tenant = await findTenant(tx, input.tenantId);
  if (!tenant) throw signInRefused();
  await context.useTenant(tenant);
  const [config] = await tx.query<SsoRow>("SELECT * FROM sso_configuration");
  if (!config) throw signInRefused();
  const claims = verifyJws(input.ssoToken, config.jwks.keys);
  if (!claims) throw signInRefused();
  const nowSeconds = Math.floor(context.now.getTime() / 1000);
  const maxAgeSeconds = (addDuration(new Date(0), platform.limits.ssoTokenMaxAge).getTime() / 1000) | 0;
  const audienceOk = Array.isArray(claims.aud)
    ? claims.aud.includes(config.audience)
    : claims.aud === config.audience;
  if (
    claims.iss !== config.issuer ||
    !audienceOk ||
    typeof claims.email !== "string" ||
    typeof claims.jti !== "string" ||
    typeof claims.iat !== "number" ||
    typeof claims.exp !== "number" ||
    claims.exp <= nowSeconds ||
    claims.iat > nowSeconds + 60 ||
    claims.exp - claims.iat > maxAgeSeconds
  ) {
    throw signInRefused();
  }
  const used = await tx.query(
    `INSERT INTO sso_token_uses (token_id, issuer, expires_at, used_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (token_id) DO NOTHING RETURNING token_id`,
    [claims.jti, config.issuer, new Date(claims.exp * 1000), context.now],
  );
  if (used.length === 0) throw signInRefused();
  const [user] = await tx.query<UserRow>("SELECT * FROM users WHERE lower(email) = lower($1)", [
    claims.email,
  ]);
  if (!user) throw signInRefused();
  return signIn(context, tenant, user, "sso");
}

/** Sessions: passkey and SSO sign-in, sessions that rotate, passkeys, the tenant's SSO configuration. */
export const sessions: OperationGroup = {
  name: "sessions",
  operations: {
    async createSessionChallenge(context) {
      const { tx, platform } = context;
      const { tenantId } = await context.body<{ tenantId: string }>();
      const challenge = randomBytes(32).toString("base64url");
      const id = randomUUID();
      const tenant = await findTenant(tx, tenantId);
      let now = platform.clock.now();
      // An unknown tenant gets a challenge just like a real one (nothing disclosed); it opens nothing.
      if (tenant) {
        await context.useTenant(tenant);
        now = context.now;
      }
      const expiresAt = addDuration(now, platform.limits.signInChallengeLifetime);
      if (tenant) {
        await tx.query(
          `INSERT INTO catalog.session_challenges (id, tenant_id, challenge, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5)`,
          [id, tenant.id, challenge, now, expiresAt],
        );
      }
      return {
        status: 201,
        headers: { location: `session-challenges/${id}` },
        body: { id, challenge, rpId: relyingPartyId, expiresAt: timestamp(expiresAt) },
      };
    },
    async createSession(context) {
      const input = await context.body<
        | {
            method: "passkey";
            challengeId: string;
            credentialId: string;
            authenticatorData: string;
            clientDataJSON: string;
            signature: string;
          }
        | { method: "sso"; tenantId: string; ssoToken: string }
      >();
      return input.method === "passkey" ? passkeySignIn(context, input) : ssoSignIn(context, input);
    },
    async listSessions(context) {
      const caller = tenantCaller(context);
      const params = context.query<{ cursor?: string; limit: number }>();
      const { limit } = params;
      const rows = await keysetRows<SessionRow>(
        context.tx,
        {
          select: "SELECT * FROM sessions",
          where: "user_id = $1 AND ended_at IS NULL AND expires_at > $2",
          values: [caller.user.id, context.now],
        },
        params,
      );
      return {
        status: 200,
        body: page(
          rows,
          limit,
          (row) => sessionView(row, caller.tenant.id, caller.session.id),
          createdPosition,
        ),
      };
    },
    async getCurrentSession(context) {
      const caller = tenantCaller(context);
      const [row] = await context.tx.query<SessionRow>("SELECT * FROM sessions WHERE id = $1", [
        caller.session.id,
      ]);
      const user = await findUser(context.tx, caller.user.id);
      if (!row || !user) throw problem("unauthenticated", "The session ended.");
      return {
        status: 200,
        body: {
          session: sessionView(row, caller.tenant.id, caller.session.id),
          user: userView(user, caller.tenant.id),
          tenant: tenantView(caller.tenant, context.platform.mode === "production"),
          permissions: [...(context.platform.policy.roles[user.role]?.permissions ?? [])],
        },
      };
    },
    async rotateSession(context) {
      const caller = tenantCaller(context);
      const [row] = await context.tx.query<SessionRow>("SELECT * FROM sessions WHERE id = $1", [
        caller.session.id,
      ]);
      if (!row) throw problem("unauthenticated", "The session ended.");
      const issued = await rotateSession(context.tx, {
        tenantId: caller.tenant.id,
        session: row,
        now: context.now,
        limits: context.platform.limits,
      });
      await context.audit({ type: "session", id: issued.row.id });
      return {
        status: 201,
        headers: { location: "sessions/current" },
        body: sessionWithTokenView(issued, caller.tenant.id),
      };
    },
    async revokeSession(context) {
      const caller = tenantCaller(context);
      const ended = await context.tx.query(
        `UPDATE sessions SET token_hash = NULL, ended_at = $3, end_reason = 'revoked'
         WHERE id = $1 AND user_id = $2 AND ended_at IS NULL AND expires_at > $3 RETURNING id`,
        [context.params.sessionId, caller.user.id, context.now],
      );
      if (ended.length === 0) throw problem("not-found", "No such session of yours.");
      await context.audit({ type: "session", id: context.params.sessionId as string });
      return { status: 204 };
    },
    async listPasskeys(context) {
      const caller = tenantCaller(context);
      const params = context.query<{ cursor?: string; limit: number }>();
      const body = await keysetPage(
        context.tx,
        { select: "SELECT * FROM passkeys", where: "user_id = $1", values: [caller.user.id] },
        params,
        passkeyView,
      );
      return { status: 200, body };
    },
    async registerPasskey(context) {
      const caller = tenantCaller(context);
      const input = await context.body<{ credentialId: string; publicKeyJwk: JsonWebKey; name?: string }>();
      if (!usableKey(input.publicKeyJwk)) {
        throw problem("validation-failed", "The public key is not a point of P-256.", {
          errors: [{ path: "/body/publicKeyJwk", message: "is not a usable P-256 public key" }],
        });
      }
      const [row] = await context.tx.query<PasskeyRow>(
        `INSERT INTO passkeys (id, user_id, credential_id, name, public_key_jwk, created_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6) ON CONFLICT (credential_id) DO NOTHING RETURNING *`,
        [
          randomUUID(),
          caller.user.id,
          input.credentialId,
          input.name ?? "Passkey",
          JSON.stringify(input.publicKeyJwk),
          context.now,
        ],
      );
      if (!row) throw problem("conflict", "A passkey with this credential id is already registered.");
      return { status: 201, headers: { location: `passkeys/${row.id}` }, body: passkeyView(row) };
    },
    async deletePasskey(context) {
      const caller = tenantCaller(context);
      const deleted = await context.tx.query(
        "DELETE FROM passkeys WHERE id = $1 AND user_id = $2 RETURNING id",
        [context.params.passkeyId, caller.user.id],
      );
      if (deleted.length === 0) throw problem("not-found", "No such passkey of yours.");
      return { status: 204 };
    },
    async getSsoConfiguration(context) {
      const [row] = await context.tx.query<SsoRow>("SELECT * FROM sso_configuration");
      if (!row) throw problem("not-found", "Single sign-on is not configured.");
      return { status: 200, body: ssoView(row) };
    },
    async configureSso(context) {
      const caller = tenantCaller(context);
      const input = await context.body<{ issuer: string; audience?: string; jwks: { keys: JsonWebKey[] } }>();
      const unusable = input.jwks.keys.findIndex((key) => !usableKey(key));
      if (unusable >= 0) {
        throw problem("validation-failed", "A signing key is not usable.", {
          errors: [{ path: `/body/jwks/keys/${unusable}`, message: "is not a usable public key" }],
        });
      }
      const [row] = await context.tx.query<SsoRow>(
        `INSERT INTO sso_configuration (issuer, audience, jwks, updated_at) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (singleton) DO UPDATE SET issuer = EXCLUDED.issuer, audience = EXCLUDED.audience,
           jwks = EXCLUDED.jwks, updated_at = EXCLUDED.updated_at
         RETURNING *`,
        [
          input.issuer,
          input.audience ?? `crmfactory:${caller.tenant.id}`,
          JSON.stringify(input.jwks),
          context.now,
        ],
      );
      await context.audit({ type: "tenant", id: caller.tenant.id });
      return { status: 200, body: ssoView(row as SsoRow) };
    },
  },
};
