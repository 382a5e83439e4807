import { quoteIdentifier } from "../database/identifiers.js";
import { splitStatements } from "../database/migrate.js";
import { platformTenantMigrations } from "../database/tenant-migrations.js";
import { byCategory, findRule } from "./retention-clock.js";
import type { ClosureTarget, SweepContext } from "./retention-targets.js";
import {
  purgeEmailContactCopies,
  purgeMessagingCopies,
  purgeProfilePhotoCopies,
} from "./retention-vendor-purges.js";

type Tx = Parameters<Parameters<SweepContext["inTenant"]>[0]>[0];

async function exists(tx: Tx, sql: string): Promise<boolean> {
  const [row] = await tx.query<{ found: boolean }>(`SELECT EXISTS (${sql}) AS found`);
  return row?.found === true;
}

async function deleteAll(tx: Tx, tables: readonly string[]) {
  for (const table of tables) await tx.query(`DELETE FROM ${table}`);
}

/** Whether a group's table is in this composition (a subset of `groups` may leave it out). */
async function hasTable(tx: Tx, table: string): Promise<boolean> {
  const [row] = await tx.query<{ found: boolean }>("SELECT to_regclass($1) IS NOT NULL AS found", [table]);
  return row?.found === true;
}

/**
 * Rights requests follow the rule of their subject's data (the rights inventory's `ruleFor`): a user's
 * with the account rule, a contact's with the CRM rule, so each goes at its own rule's deadline.
 */
async function rightsRequestsOf(tx: Tx, subjectType: "user" | "contact"): Promise<string | undefined> {
  if (!(await hasTable(tx, "rights_requests"))) return undefined;
  return `SELECT 1 FROM rights_requests WHERE subject_type = '${subjectType}'`;
}

/** The exports group's records, filed under the account rule (its chunks and subject rows cascade). */
async function exportRecords(tx: Tx): Promise<string | undefined> {
  return (await hasTable(tx, "exports")) ? "SELECT 1 FROM exports" : undefined;
}

async function anyOf(tx: Tx, queries: readonly (string | undefined)[]): Promise<boolean> {
  const present = queries.filter((q): q is string => q !== undefined);
  return present.length > 0 && exists(tx, present.join(" UNION ALL "));
}

async function deleteMatching(tx: Tx, queries: readonly (string | undefined)[]) {
  for (const query of queries) {
    if (query) await tx.query(query.replace(/^SELECT 1 FROM/, "DELETE FROM"));
  }
}

/** The notices group's notices to the account, filed under the account rule (banners and recipients cascade). */
async function noticeRecords(tx: Tx): Promise<string | undefined> {
  return (await hasTable(tx, "notices")) ? "SELECT 1 FROM notices" : undefined;
}

/** The account rule's records beyond users and photos: users' rights requests, exports and notices. */
async function accountExtras(tx: Tx) {
  return [await rightsRequestsOf(tx, "user"), await exportRecords(tx), await noticeRecords(tx)];
}

/**
 * §11's account rule: the users (profile, business email, role) and their profile photos, and what the
 * inventory files under the same rule (users' rights requests, export records): nothing it lists under
 * a rule may outlive that rule's deadline.
 */
export const accountData: ClosureTarget = {
  kind: "closure",
  name: "account",
  rule: (policy) => findRule(policy, "account", byCategory("account")),
  remains: async (tx) =>
    anyOf(tx, ["SELECT 1 FROM users", "SELECT 1 FROM profile_photos", ...(await accountExtras(tx))]),
  // Users go with what cascades from them (their sessions, passkeys and their raw telemetry, all of
  // which may already be purged by then); exports take their stored chunks and subject index along.
  async purge(context) {
    await purgeProfilePhotoCopies(context);
    await context.inTenant(async (tx) => {
      await deleteMatching(tx, await accountExtras(tx));
      await deleteAll(tx, ["profile_photos", "users"]);
    });
  },
};

/** §11's CRM rule: contacts, CRM objects and their links, custom fields (held on the records). */
export const crmData: ClosureTarget = {
  kind: "closure",
  name: "crm",
  rule: (policy) => findRule(policy, "crm", byCategory("crm")),
  remains: async (tx) =>
    anyOf(tx, [
      "SELECT 1 FROM contacts",
      "SELECT 1 FROM crm_objects",
      "SELECT 1 FROM email_audiences",
      await rightsRequestsOf(tx, "contact"),
    ]),
  // Contacts' rights requests follow the CRM rule in the inventory, so they go with the contacts.
  async purge(context) {
    await purgeEmailContactCopies(context);
    await context.inTenant(async (tx) => {
      await deleteMatching(tx, [await rightsRequestsOf(tx, "contact")]);
      await deleteAll(tx, ["crm_object_contacts", "crm_objects", "email_audiences", "contacts"]);
    });
  },
};

