import type { ReferenceOptions } from "@crmfactory/reference";
import { addDuration, crmFactoryPolicy, type Policy } from "@crmfactory/taxonomy";
import { defineFault, type Fault } from "./fault.js";
import {
  removeAuditEntries,
  withGroup,
  withTenantMigration,
  wrapJobs,
  wrapOperation,
} from "./group-wrapping.js";

const policyOf = (options: ReferenceOptions): Policy => options.policy ?? crmFactoryPolicy;

/** The sweep tolerance plus one day, in milliseconds: a purge this late is late on every rule. */
function beyondTolerance(policy: Policy): number {
  const from = new Date(0);
  return addDuration(addDuration(from, policy.parameters.sweepTolerance), "P1D").getTime() - from.getTime();
}

/**
 * Retention sweeps that run on a clock behind the tenant's by the tolerance and a day: every purge
 * happens that late. The sweep runs as of `now - lag`, and the sweep it leaves pending (placed at
 * the next deadline) is pushed back by the same lag.
 */
function sweepsBehind(options: ReferenceOptions): ReferenceOptions {
  const lag = beyondTolerance(policyOf(options));
  return withGroup(options, "retention", (group) =>
    wrapJobs(group, (original) => async (context) => {
      await original({ ...context, now: new Date(context.now.getTime() - lag) });
      await context.database.transaction((tx) =>
        tx.query(
          `UPDATE catalog.jobs SET due_at = due_at + make_interval(secs => $2::double precision / 1000)
           WHERE tenant_id = $1 AND kind = $3 AND status = 'pending'`,
          [context.job.tenantId, lag, context.job.kind],
        ),
      );
    }),
  );
}

/** A BEFORE DELETE trigger on `table` that keeps the row when `condition` (about OLD) holds. */
function keepRowsWhen(table: string, name: string, condition: string) {
  return (schema: string) => `
    CREATE FUNCTION ${schema}.${name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = ${schema}, catalog AS $$
      BEGIN
        IF ${condition} THEN RETURN NULL; END IF;
        RETURN OLD;
      END $$;
    CREATE TRIGGER ${name} BEFORE DELETE ON ${schema}.${table} FOR EACH ROW EXECUTE FUNCTION ${schema}.${name}();`;
}

