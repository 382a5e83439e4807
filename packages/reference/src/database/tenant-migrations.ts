import type { Migration } from "./migrate.js";

/**
 * The platform's tables in every tenant schema. Operation groups add their own migrations (see
 * `OperationGroup.tenantMigrations`); these run first.
 */
export const platformTenantMigrations: readonly Migration[] = [
  {
    id: "platform/001-identity",
    sql: (s) => `
      CREATE TABLE ${s}.users (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        email text NOT NULL,
        role text NOT NULL,
        birth_date text NOT NULL,
        job_title text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX users_email ON ${s}.users (lower(email));
      CREATE TABLE ${s}.sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
        token_hash text UNIQUE,
        method text NOT NULL,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        rotated_from_id uuid,
        ip_address text,
        user_agent text,
        ended_at timestamptz,
        end_reason text
      );
      CREATE INDEX sessions_user ON ${s}.sessions (user_id, created_at, id);
      CREATE TABLE ${s}.passkeys (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
        credential_id text NOT NULL UNIQUE,
        name text NOT NULL,
        public_key_jwk jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz
      );
      CREATE TABLE ${s}.sso_configuration (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        issuer text NOT NULL,
        audience text NOT NULL,
        jwks jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE ${s}.sso_token_uses (
        token_id text PRIMARY KEY,
        issuer text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NOT NULL
      );
    `,
  },
  {
    id: "platform/002-audit-trail",
    sql: (s) => `
      CREATE TABLE ${s}.audit_entries (
        sequence integer PRIMARY KEY CHECK (sequence >= 1),
        at text NOT NULL,
        actor jsonb NOT NULL,
        action text NOT NULL,
        target jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON ${s}.audit_entries
        FOR EACH ROW EXECUTE FUNCTION catalog.refuse_change();
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON ${s}.audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION catalog.refuse_change();
      CREATE TABLE ${s}.audit_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        sequence integer NOT NULL,
        hash text NOT NULL
      );
    `,
  },
];

/** Tables the application role may read and append to, never change: its grants leave out the rest. */
export const appendOnlyTables: readonly string[] = ["audit_entries"];
