import { randomUUID } from "node:crypto";
import type { Queryable } from "../database/database.js";
import { nullableTimestamp, timestamp } from "../platform/clock.js";
import { sealSecret } from "../platform/credential-cipher.js";
import { allowDestination, revokeDestination } from "../platform/outbound-allow-list.js";
import { problem } from "../platform/problem.js";
import { deliverCallback, deliverCallbackJob, scheduleAttempt } from "./callback-delivery.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";
import { keysetPage } from "./pagination.js";
import { requireTenant } from "./tenant-context.js";

interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  created_at: Date;
  secret_rotated_at: Date | null;
  previous_secret_expires_at: Date | null;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempts: number;
  created_at: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  next_attempt_at: Date | null;
}

const endpointColumns =
  "id, url, events, description, created_at, secret_rotated_at, previous_secret_expires_at";
const deliveryColumns = `d.id, d.endpoint_id, d.event_id, ev.type AS event_type, d.status, d.attempts, d.created_at,
  d.last_attempt_at, d.last_status_code, d.next_attempt_at`;

function endpointView(row: EndpointRow, tenantId: string) {
  return {
    id: row.id,
    tenantId,
    url: row.url,
    events: row.events,
    description: row.description,
    createdAt: timestamp(row.created_at),
    secretRotatedAt: nullableTimestamp(row.secret_rotated_at),
    previousSecretExpiresAt: nullableTimestamp(row.previous_secret_expires_at),
  };
}

function deliveryView(row: DeliveryRow) {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    createdAt: timestamp(row.created_at),
    lastAttemptAt: nullableTimestamp(row.last_attempt_at),
    lastStatusCode: row.last_status_code,
    nextAttemptAt: nullableTimestamp(row.next_attempt_at),
  };
}

async function findEndpoint(tx: Queryable, id: string | undefined): Promise<EndpointRow> {
  const [row] = await tx.query<EndpointRow>(
    `SELECT ${endpointColumns} FROM callback_endpoints WHERE id = $1`,
    [id],
  );
  if (!row) throw problem("not-found", "This tenant has no callback endpoint with this id.");
  return row;
}

/** `https`, or plain `http` to this machine in test mode only: the contract's rule for callback URLs. */
function checkCallbackUrl(url: string, mode: "test" | "production") {
  const parsed = new URL(url);
  const local = parsed.hostname === "localhost" || parsed.hostname === "127.0.0.1";
  const allowed = parsed.protocol === "https:" || (mode === "test" && parsed.protocol === "http:" && local);
  if (!allowed || parsed.username || parsed.password) {
    throw problem(
      "validation-failed",
      "The callback URL must be https (http to localhost in test mode only).",
      {
        errors: [{ path: "/body/url", message: "must be an https URL without credentials" }],
      },
    );
  }
}

const sealFor = (context: OperationContext, secret: string, endpointId: string) =>
  sealSecret(context.platform, secret, endpointId);

