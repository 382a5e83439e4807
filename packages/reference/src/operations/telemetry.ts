import { randomUUID } from "node:crypto";
import type { Queryable } from "../database/database.js";
import { timestamp } from "../platform/clock.js";
import { problem } from "../platform/problem.js";
import type { Sealer } from "../platform/sealing.js";
import { sweeperOf } from "../privacy/default-sweeper.js";
import { withoutSuppressed } from "../privacy/suppression.js";
import { aggregateName, type KnownIdentifiers } from "./aggregate-name.js";
import { telemetryInventory } from "./data-plane-inventory.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";
import { keysetRows, page } from "./pagination.js";
import { requireTenant } from "./tenant-context.js";

type EventType = "page-view" | "feature-use" | "performance" | "error";
type Granularity = "day" | "month";

interface TelemetryEventCreate {
  type: EventType;
  name: string;
  userId?: string;
  contactId?: string;
  durationMs?: number;
  properties?: Record<string, string | number | boolean>;
}

interface EventRow {
  id: string;
  type: EventType;
  name: string;
  user_id: string | null;
  contact_id: string | null;
  duration_ms: number | null;
  properties: Record<string, string | number | boolean>;
  collected_at: Date;
}

interface AggregateRow {
  id: string;
  granularity: Granularity;
  period_start: Date;
  period_end: Date;
  event_type: EventType;
  name: string;
  count: number;
  duration_ms_avg: number | null;
}

export function eventView(row: EventRow, tenantId: string) {
  return {
    id: row.id,
    tenantId,
    type: row.type,
    name: row.name,
    userId: row.user_id,
    contactId: row.contact_id,
    durationMs: row.duration_ms,
    properties: row.properties,
    collectedAt: timestamp(row.collected_at),
  };
}

function aggregateView(row: AggregateRow, tenantId: string) {
  return {
    id: row.id,
    tenantId,
    granularity: row.granularity,
    periodStart: timestamp(row.period_start),
    periodEnd: timestamp(row.period_end),
    eventType: row.event_type,
    name: row.name,
    count: row.count,
    durationMsAvg: row.duration_ms_avg,
  };
}

/** The UTC calendar day or month holding `at`: its start, and the next period's start (exclusive end). */
export function periodOf(at: Date, granularity: Granularity): { start: Date; end: Date } {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  if (granularity === "month") {
    return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) };
  }
  const day = at.getUTCDate();
  return { start: new Date(Date.UTC(year, month, day)), end: new Date(Date.UTC(year, month, day + 1)) };
}

function unknownReference(field: "userId" | "contactId", what: string) {
  return problem("validation-failed", `${field} names no ${what} of this tenant.`, {
    errors: [{ path: `/body/${field}`, message: `names no ${what}` }],
  });
}

/** The identifiers of the event's own subjects, for keeping them out of the aggregates. */
/** The event without identifiers of erased subjects (§9, DEL-NO-RESURRECTION), raw and aggregated. */
async function scrubbed(
  context: { tx: Queryable; platform: { sealer: Sealer } },
  input: TelemetryEventCreate,
): Promise<TelemetryEventCreate> {
  const clean = (text: string) => withoutSuppressed(context.tx, context.platform.sealer, text);
  const properties: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(input.properties ?? {})) {
    properties[key] = typeof value === "string" ? await clean(value) : value;
  }
  return { ...input, name: await clean(input.name), ...(input.properties ? { properties } : {}) };
}

