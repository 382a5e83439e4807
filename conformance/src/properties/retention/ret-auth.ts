import * as fc from "fast-check";
import { heldRecordIds, tenantInventory } from "../../evidence/inventory-records.js";
import { scanForValues } from "../../evidence/probe-scan.js";
import { defineProperty } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { ownerUser, type SeededUser, seedUser } from "../../world/account-users.js";
import {
  type Authenticator,
  createAuthenticator,
  createIdentityProvider,
  type IdentityProvider,
  signInWithPasskey,
  signInWithSso,
} from "../../world/sign-ins.js";
import {
  type CheckedWindow,
  type LifecycleReal,
  type LifecycleSubject,
  lifecyclePlan,
  lifecycleScenarios,
  runLifecycle,
  type SeedAction,
} from "./closure-lifecycle.js";
import {
  expectFields,
  expectInventoryExactly,
  expectInventoryHoldsNone,
  expectNotServed,
  expectProbeFindsNone,
} from "./lifecycle-evidence.js";

const ID = "RET-AUTH";

export interface AuthSeeded {
  owner: SeededUser | null;
  passkeys: { id: string; authenticator: Authenticator }[];
  sso: { idp: IdentityProvider; admins: SeededUser[] } | null;
  /** Every session the model signed in (their tokens must stop working after the window). */
  tokens: { sessionId: string; token: string }[];
  /** The audit trail's head as last read while the account was active. */
  auditHead: { sequence: number; hash: string } | null;
}

const credentials: CheckedWindow = { rule: "authentication-credentials", edgePrefix: "credentials-" };
const audit: CheckedWindow = { rule: "authentication-audit", edgePrefix: "audit-" };

async function readHead({ tenant }: LifecycleReal, seeded: AuthSeeded) {
  seeded.owner ??= await ownerUser(tenant.owner);
  const head = await tenant.owner.audit.head();
  seeded.auditHead = { sequence: head.sequence, hash: head.hash };
}

const registerPasskey: SeedAction<AuthSeeded> = {
  label: "passkey",
  async run(real, seeded) {
    const authenticator = createAuthenticator();
    const passkey = await real.tenant.owner.passkeys.register({
      credentialId: authenticator.credentialId,
      publicKeyJwk: authenticator.publicKeyJwk,
      name: `Key ${real.context.faker.word.adjective()}`,
    });
    seeded.passkeys.push({ id: passkey.id, authenticator });
    real.context.scenario("passkey registered");
    await readHead(real, seeded);
  },
};

const ssoAdmin: SeedAction<AuthSeeded> = {
  label: "sso admin",
  async run(real, seeded) {
    const { tenant, context } = real;
    if (!seeded.sso) {
      const idp = createIdentityProvider();
      await tenant.owner.tenant.configureSso({ issuer: idp.issuer, audience: idp.audience, jwks: idp.jwks });
      seeded.sso = { idp, admins: [] };
    }
    const admin = await seedUser(tenant.owner, context.faker, "admin", tenant.now());
    seeded.sso.admins.push(admin);
    const signedIn = await signInWithSso(
      context.target.client(null),
      tenant.tenantId,
      seeded.sso.idp,
      admin.email,
      tenant.now(),
    );
    seeded.tokens.push({ sessionId: signedIn.session.id, token: signedIn.token });
    context.scenario("sso sign-in");
    await readHead(real, seeded);
  },
};

/** Every credential the model holds signs in now, and the new session answers as its user. */
async function everyCredentialSignsIn(real: LifecycleReal, seeded: AuthSeeded, keep: boolean) {
  const { context, tenant } = real;
  const anonymous = context.target.client(null);
  for (const { authenticator } of seeded.passkeys) {
    const signedIn = await signInWithPasskey(anonymous, tenant.tenantId, authenticator);
    const { session } = await context.target.client(signedIn.token).sessions.current();
    expectFields(ID, `passkey session ${signedIn.session.id}`, session, {
      userId: seeded.owner?.id,
      method: "passkey",
    });
    if (keep) seeded.tokens.push({ sessionId: session.id, token: signedIn.token });
  }
  const sso = seeded.sso;
  for (const admin of sso?.admins ?? []) {
    if (!sso) break;
    const signedIn = await signInWithSso(anonymous, tenant.tenantId, sso.idp, admin.email, tenant.now());
    const { session } = await context.target.client(signedIn.token).sessions.current();
    expectFields(ID, `SSO session ${signedIn.session.id}`, session, { userId: admin.id, method: "sso" });
    if (keep) seeded.tokens.push({ sessionId: session.id, token: signedIn.token });
  }
}

