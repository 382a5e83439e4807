import { createValidator } from "@crmfactory/api";
import { crmFactoryPolicy, type Policy } from "@crmfactory/taxonomy";
import type { Database } from "./database/database.js";
import { defaultAppRole } from "./database/database.js";
import type { Migration } from "./database/migrate.js";
import { createPgDatabase } from "./database/pg-database.js";
import { createPgliteDatabase } from "./database/pglite-database.js";
import { SchemaStore } from "./database/schema-store.js";
import { platformTenantMigrations } from "./database/tenant-migrations.js";
import { createApp } from "./http/create-app.js";
import { defaultLimits, type ImplementationLimits } from "./limits.js";
import { operationGroups } from "./operations/index.js";
import type {
  OperationGroup,
  OperationHandler,
  OutboundFetch,
  Platform,
} from "./operations/operation-group.js";
import { type Clock, systemClock } from "./platform/clock.js";
import { platformInventory } from "./platform/inventory.js";
import { JobQueue } from "./platform/jobs.js";
import { createLogger, type Logger } from "./platform/logger.js";
import { allowListedFetch } from "./platform/outbound-allow-list.js";
import { type OutboundRetryOptions, retryingFetch } from "./platform/outbound-retry.js";
import { createSealer } from "./platform/sealing.js";
import { hashSecret } from "./platform/secrets.js";
import { defaultEraser } from "./privacy/default-eraser.js";
import { defaultExporter } from "./privacy/default-exporter.js";
import { defaultSweeper } from "./privacy/default-sweeper.js";
import { version } from "./version.js";

/** Where the reference keeps its data. */
export type DatabaseOption =
  | Database
  | { driver: "pglite"; dataDir?: string; loadDataDir?: Blob }
  | { driver: "pg"; connectionString: string };

export interface ReferenceOptions {
  /** The policy to enforce: any valid policy of the taxonomy's model. Default CRM Factory's. */
  policy?: Policy;
  /** Default: PGlite in memory. A `Database` passed in is closed by `close()`. */
  database?: DatabaseOption;
  /** `test` serves test clocks and the inventory; `production` answers them `not-found`. Default `test`. */
  mode?: "test" | "production";
  /** The wall clock outside test clocks. Default the system clock. */
  clock?: Clock;
  /**
   * Every outbound call (subprocessors, integrations, callbacks) goes through this, behind the allow-list
   * (`src/platform/outbound-allow-list.ts`). Default `globalThis.fetch`.
   */
  fetch?: OutboundFetch;
  /**
   * Retries of a subprocessor's 429s, 5xx and timeouts under every outbound client
   * (`src/platform/outbound-retry.ts`): attempts, backoff, `Retry-After` bound, per-attempt timeout, jitter seed.
   */
  outboundRetry?: OutboundRetryOptions;
  /** A pino logger. Default: pino on standard output at `info`. */
  logger?: Logger;
  /** The operator's token (`operatorAuth`); only its SHA-256 is kept. Without it no operator call succeeds. */
  operatorToken?: string;
  /** The reference's own lifetimes and bounds (`limits` of `getMeta`). */
  limits?: Partial<ImplementationLimits>;
  /** Tenant schemas kept migrated ahead of sign-ups. Default 4. */
  schemaPoolSize?: number;
  /** The operation groups served. Default every group of `src/operations/index.ts`. */
  groups?: readonly OperationGroup[];
  /** Replaceable parts by name (adapters, sweeper, eraser, notifier...), read by the groups that use them. */
  parts?: Record<string, unknown>;
  /** Milliseconds between wall-clock job polls; `0` runs no poller (tests drive jobs through test clocks). Default 1000. */
  pollIntervalMs?: number;
  /** Path prefix of the contract's paths. Default `/v1`. */
  basePath?: string;
  /** The database role application transactions act as. Default `crmf_app`. */
  appRole?: string;
  /**
   * Base URL of each subprocessor with a vendor profile, by subprocessor id. Default: the environment
   * variable the profile names (`STRIPE_API_BASE_URL`...), else the profile's default base URL.
   */
  vendorBaseUrls?: Record<string, string>;
  /**
   * 32 bytes (64 hex digits or base64) sealing what is kept at rest and read back (stored idempotent
   * responses, which can hold tokens). Default: a random key for this process, so replays do not
   * survive a restart.
   */
  secretKey?: string;
  /** Environment read for the vendor base URLs. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

export interface Reference {
  /** The API as an in-process fetch handler. */
  fetch(request: Request): Promise<Response>;
  /** Stops the poller, waits for running work, closes the database. */
  close(): Promise<void>;
  readonly platform: Platform;
}

