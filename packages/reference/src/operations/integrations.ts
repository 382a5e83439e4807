import { randomUUID } from "node:crypto";
import type { Queryable } from "../database/database.js";
import { nullableTimestamp, timestamp } from "../platform/clock.js";
import { openSecret, sealSecret } from "../platform/credential-cipher.js";
import type { InventorySource } from "../platform/inventory.js";
import {
  allowDestination,
  OutboundRefusedError,
  revokeDestination,
  tenantRequest,
} from "../platform/outbound-allow-list.js";
import { hintRequest } from "../platform/outbound-retry.js";
import { ProblemError, problem } from "../platform/problem.js";
import { sweeperOf } from "../privacy/default-sweeper.js";
import { integrationRecordKey, isSuppressed } from "../privacy/suppression.js";
import { type IntegrationCredentials, type IntegrationProvider, pullRecords } from "./integration-sources.js";
import { netsuiteM2MKey } from "./netsuite-assertion.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";
import { keysetPage } from "./pagination.js";
import { requireTenant } from "./tenant-context.js";

interface IntegrationRow {
  id: string;
  provider: IntegrationProvider;
  status: "connected" | "disconnected";
  base_url: string;
  credentials_sealed: string | null;
  connected_at: Date;
  disconnected_at: Date | null;
  last_sync_at: Date | null;
  created_at: Date;
  record_count: number;
}

interface RecordRow {
  id: string;
  integration_id: string;
  provider: IntegrationProvider;
  object_type: string;
  external_id: string;
  contact_id: string | null;
  data: Record<string, unknown>;
  synced_at: Date;
  created_at: Date;
}

const integrationSelect = `SELECT i.*, (SELECT count(*)::int FROM integration_records r WHERE r.integration_id = i.id)
  AS record_count FROM integrations i`;

export function integrationView(row: IntegrationRow, tenantId: string) {
  return {
    id: row.id,
    tenantId,
    provider: row.provider,
    status: row.status,
    baseUrl: row.base_url,
    connectedAt: timestamp(row.connected_at),
    disconnectedAt: nullableTimestamp(row.disconnected_at),
    lastSyncAt: nullableTimestamp(row.last_sync_at),
    recordCount: row.record_count,
  };
}

export function recordView(row: RecordRow) {
  return {
    id: row.id,
    integrationId: row.integration_id,
    provider: row.provider,
    objectType: row.object_type,
    externalId: row.external_id,
    contactId: row.contact_id,
    data: row.data,
    syncedAt: timestamp(row.synced_at),
  };
}

async function findIntegration(tx: Queryable, id: string | undefined): Promise<IntegrationRow> {
  const [row] = await tx.query<IntegrationRow>(`${integrationSelect} WHERE i.id = $1`, [id]);
  if (!row) throw problem("not-found", "This tenant has no integration with this id.");
  return row;
}

/** The instance must be `https` (plain `http` to this machine in test mode, for loopback fakes). */
function checkBaseUrl(url: string, mode: "test" | "production") {
  const parsed = new URL(url);
  const local = parsed.hostname === "localhost" || parsed.hostname === "127.0.0.1";
  if (
    parsed.username ||
    parsed.password ||
    !(parsed.protocol === "https:" || (mode === "test" && parsed.protocol === "http:" && local))
  ) {
    throw problem("validation-failed", "The instance URL must be https, without credentials in it.", {
      errors: [{ path: "/body/credentials/baseUrl", message: "must be an https URL without credentials" }],
    });
  }
}

/** NetSuite's client credentials are the M2M grant's: the secret must hold a certificate id and its key. */
function checkNetSuiteKey(provider: IntegrationProvider, credentials: IntegrationCredentials) {
  if (provider !== "netsuite" || !("clientId" in credentials)) return;
  if (netsuiteM2MKey(credentials.clientSecret)) return;
  throw problem("validation-failed", "NetSuite's client secret is the certificate id and its private key.", {
    errors: [
      {
        path: "/body/credentials/clientSecret",
        message: "must be `<certificate id>:` then a PEM private key (RSA, or EC P-256/P-384/P-521)",
      },
    ],
  });
}

const sweepOrigin = (context: OperationContext) => ({
  tx: context.tx,
  platform: context.platform,
  now: context.now,
});

/** Synced records, under the integration clock (anchored on their integration's disconnection). */
const integrationsInventory: InventorySource = async ({ tx }) => {
  const rows = await tx.query<{ id: string; contact_id: string | null; disconnected_at: Date | null }>(
    `SELECT r.id, r.contact_id, i.disconnected_at FROM integration_records r
     JOIN integrations i ON i.id = r.integration_id ORDER BY r.created_at, r.id`,
  );
  return [
    {
      rule: "integration",
      location: { type: "platform" },
      recordType: "integration-record",
      records: rows.map((row) => ({
        id: row.id,
        ...(row.disconnected_at ? { events: { integrationDisconnected: row.disconnected_at } } : {}),
        ...(row.contact_id ? { subject: { type: "contact" as const, contactId: row.contact_id } } : {}),
      })),
    },
  ];
};