/** §11's communications rule: messages, calls and voicemails, marketing messages and their recipients. */
export const communications: ClosureTarget = {
  kind: "closure",
  name: "communications",
  rule: (policy) => findRule(policy, "communications", byCategory("communications")),
  remains: (tx) =>
    exists(
      tx,
      "SELECT 1 FROM messages UNION ALL SELECT 1 FROM calls UNION ALL SELECT 1 FROM marketing_messages",
    ),
  async purge(context) {
    await purgeMessagingCopies(context);
    await context.inTenant((tx) =>
      deleteAll(tx, ["messages", "calls", "marketing_recipients", "marketing_messages"]),
    );
  },
};

/**
 * §4 and §11: the administrator audit trail is kept for its own period after closure, then removed
 * whole, never entry by entry: the application role cannot delete its rows and a trigger refuses row
 * changes from anyone, so the owner swaps in an empty table of the same shape (triggers and grants
 * restored) and drops the old one, and resets the head so a later entry starts a new chain.
 */
export const auditTrail: ClosureTarget = {
  kind: "closure",
  name: "audit-trail",
  rule: (policy) =>
    findRule(policy, "authentication-audit", (r) => byCategory("authentication")(r) && r.hold !== undefined),
  remains: (tx) => exists(tx, "SELECT 1 FROM audit_entries"),
  purge: ({ platform, tenant }) =>
    platform.database.ownerTransaction(async (tx) => {
      const s = quoteIdentifier(tenant.schemaName);
      const grants = await tx.query<{ grantee: string; privilege_type: string }>(
        `SELECT grantee, privilege_type FROM information_schema.role_table_grants
         WHERE table_schema = $1 AND table_name = 'audit_entries' AND grantee <> current_user`,
        [tenant.schemaName],
      );
      await tx.query(`CREATE TABLE ${s}.audit_entries_next (LIKE ${s}.audit_entries INCLUDING ALL)`);
      await tx.query(`DROP TABLE ${s}.audit_entries`);
      await tx.query(`ALTER TABLE ${s}.audit_entries_next RENAME TO audit_entries`);
      for (const statement of auditTriggers(s)) await tx.query(statement);
      for (const grant of grants) {
        await tx.query(
          `GRANT ${grant.privilege_type} ON ${s}.audit_entries TO ${quoteIdentifier(grant.grantee)}`,
        );
      }
      await tx.query(`DELETE FROM ${s}.audit_head`);
    }),
};

/** The trail's append-only triggers, as the platform's migration creates them. */
function auditTriggers(schema: string): string[] {
  const migration = platformTenantMigrations.find((m) => m.id === "platform/002-audit-trail");
  if (!migration) throw new Error("the platform's audit-trail migration is missing");
  return splitStatements(migration.sql(schema)).filter((statement) =>
    /CREATE TRIGGER\s+\S+\s+BEFORE[\s\S]+ON\s+\S+\.audit_entries\b/i.test(statement),
  );
}

/** Tables a whole-account purge leaves: the audit trail (its own rule) and the schema's history. */
export const retainedTables: readonly string[] = ["audit_entries", "audit_head", "schema_migrations"];

/**
 * The whole-account purge (the contract's `purged`): once every rule counted from the closure events
 * without a legal hold has come due, every other table of the tenant's schema is emptied, whichever group
 * wrote it (so a table no rule names cannot survive), and the tenant's rows in the catalogue go with it,
 * invoices and the payments customer excepted (billing's own hold).
 */
export async function purgeWholeAccount({ platform, tenant }: SweepContext): Promise<void> {
  await platform.database.ownerTransaction(async (tx) => {
    const tables = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'
       ORDER BY table_name`,
      [tenant.schemaName],
    );
    const s = quoteIdentifier(tenant.schemaName);
    const emptied = tables.map((t) => t.table_name).filter((name) => !retainedTables.includes(name));
    if (emptied.length > 0) {
      await tx.query(`TRUNCATE ${emptied.map((name) => `${s}.${quoteIdentifier(name)}`).join(", ")}`);
    }
    for (const table of [
      "idempotent_responses",
      "request_tokens",
      "session_challenges",
      "outbound_destinations",
    ]) {
      await tx.query(`DELETE FROM catalog.${table} WHERE tenant_id = $1`, [tenant.id]);
    }
    await tx.query("UPDATE catalog.tenants SET status = 'purged' WHERE id = $1", [tenant.id]);
  });
}