async function subjectsOf(tx: Queryable, userId: string | null, contactId: string | null) {
  const known: KnownIdentifiers = {};
  const add = (kind: string, value: string | null) => {
    known[kind] = [...(known[kind] ?? []), value];
  };
  if (userId !== null) {
    const [user] = await tx.query<{ id: string; name: string; email: string }>(
      "SELECT id, name, email FROM users WHERE id = $1",
      [userId],
    );
    if (!user) throw unknownReference("userId", "user");
    add("userId", user.id);
    add("name", user.name);
    add("email", user.email);
  }
  if (contactId !== null) {
    const [contact] = await tx.query<{
      id: string;
      name: string;
      email: string | null;
      phone: string | null;
    }>("SELECT id, name, email, phone FROM contacts WHERE id = $1 FOR SHARE", [contactId]);
    if (!contact) throw unknownReference("contactId", "contact");
    add("contactId", contact.id);
    add("name", contact.name);
    add("email", contact.email);
    add("phone", contact.phone);
  }
  return known;
}

/** The names of the tenant's users and contacts that occur in `text` (case-insensitive). */
async function namesWithin(tx: Queryable, text: string): Promise<string[]> {
  const rows = await tx.query<{ name: string }>(
    `SELECT name FROM users WHERE strpos(lower($1), lower(name)) > 0
     UNION SELECT name FROM contacts WHERE strpos(lower($1), lower(name)) > 0`,
    [text],
  );
  return rows.map((row) => row.name);
}

function callerUserId(context: OperationContext): string | null {
  return context.caller.kind === "tenant" ? context.caller.user.id : null;
}

function tenantIdOf(tenant: { id: string } | undefined): string {
  if (!tenant) throw new Error("a telemetry operation ran without a tenant");
  return tenant.id;
}

/**
 * Telemetry: raw events, linked to their user and contact (`user_id`, `contact_id`, `collected_at`: the
 * `telemetry-raw` rule counts per event from its collection), and per-period counts that hold no subject
 * identifier (the `telemetry-aggregated` rule counts from `period_end`).
 */