export const authSubject: LifecycleSubject<AuthSeeded> = {
  guarantee: ID,
  windows: [credentials, audit],
  empty: () => ({ owner: null, passkeys: [], sso: null, tokens: [], auditHead: null }),
  seedActions: () => fc.constantFrom(registerPasskey, ssoAdmin),

  async checkKept(real, { seeded }) {
    await everyCredentialSignsIn(real, seeded, false);
    await readHead(real, seeded);
  },

  async checkAvailable(real, { seeded }, window) {
    const { context, tenant } = real;
    if (window === credentials) {
      // Export-only: the owner's session still works, and every passkey and SSO user signs in.
      const { session } = await tenant.owner.sessions.current();
      expectFields(ID, "the owner's session", session, { userId: seeded.owner?.id });
      seeded.tokens.push({ sessionId: session.id, token: "" });
      await everyCredentialSignsIn(real, seeded, true);
      await expectInventoryExactly(ID, context, tenant, [
        { recordType: "passkey", location: "platform", ids: seeded.passkeys.map((p) => p.id) },
      ]);
      const sessions = heldRecordIds(await tenantInventory(context, tenant), { recordType: "session" });
      const missing = seeded.tokens.filter((t) => t.token !== "" && !sessions.has(t.sessionId));
      expectGuarantee(missing.length === 0, `${ID}: live sessions are missing from the inventory`, {
        missing,
      });
      return;
    }
    // The sign-in audit records: still held at the last millisecond of their 12 months.
    const head = seeded.auditHead;
    expectGuarantee(head !== null, `${ID}: the run never read the audit trail's head`);
    const listed = heldRecordIds(await tenantInventory(context, tenant), { recordType: "audit-entry" });
    const expected = Array.from({ length: head.sequence }, (_, i) => String(i + 1));
    const absent = expected.filter((id) => !listed.has(id));
    expectGuarantee(absent.length === 0, `${ID}: audit entries are gone before their retention ended`, {
      absent,
    });
    if (context.target.probe) {
      const hits = await scanForValues(context.target.probe, [head.hash]);
      expectGuarantee(hits.length > 0, `${ID}: the audit trail's head entry is no longer stored`, { head });
    } else
      context.selfReported(`${ID}: the audit trail's presence read from the inventory (no database probe)`);
  },

  async checkGone(real, { seeded }, window) {
    const { context, tenant } = real;
    if (window === credentials) {
      await expectInventoryHoldsNone(ID, context, tenant, [
        { recordType: "session" },
        { recordType: "passkey" },
        { recordType: "sso-configuration" },
        { recordType: "sso-token" },
      ]);
      await expectNotServed(ID, "the owner's session", () => tenant.owner.sessions.current());
      for (const { sessionId, token } of seeded.tokens.filter((t) => t.token !== ""))
        await expectNotServed(ID, `session ${sessionId}`, () =>
          context.target.client(token).sessions.current(),
        );
      const anonymous = context.target.client(null);
      for (const { authenticator } of seeded.passkeys)
        await expectNotServed(ID, `sign-in with passkey ${authenticator.credentialId}`, () =>
          signInWithPasskey(anonymous, tenant.tenantId, authenticator),
        );
      const sso = seeded.sso;
      for (const admin of sso?.admins ?? [])
        await expectNotServed(ID, `SSO sign-in of ${admin.id}`, async () => {
          if (sso) await signInWithSso(anonymous, tenant.tenantId, sso.idp, admin.email, tenant.now());
        });
      await expectProbeFindsNone(
        ID,
        context,
        [
          ...seeded.passkeys.flatMap((p) => [p.authenticator.credentialId, p.authenticator.publicKeyJwk.x]),
          ...(seeded.sso ? [seeded.sso.idp.issuer, seeded.sso.idp.kid, seeded.sso.idp.audience] : []),
          ...seeded.tokens.map((t) => t.sessionId),
        ],
        // The audit trail names sessions by id; it is held under its own rule until the audit window.
        { what: "passkeys, the SSO configuration and sessions", exclude: ["audit_entries"] },
      );
      return;
    }
    await expectInventoryHoldsNone(ID, context, tenant, [{ recordType: "audit-entry" }]);
    await expectProbeFindsNone(ID, context, seeded.auditHead ? [seeded.auditHead.hash] : [], {
      what: "the audit trail",
    });
  },
};

const everyCredential: SeedAction<AuthSeeded> = {
  label: "passkey and sso admin",
  async run(real, seeded) {
    await registerPasskey.run(real, seeded);
    await ssoAdmin.run(real, seeded);
  },
};

export const retAuthProperty = defineProperty({
  guarantee: ID,
  name: "credentials-through-the-window-audit-for-12-months",
  description:
    "Authentication data (table and section 11, with the interpretation that the table's months after the account apply to sign-in audit records): passkeys, SSO sign-in and sessions keep working, export-only, to the last millisecond of the export window and are then purged (no token, sign-in, inventory line or stored credential is left after the sweep tolerance); the sign-in audit trail is held whole for its months after closure and then gone.",
  scenarios: [...lifecycleScenarios, "passkey registered", "sso sign-in"],
  edges: [
    "credentials-available-until-minus-1ms",
    "credentials-late-at",
    "audit-available-until-minus-1ms",
    "audit-late-at",
  ],
  plan: () => lifecyclePlan(authSubject),
  check: (plan, context) => runLifecycle(authSubject, plan, context, everyCredential),
});