export async function createReference(options: ReferenceOptions = {}): Promise<Reference> {
  const policy = options.policy ?? crmFactoryPolicy;
  const groups = options.groups ?? operationGroups;
  const logger = options.logger ?? createLogger();
  const appRole = options.appRole ?? defaultAppRole;
  const database = await openDatabase(options.database, appRole);
  const tenantMigrations: Migration[] = [
    ...platformTenantMigrations,
    ...groups.flatMap((group) => group.tenantMigrations ?? []),
  ];
  const schemas = new SchemaStore({
    database,
    appRole,
    tenantMigrations,
    catalogueMigrations: groups.flatMap((group) => group.catalogueMigrations ?? []),
    poolSize: options.schemaPoolSize ?? 4,
  });
  await schemas.prepare();
  const jobs = new JobQueue(database, logger);
  const handlers = new Map<string, OperationHandler>();
  for (const group of groups) {
    // Jobs run after boot, so `platform` (declared below) is set by then.
    for (const [kind, handler] of Object.entries(group.jobs ?? {})) {
      jobs.register(kind, (context) => handler({ ...context, platform }));
    }
    for (const [operationId, handler] of Object.entries(group.operations)) {
      if (handlers.has(operationId)) throw new Error(`${operationId} is served by two groups`);
      if (handler) handlers.set(operationId, handler);
    }
  }
  await jobs.recover();
  const running = new Set<Promise<unknown>>();
  const baseUrls = Object.freeze(vendorBaseUrls(policy, options.env ?? process.env, options.vendorBaseUrls));
  const platform: Platform = {
    policy,
    validator: createValidator({ policy }),
    mode: options.mode ?? "test",
    limits: Object.freeze({ ...defaultLimits, ...options.limits }),
    database,
    schemas,
    jobs,
    clock: options.clock ?? systemClock,
    fetch: allowListedFetch({
      // Behind the allow-list, so a refused destination is never tried twice.
      fetch: retryingFetch(
        options.fetch ?? ((request) => globalThis.fetch(request)),
        logger,
        options.outboundRetry,
      ),
      policy,
      mode: options.mode ?? "test",
      vendorBaseUrls: baseUrls,
      logger,
    }),
    logger,
    implementation: { name: "@crmfactory/reference", version },
    // The privacy parts default to the reference's own; a composition (a conformance fault) swaps one.
    parts: Object.freeze({
      exporter: defaultExporter,
      eraser: defaultEraser,
      sweeper: defaultSweeper,
      ...options.parts,
    }),
    sealer: createSealer(options.secretKey),
    inventorySources: Object.freeze([
      platformInventory,
      ...groups.flatMap((group) => (group.inventory ? [group.inventory] : [])),
    ]),
    subjectErasers: Object.freeze(
      groups.flatMap((group) => (group.eraseSubject ? [group.eraseSubject] : [])),
    ),
    vendorBaseUrls: baseUrls,
    background(task) {
      const tracked = task.catch((error) => logger.error({ err: error }, "background task failed"));
      running.add(tracked);
      void tracked.finally(() => running.delete(tracked));
    },
  };
  void schemas.fillPool().catch((error) => logger.error({ err: error }, "schema pool fill failed"));
  const app = createApp({
    platform,
    handlers,
    operatorTokenHash: options.operatorToken ? hashSecret(options.operatorToken) : undefined,
    basePath: options.basePath ?? "/v1",
  });
  const poller = startPoller(platform, options.pollIntervalMs ?? 1000);
  let closed: Promise<void> | undefined;
  return {
    platform,
    fetch: (request) => Promise.resolve(app.fetch(request)),
    close() {
      closed ??= (async () => {
        await poller.stop();
        await schemas.close();
        while (running.size > 0) await Promise.all([...running]);
        await database.close();
      })();
      return closed;
    },
  };
}

function vendorBaseUrls(
  policy: Policy,
  env: Record<string, string | undefined>,
  given: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, subprocessor] of Object.entries(policy.subprocessors)) {
    const vendor = subprocessor.vendor;
    const url =
      given[id] ?? (vendor?.baseUrlEnv ? env[vendor.baseUrlEnv] : undefined) ?? vendor?.defaultBaseUrl;
    if (url) out[id] = url;
  }
  return out;
}

async function openDatabase(option: DatabaseOption | undefined, appRole: string): Promise<Database> {
  if (!option) return createPgliteDatabase({ appRole });
  if ("transaction" in option) return option;
  if (option.driver === "pg") return createPgDatabase({ connectionString: option.connectionString, appRole });
  return createPgliteDatabase({
    appRole,
    ...(option.dataDir ? { dataDir: option.dataDir } : {}),
    ...(option.loadDataDir ? { loadDataDir: option.loadDataDir } : {}),
  });
}

/** Runs jobs of tenants on the wall clock as they fall due; one pass at a time. */
function startPoller(platform: Platform, intervalMs: number) {
  if (intervalMs <= 0) return { stop: async () => {} };
  let pass: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (pass || stopped) return;
    pass = (async () => {
      for (;;) {
        if (stopped) return;
        const job = await platform.jobs.claimNext({ wallClock: true }, platform.clock.now());
        if (!job) return;
        await platform.jobs.run(job);
      }
    })()
      .catch((error) => platform.logger.error({ err: error }, "job poll failed"))
      .finally(() => {
        pass = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await pass;
    },
  };
}