export const telemetry: OperationGroup = {
  name: "telemetry",
  inventory: telemetryInventory,
  tenantMigrations: [
    {
      id: "telemetry/001-events-and-aggregates",
      sql: (s) => `
        CREATE TABLE ${s}.telemetry_events (
          id uuid PRIMARY KEY,
          type text NOT NULL,
          name text NOT NULL,
          user_id uuid REFERENCES ${s}.users (id) ON DELETE CASCADE,
          contact_id uuid REFERENCES ${s}.contacts (id) ON DELETE CASCADE,
          duration_ms double precision,
          properties jsonb NOT NULL DEFAULT '{}'::jsonb,
          collected_at timestamptz NOT NULL,
          created_at timestamptz NOT NULL
        );
        CREATE INDEX telemetry_events_collected ON ${s}.telemetry_events (collected_at, id);
        CREATE INDEX telemetry_events_user ON ${s}.telemetry_events (user_id);
        CREATE INDEX telemetry_events_contact ON ${s}.telemetry_events (contact_id);
        CREATE TABLE ${s}.telemetry_aggregates (
          id uuid PRIMARY KEY,
          granularity text NOT NULL CHECK (granularity IN ('day', 'month')),
          period_start timestamptz NOT NULL,
          period_end timestamptz NOT NULL,
          event_type text NOT NULL,
          name text NOT NULL,
          count integer NOT NULL,
          duration_ms_sum double precision NOT NULL DEFAULT 0,
          duration_ms_count integer NOT NULL DEFAULT 0,
          created_at timestamptz NOT NULL,
          UNIQUE (granularity, period_start, event_type, name)
        );
        CREATE INDEX telemetry_aggregates_period ON ${s}.telemetry_aggregates (period_start, id);
        CREATE INDEX telemetry_aggregates_period_end ON ${s}.telemetry_aggregates (period_end);
      `,
    },
  ],
  operations: {
    async recordTelemetryEvent(context) {
      const { tx, now, tenant, platform } = context;
      const input = await scrubbed(context, await context.body<TelemetryEventCreate>());
      const userId = input.userId ?? callerUserId(context);
      const contactId = input.contactId ?? null;
      const known = await subjectsOf(tx, userId, contactId);
      // Names have no shape to recognise: every name of the tenant's users and contacts the event's
      // text holds is known too, so another subject's name never reaches an aggregate (§7).
      known.name = [...(known.name ?? []), ...(await namesWithin(tx, input.name))];
      const [row] = await tx.query<EventRow>(
        `INSERT INTO telemetry_events (id, type, name, user_id, contact_id, duration_ms, properties, collected_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $8) RETURNING *`,
        [
          randomUUID(),
          input.type,
          input.name,
          userId,
          contactId,
          input.durationMs ?? null,
          JSON.stringify(input.properties ?? {}),
          now,
        ],
      );
      if (!row) throw new Error("telemetry insert answered no row");
      const excluded = platform.policy.retention["telemetry-aggregated"]?.excludedIdentifiers ?? [];
      const name = aggregateName(input.name, excluded, known);
      for (const granularity of ["day", "month"] as const) {
        const period = periodOf(now, granularity);
        await tx.query(
          `INSERT INTO telemetry_aggregates (id, granularity, period_start, period_end, event_type, name, count,
             duration_ms_sum, duration_ms_count, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, 1, COALESCE($7::double precision, 0), CASE WHEN $7::double precision IS NULL THEN 0 ELSE 1 END, $8)
           ON CONFLICT (granularity, period_start, event_type, name) DO UPDATE SET
             count = telemetry_aggregates.count + 1,
             duration_ms_sum = telemetry_aggregates.duration_ms_sum + EXCLUDED.duration_ms_sum,
             duration_ms_count = telemetry_aggregates.duration_ms_count + EXCLUDED.duration_ms_count`,
          [
            randomUUID(),
            granularity,
            period.start,
            period.end,
            input.type,
            name,
            input.durationMs ?? null,
            now,
          ],
        );
      }
      // The event and its aggregates each start a clock of their own (§7): the sweep falls due at the earliest.
      await sweeperOf(platform).reschedule({ tx, platform, tenant: requireTenant(context), now });
      // No Location: the contract has no operation that reads one event.
      return { status: 201, body: eventView(row, tenantIdOf(tenant)) };
    },

    async listTelemetryEvents({ tx, query, tenant }) {
      const { cursor, limit, userId, contactId } = query<{
        cursor?: string;
        limit: number;
        userId?: string;
        contactId?: string;
      }>();
      const rows = await keysetRows<EventRow>(
        tx,
        {
          select: "SELECT * FROM telemetry_events",
          where: "($1::uuid IS NULL OR user_id = $1::uuid) AND ($2::uuid IS NULL OR contact_id = $2::uuid)",
          values: [userId ?? null, contactId ?? null],
          key: ["collected_at", "id"],
        },
        { cursor, limit },
      );
      const tenantId = tenantIdOf(tenant);
      return {
        status: 200,
        body: page(
          rows,
          limit,
          (row) => eventView(row, tenantId),
          (row) => [row.collected_at.toISOString(), row.id],
        ),
      };
    },

    async listTelemetryAggregates({ tx, query, tenant }) {
      const { cursor, limit, granularity } = query<{
        cursor?: string;
        limit: number;
        granularity?: Granularity;
      }>();
      const rows = await keysetRows<AggregateRow>(
        tx,
        {
          select: `SELECT id, granularity, period_start, period_end, event_type, name, count,
           CASE WHEN duration_ms_count = 0 THEN NULL ELSE duration_ms_sum / duration_ms_count END AS duration_ms_avg
         FROM telemetry_aggregates`,
          where: "$1::text IS NULL OR granularity = $1::text",
          values: [granularity ?? null],
          key: ["period_start", "id"],
        },
        { cursor, limit },
      );
      const tenantId = tenantIdOf(tenant);
      return {
        status: 200,
        body: page(
          rows,
          limit,
          (row) => aggregateView(row, tenantId),
          (row) => [row.period_start.toISOString(), row.id],
        ),
      };
    },
  },
};
