import type { Migration } from "./migrate.js";

/** The catalogue schema: tenants, test clocks, jobs and their ledger, the schema pool, platform records. */
export const catalogueSchema = "catalog";

export const catalogueMigrations: readonly Migration[] = [
  {
    id: "catalog/001-platform",
    sql: (s) => `
      CREATE TABLE ${s}.test_clocks (
        id uuid PRIMARY KEY,
        name text,
        frozen_time timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'advancing', 'failed')),
        advancing_to timestamptz,
        failure jsonb,
        created_at timestamptz NOT NULL
      );
      CREATE TABLE ${s}.tenants (
        id uuid PRIMARY KEY,
        schema_name text NOT NULL UNIQUE,
        company_name text NOT NULL,
        status text NOT NULL DEFAULT 'active',
        plan text NOT NULL,
        subscription_status text NOT NULL DEFAULT 'active',
        subscription_started_at timestamptz NOT NULL,
        subscription_ended_at timestamptz,
        created_at timestamptz NOT NULL,
        closed_at timestamptz,
        export_window_ends_at timestamptz,
        deletion_due_at timestamptz,
        test_clock_id uuid REFERENCES ${s}.test_clocks (id)
      );
      CREATE INDEX tenants_test_clock ON ${s}.tenants (test_clock_id);
      CREATE TABLE ${s}.schema_pool (
        schema_name text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE ${s}.jobs (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        tenant_id uuid,
        test_clock_id uuid,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done')),
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        attempts integer NOT NULL DEFAULT 0,
        last_error jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE INDEX jobs_due ON ${s}.jobs (due_at, id) WHERE status = 'pending';
      CREATE INDEX jobs_clock_due ON ${s}.jobs (test_clock_id, due_at, id) WHERE status = 'pending';
      CREATE TABLE ${s}.job_steps (
        job_id uuid NOT NULL REFERENCES ${s}.jobs (id) ON DELETE CASCADE,
        step text NOT NULL,
        result jsonb,
        done_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, step)
      );
      CREATE TABLE ${s}.idempotent_responses (
        scope text NOT NULL,
        key text NOT NULL,
        tenant_id uuid,
        request_hash text NOT NULL,
        status integer,
        headers jsonb,
        body text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotent_responses_tenant ON ${s}.idempotent_responses (tenant_id);
      CREATE TABLE ${s}.attestations (
        guarantee_id text PRIMARY KEY,
        attested_by jsonb NOT NULL,
        attested_at timestamptz NOT NULL,
        evidence jsonb NOT NULL,
        valid_until timestamptz
      );
      CREATE TABLE ${s}.request_tokens (
        token_hash text PRIMARY KEY,
        tenant_id uuid NOT NULL,
        request_id uuid NOT NULL,
        expires_at timestamptz
      );
      CREATE TABLE ${s}.session_challenges (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        challenge text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE FUNCTION ${s}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
    `,
  },
];