/** Integrations: connections to the customer's Salesforce, SAP or NetSuite, their syncs and records. */
export const integrations: OperationGroup = {
  name: "integrations",
  inventory: integrationsInventory,
  operations: {
    async connectIntegration(context) {
      const tenant = requireTenant(context);
      const input = await context.body<{
        provider: IntegrationProvider;
        credentials: IntegrationCredentials;
      }>();
      checkBaseUrl(input.credentials.baseUrl, context.platform.mode);
      checkNetSuiteKey(input.provider, input.credentials);
      const id = randomUUID();
      const sealed = sealSecret(context.platform, JSON.stringify(input.credentials), id);
      await context.tx.query(
        `INSERT INTO integrations (id, provider, status, base_url, credentials_sealed, connected_at, created_at)
         VALUES ($1, $2, 'connected', $3, $4, $5, $5)`,
        [id, input.provider, input.credentials.baseUrl, sealed, context.now],
      );
      await allowDestination(context.tx, {
        tenantId: tenant.id,
        source: "integration",
        sourceId: id,
        url: input.credentials.baseUrl,
        now: context.now,
      });
      // A connection is held under the integration clock, whose closure anchors may already stand.
      await sweeperOf(context.platform).reschedule({ ...sweepOrigin(context), tenant });
      await context.audit({ type: "integration", id });
      return {
        status: 201,
        headers: { location: `integrations/${id}` },
        body: integrationView(await findIntegration(context.tx, id), tenant.id),
      };
    },

    async listIntegrations(context) {
      const tenant = requireTenant(context);
      const params = context.query<{ cursor?: string; limit: number }>();
      const body = await keysetPage<IntegrationRow, ReturnType<typeof integrationView>>(
        context.tx,
        { select: integrationSelect, key: ["i.created_at", "i.id"] },
        params,
        (row) => integrationView(row, tenant.id),
      );
      return { status: 200, body };
    },

    async getIntegration(context) {
      const tenant = requireTenant(context);
      return {
        status: 200,
        body: integrationView(await findIntegration(context.tx, context.params.integrationId), tenant.id),
      };
    },

    async syncIntegration(context) {
      const tenant = requireTenant(context);
      const integration = await findIntegration(context.tx, context.params.integrationId);
      if (integration.status !== "connected" || !integration.credentials_sealed) {
        throw problem("conflict", "The integration is disconnected; nothing is synced from it any more.");
      }
      const credentials = JSON.parse(
        openSecret(context.platform, integration.credentials_sealed, integration.id),
      ) as IntegrationCredentials;
      // A sync only reads and asks for tokens: a repeated request does what one does.
      const send = (url: string, init?: RequestInit) =>
        context.platform.fetch(
          hintRequest(tenantRequest({ tenantId: tenant.id, tx: context.tx }, url, init), {
            repeatable: true,
          }),
        );
      let imported = 0;
      let updated = 0;
      let skipped = 0;
      try {
        for await (const record of pullRecords(
          integration.provider,
          credentials,
          send,
          context.platform.clock.now(),
        )) {
          const data = JSON.stringify(record.data);
          const email = record.email?.toLowerCase() ?? null;
          // An erased subject's record is never synced back (§9, DEL-NO-RESURRECTION): matched by the
          // keyed hashes of its email or its id at the source that its erasure kept.
          const key = integrationRecordKey(integration.provider, record.objectType, record.externalId);
          if (
            await isSuppressed(context.tx, context.platform.sealer, [
              { kind: "email", value: email },
              { kind: "integration-record-id", value: key },
            ])
          ) {
            skipped++;
            continue;
          }
          // The contact of the same email, oldest first, is the subject the record is about.
          const [contact] = email
            ? await context.tx.query<{ id: string }>(
                "SELECT id FROM contacts WHERE lower(email) = $1 ORDER BY created_at, id LIMIT 1",
                [email],
              )
            : [];
          const contactId = contact?.id ?? null;
          const [existing] = await context.tx.query<{ id: string; same: boolean }>(
            `SELECT id, data = $4::jsonb AS same FROM integration_records
             WHERE integration_id = $1 AND object_type = $2 AND external_id = $3`,
            [integration.id, record.objectType, record.externalId, data],
          );
          if (existing) {
            await context.tx.query(
              `UPDATE integration_records SET data = $2::jsonb, subject_email = $3, contact_id = $4, synced_at = $5
               WHERE id = $1`,
              [existing.id, data, email, contactId, context.now],
            );
            if (!existing.same) updated++;
            continue;
          }
          await context.tx.query(
            `INSERT INTO integration_records
               (id, integration_id, object_type, external_id, subject_email, contact_id, data, synced_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $8)`,
            [
              randomUUID(),
              integration.id,
              record.objectType,
              record.externalId,
              email,
              contactId,
              data,
              context.now,
            ],
          );
          imported++;
        }
      } catch (error) {
        if (error instanceof ProblemError) throw error;
        if (error instanceof OutboundRefusedError || error instanceof TypeError) {
          throw problem("unavailable", "The integration source could not be reached. Nothing was synced.");
        }
        throw error;
      }
      await context.tx.query("UPDATE integrations SET last_sync_at = $2 WHERE id = $1", [
        integration.id,
        context.now,
      ]);
      const run = {
        id: randomUUID(),
        integrationId: integration.id,
        startedAt: timestamp(context.now),
        completedAt: timestamp(context.now),
        recordsImported: imported,
        recordsUpdated: updated,
        recordsSkipped: skipped,
      };
      await context.tx.query(
        `INSERT INTO integration_sync_runs (id, integration_id, started_at, completed_at, records_imported,
           records_updated, records_skipped, created_at) VALUES ($1, $2, $3, $3, $4, $5, $6, $3)`,
        [run.id, integration.id, context.now, imported, updated, run.recordsSkipped],
      );
      await context.audit({ type: "integration", id: integration.id });
      return { status: 200, body: run };
    },

    async disconnectIntegration(context) {
      const tenant = requireTenant(context);
      const integration = await findIntegration(context.tx, context.params.integrationId);
      if (integration.status !== "connected") {
        throw problem("conflict", "The integration is already disconnected.");
      }
      // Disconnection purges at once, well inside the sweep tolerance: records, credentials, the host.
      await context.tx.query("DELETE FROM integration_records WHERE integration_id = $1", [integration.id]);
      await context.tx.query(
        `UPDATE integrations SET status = 'disconnected', disconnected_at = $2, credentials_sealed = NULL
         WHERE id = $1`,
        [integration.id, context.now],
      );
      await revokeDestination(context.tx, {
        tenantId: tenant.id,
        source: "integration",
        sourceId: integration.id,
      });
      // The disconnection is an anchor of the integration clock: whatever it left falls due now.
      await sweeperOf(context.platform).reschedule({ ...sweepOrigin(context), tenant });
      await context.audit({ type: "integration", id: integration.id });
      return {
        status: 200,
        body: integrationView(await findIntegration(context.tx, integration.id), tenant.id),
      };
    },

    async listIntegrationRecords(context) {
      const integration = await findIntegration(context.tx, context.params.integrationId);
      const params = context.query<{ cursor?: string; limit: number; contactId?: string }>();
      const body = await keysetPage(
        context.tx,
        {
          select:
            "SELECT r.*, i.provider FROM integration_records r JOIN integrations i ON i.id = r.integration_id",
          where: "r.integration_id = $1 AND ($2::uuid IS NULL OR r.contact_id = $2)",
          values: [integration.id, params.contactId ?? null],
          key: ["r.created_at", "r.id"],
        },
        params,
        recordView,
      );
      return { status: 200, body };
    },
  },
  tenantMigrations: [
    {
      id: "integrations/001-integrations-records-runs",
      // Records belong to subjects: `subject_email` (lower case) and `contact_id` link them for access
      // and erasure; every row has created_at for retention.
      sql: (s) => `
        CREATE TABLE ${s}.integrations (
          id uuid PRIMARY KEY,
          provider text NOT NULL,
          status text NOT NULL,
          base_url text NOT NULL,
          credentials_sealed text,
          connected_at timestamptz NOT NULL,
          disconnected_at timestamptz,
          last_sync_at timestamptz,
          created_at timestamptz NOT NULL
        );
        CREATE INDEX integrations_created ON ${s}.integrations (created_at, id);
        CREATE TABLE ${s}.integration_records (
          id uuid PRIMARY KEY,
          integration_id uuid NOT NULL REFERENCES ${s}.integrations (id) ON DELETE CASCADE,
          object_type text NOT NULL,
          external_id text NOT NULL,
          contact_id uuid,
          subject_email text,
          data jsonb NOT NULL,
          synced_at timestamptz NOT NULL,
          created_at timestamptz NOT NULL,
          UNIQUE (integration_id, object_type, external_id)
        );
        CREATE INDEX integration_records_page ON ${s}.integration_records (integration_id, created_at, id);
        CREATE INDEX integration_records_subject ON ${s}.integration_records (subject_email);
        CREATE TABLE ${s}.integration_sync_runs (
          id uuid PRIMARY KEY,
          integration_id uuid NOT NULL REFERENCES ${s}.integrations (id) ON DELETE CASCADE,
          started_at timestamptz NOT NULL,
          completed_at timestamptz NOT NULL,
          records_imported integer NOT NULL,
          records_updated integer NOT NULL,
          records_skipped integer NOT NULL,
          created_at timestamptz NOT NULL
        );
      `,
    },
  ],
};