/** Callbacks: endpoints receiving signed thin events, their secrets, the delivery log and redelivery. */
export const callbacks: OperationGroup = {
  name: "callbacks",
  operations: {
    async createCallbackEndpoint(context) {
      const tenant = requireTenant(context);
      const input = await context.body<{
        url: string;
        events: string[];
        secret: string;
        description?: string;
      }>();
      checkCallbackUrl(input.url, context.platform.mode);
      const id = randomUUID();
      const [row] = await context.tx.query<EndpointRow>(
        `INSERT INTO callback_endpoints (id, url, events, description, secret_sealed, created_at)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING ${endpointColumns}`,
        [
          id,
          input.url,
          JSON.stringify(input.events),
          input.description ?? null,
          sealFor(context, input.secret, id),
          context.now,
        ],
      );
      await allowDestination(context.tx, {
        tenantId: tenant.id,
        source: "callback-endpoint",
        sourceId: id,
        url: input.url,
        now: context.now,
      });
      await context.audit({ type: "callback-endpoint", id });
      return {
        status: 201,
        headers: { location: `callback-endpoints/${id}` },
        body: endpointView(row as EndpointRow, tenant.id),
      };
    },

    async listCallbackEndpoints(context) {
      const tenant = requireTenant(context);
      const params = context.query<{ cursor?: string; limit: number }>();
      const body = await keysetPage<EndpointRow, ReturnType<typeof endpointView>>(
        context.tx,
        { select: `SELECT ${endpointColumns} FROM callback_endpoints` },
        params,
        (row) => endpointView(row, tenant.id),
      );
      return { status: 200, body };
    },

    async deleteCallbackEndpoint(context) {
      const tenant = requireTenant(context);
      const endpoint = await findEndpoint(context.tx, context.params.endpointId);
      await context.tx.query("DELETE FROM callback_endpoints WHERE id = $1", [endpoint.id]);
      await revokeDestination(context.tx, {
        tenantId: tenant.id,
        source: "callback-endpoint",
        sourceId: endpoint.id,
      });
      await context.audit({ type: "callback-endpoint", id: endpoint.id });
      return { status: 204 };
    },

    async rotateCallbackSecret(context) {
      const tenant = requireTenant(context);
      const endpoint = await findEndpoint(context.tx, context.params.endpointId);
      const input = await context.body<{ secret: string; previousSecretExpiresAt?: string }>();
      const keepUntil = input.previousSecretExpiresAt ? new Date(input.previousSecretExpiresAt) : null;
      // The previous secret signs too only while it has time left; by default it stops at once.
      const keep = keepUntil !== null && keepUntil.getTime() > context.now.getTime();
      const [row] = await context.tx.query<EndpointRow>(
        `UPDATE callback_endpoints SET
           previous_secret_sealed = CASE WHEN $4::boolean THEN secret_sealed ELSE NULL END,
           previous_secret_expires_at = $3, secret_sealed = $2, secret_rotated_at = $5
         WHERE id = $1 RETURNING ${endpointColumns}`,
        [
          endpoint.id,
          sealFor(context, input.secret, endpoint.id),
          keep ? keepUntil : null,
          keep,
          context.now,
        ],
      );
      await context.audit({ type: "callback-endpoint", id: endpoint.id });
      return { status: 200, body: endpointView(row as EndpointRow, tenant.id) };
    },

    async listCallbackDeliveries(context) {
      const endpoint = await findEndpoint(context.tx, context.params.endpointId);
      const params = context.query<{ cursor?: string; limit: number; status?: string }>();
      const body = await keysetPage(
        context.tx,
        {
          select: `SELECT ${deliveryColumns} FROM callback_deliveries d JOIN callback_events ev ON ev.id = d.event_id`,
          where: "d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2)",
          values: [endpoint.id, params.status ?? null],
          key: ["d.created_at", "d.id"],
        },
        params,
        deliveryView,
      );
      return { status: 200, body };
    },

    async redeliverCallback(context) {
      const tenant = requireTenant(context);
      const endpoint = await findEndpoint(context.tx, context.params.endpointId);
      const [existing] = await context.tx.query<{ id: string }>(
        "SELECT id FROM callback_deliveries WHERE id = $1 AND endpoint_id = $2",
        [context.params.deliveryId, endpoint.id],
      );
      if (!existing) throw problem("not-found", "This endpoint has no delivery with this id.");
      await context.tx.query(
        `UPDATE callback_deliveries SET status = CASE WHEN attempts = 0 THEN 'pending' ELSE 'retrying' END,
           next_attempt_at = $2 WHERE id = $1`,
        [existing.id, context.now],
      );
      await scheduleAttempt(
        context.tx,
        { tenantId: tenant.id, jobs: context.platform.jobs },
        existing.id,
        context.now,
      );
      const [row] = await context.tx.query<DeliveryRow>(
        `SELECT ${deliveryColumns} FROM callback_deliveries d JOIN callback_events ev ON ev.id = d.event_id
         WHERE d.id = $1`,
        [existing.id],
      );
      await context.audit({ type: "callback-delivery", id: existing.id });
      return { status: 202, body: deliveryView(row as DeliveryRow) };
    },
  },
  tenantMigrations: [
    {
      id: "callbacks/001-endpoints-events-deliveries",
      // Tenant configuration and thin events (ids, types, statuses): nothing here is about a subject, so
      // no subject link; every row has created_at for the tenant's retention purge.
      sql: (s) => `
        CREATE TABLE ${s}.callback_endpoints (
          id uuid PRIMARY KEY,
          url text NOT NULL,
          events jsonb NOT NULL,
          description text,
          secret_sealed text NOT NULL,
          previous_secret_sealed text,
          previous_secret_expires_at timestamptz,
          secret_rotated_at timestamptz,
          created_at timestamptz NOT NULL
        );
        CREATE INDEX callback_endpoints_created ON ${s}.callback_endpoints (created_at, id);
        CREATE TABLE ${s}.callback_events (
          id uuid PRIMARY KEY,
          type text NOT NULL,
          data jsonb NOT NULL,
          created_at timestamptz NOT NULL
        );
        CREATE TABLE ${s}.callback_deliveries (
          id uuid PRIMARY KEY,
          endpoint_id uuid NOT NULL REFERENCES ${s}.callback_endpoints (id) ON DELETE CASCADE,
          event_id uuid NOT NULL REFERENCES ${s}.callback_events (id) ON DELETE CASCADE,
          status text NOT NULL,
          attempts integer NOT NULL,
          created_at timestamptz NOT NULL,
          last_attempt_at timestamptz,
          last_status_code integer,
          next_attempt_at timestamptz
        );
        CREATE INDEX callback_deliveries_endpoint ON ${s}.callback_deliveries (endpoint_id, created_at, id);
      `,
    },
  ],
  jobs: { [deliverCallbackJob]: deliverCallback },
};