/** Broken variants aimed at RET-INTEGRATION, RET-TELEMETRY-*, RET-BILLING and RET-SECURITY. */
export const retentionRecordFaults: readonly Fault[] = [
  defineFault({
    name: "integration-records-kept-after-disconnect",
    aims: ["RET-INTEGRATION"],
    description:
      "Disconnecting an integration (and the sweep after it) leaves its synced records in place: the purge statement is a no-op.",
    apply: (options) =>
      withGroup(options, "integrations", (group) =>
        withTenantMigration(
          group,
          "integrations/900-fault-keep-records",
          keepRowsWhen("integration_records", "fault_keep_integration_records", "true"),
        ),
      ),
  }),
  defineFault({
    name: "integration-records-kept-after-closure",
    aims: ["RET-INTEGRATION"],
    description:
      "Integration records of a closed account are never purged: the export window's end disconnects nothing it can delete.",
    apply: (options) =>
      withGroup(options, "integrations", (group) =>
        withTenantMigration(
          group,
          "integrations/901-fault-keep-records-of-closed-accounts",
          keepRowsWhen(
            "integration_records",
            "fault_keep_closed_integration_records",
            "EXISTS (SELECT 1 FROM catalog.tenants t WHERE t.schema_name = TG_TABLE_SCHEMA AND t.status <> 'active')",
          ),
        ),
      ),
  }),
  defineFault({
    name: "integration-sources-read-after-disconnect",
    aims: ["RET-INTEGRATION"],
    description:
      "Outbound calls: a sync of one source also refreshes every source the tenant ever synced, with their cached tokens, disconnected ones included.",
    apply: (options) => {
      const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
      const vendorHosts = new Set(
        Object.values(policyOf(options).subprocessors).flatMap((subprocessor) => subprocessor.hosts ?? []),
      );
      const lastQuery = new Map<string, Request>();
      return {
        ...options,
        fetch: async (request) => {
          const url = new URL(request.url);
          const source =
            request.method === "GET" && url.pathname.includes("/query") && !vendorHosts.has(url.host);
          if (source) {
            for (const [host, remembered] of lastQuery)
              if (host !== url.host) await send(remembered.clone()).catch(() => undefined);
            lastQuery.set(url.host, request.clone());
          }
          return send(request);
        },
      };
    },
  }),
  defineFault({
    name: "sweeps-run-a-day-past-tolerance",
    aims: ["RET-TELEMETRY-RAW", "RET-TELEMETRY-AGG", "RET-BILLING"],
    description:
      "The retention sweep reads a clock behind the tenant's by the sweep tolerance plus a day, so raw events, aggregates and invoices are purged that late.",
    apply: sweepsBehind,
  }),
  defineFault({
    name: "aggregates-keep-raw-event-names",
    aims: ["RET-TELEMETRY-AGG"],
    description:
      "Besides the scrubbed counts, each event is also counted under its raw name, so page paths carrying an email, a name or an id reach the aggregates.",
    apply: (options) =>
      withGroup(options, "telemetry", (group) =>
        wrapOperation(group, "recordTelemetryEvent", (original) => async (context) => {
          const result = await original(context);
          const event = result.body as { name: string; type: string };
          await context.tx.query(
            `INSERT INTO telemetry_aggregates (id, granularity, period_start, period_end, event_type, name, count, created_at)
             VALUES (gen_random_uuid(), 'day', date_trunc('day', $1::timestamptz, 'UTC'),
               date_trunc('day', $1::timestamptz, 'UTC') + interval '1 day', $2, $3, 1, $1)
             ON CONFLICT (granularity, period_start, event_type, name) DO NOTHING`,
            [context.now, event.type, `raw:${event.name}`],
          );
          return result;
        }),
      ),
  }),
  defineFault({
    name: "invoices-erased-by-erasure",
    aims: ["RET-BILLING"],
    description:
      "An erasure ignores the billing rule's legal hold and deletes the tenant's invoices along with the subject.",
    apply: (options) =>
      withGroup(options, "erasure", (group) =>
        wrapJobs(group, (original) => async (context) => {
          await original(context);
          await context.database.transaction((tx) =>
            tx.query("DELETE FROM catalog.invoices WHERE tenant_id = $1", [context.job.tenantId]),
          );
        }),
      ),
  }),
  defineFault({
    name: "invoices-purged-at-closure",
    aims: ["RET-BILLING"],
    description:
      "Closing the account purges its invoices with the rest of the account, years before the legal period ends.",
    apply: (options) =>
      withGroup(options, "tenants", (group) =>
        wrapOperation(group, "closeTenant", (original) => async (context) => {
          const result = await original(context);
          await context.tx.query("DELETE FROM catalog.invoices WHERE tenant_id = $1", [context.tenant?.id]);
          return result;
        }),
      ),
  }),
  defineFault({
    name: "payments-customer-deleted-when-looked-up",
    aims: ["RET-BILLING"],
    description:
      "Outbound calls: reading the payments customer (as an erasure does) also deletes it at the payments provider, its billing hold ignored.",
    apply: (options) => {
      const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
      return {
        ...options,
        fetch: async (request) => {
          const url = new URL(request.url);
          const lookup = request.method === "GET" && /^\/v1\/customers\/cus_[^/]+$/.test(url.pathname);
          const headers = new Headers(request.headers);
          const response = await send(request);
          if (lookup && response.ok) await send(new Request(url, { method: "DELETE", headers }));
          return response;
        },
      };
    },
  }),
  defineFault({
    name: "audit-trail-purged-at-window-end",
    aims: ["RET-SECURITY"],
    description:
      "The export window's end purges the audit trail with the sign-in credentials, instead of keeping it for its own period after closure.",
    apply: (options) =>
      withGroup(options, "tenants", (group) =>
        wrapJobs(group, (original) => async (context) => {
          await original(context);
          const tenantId = context.job.tenantId;
          if (tenantId) await removeAuditEntries(context.database, tenantId, "true");
        }),
      ),
  }),
  defineFault({
    name: "audit-entries-erased-with-subject",
    aims: ["RET-SECURITY"],
    description: "An erasure also deletes the audit entries naming the erased user.",
    apply: (options) =>
      withGroup(options, "erasure", (group) =>
        wrapJobs(group, (original) => async (context) => {
          await original(context);
          const tenantId = context.job.tenantId;
          if (!tenantId) return;
          await removeAuditEntries(
            context.database,
            tenantId,
            "e.target->>'type' = 'user' AND NOT EXISTS (SELECT 1 FROM {schema}.users u WHERE u.id::text = e.target->>'id')",
          );
        }),
      ),
  }),
];
