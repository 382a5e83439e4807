import type { Policy } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import type { Migration } from "../database/migrate.js";
import type { Logger } from "./logger.js";

/** Whose data an outbound request carries, and the transaction to look its allowed destinations up in. */
export interface OutboundOrigin {
  tenantId: string;
  tx: Queryable;
}

const origins = new WeakMap<Request, OutboundOrigin>();

/**
 * A request on behalf of a tenant: besides the published subprocessors it may reach the tenant's own
 * destinations (its connected integrations, its registered callback URLs). The lookup runs in the
 * caller's transaction, since PGlite serves one transaction at a time.
 */
export function tenantRequest(origin: OutboundOrigin, input: string | URL, init?: RequestInit): Request {
  const request = new Request(input, init);
  origins.set(request, origin);
  return request;
}

/** A destination the allow-list refused; it reaches no network, like a DNS failure would not. */
export class OutboundRefusedError extends TypeError {
  readonly host: string;
  constructor(host: string) {
    super("outbound destination not on the allow-list");
    this.name = "OutboundRefusedError";
    this.host = host;
  }
}

/** Catalogue table of each tenant's own destinations, kept by the groups that create them. */
export const outboundDestinationMigrations: readonly Migration[] = [
  {
    id: "outbound/001-destinations",
    sql: (s) => `
      CREATE TABLE ${s}.outbound_destinations (
        tenant_id uuid NOT NULL,
        source text NOT NULL,
        source_id uuid NOT NULL,
        host text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, source, source_id)
      );
      CREATE INDEX outbound_destinations_host ON ${s}.outbound_destinations (tenant_id, host);
    `,
  },
];

/** Allows `url`'s host for the tenant while the source (an integration, a callback endpoint) lives. */
export async function allowDestination(
  tx: Queryable,
  entry: {
    tenantId: string;
    source: "integration" | "callback-endpoint";
    sourceId: string;
    url: string;
    now: Date;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO catalog.outbound_destinations (tenant_id, source, source_id, host, created_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, source, source_id) DO UPDATE SET host = EXCLUDED.host`,
    [entry.tenantId, entry.source, entry.sourceId, new URL(entry.url).hostname.toLowerCase(), entry.now],
  );
}

export async function revokeDestination(
  tx: Queryable,
  entry: { tenantId: string; source: "integration" | "callback-endpoint"; sourceId: string },
): Promise<void> {
  await tx.query(
    "DELETE FROM catalog.outbound_destinations WHERE tenant_id = $1 AND source = $2 AND source_id = $3",
    [entry.tenantId, entry.source, entry.sourceId],
  );
}

/** `host` matches a pattern of a subprocessor's `hosts` (`api.twilio.com`, `*.twilio.com`). */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  return p.startsWith("*.") ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
}

export interface AllowListOptions {
  fetch: (request: Request) => Promise<Response>;
  policy: Policy;
  mode: "test" | "production";
  /**
   * The configured base URLs of the subprocessors. In test mode their hosts are allowed (the fakes on
   * loopback); in production only a published host is, so a base URL cannot open another destination.
   */
  vendorBaseUrls: Readonly<Record<string, string>>;
  logger: Logger;
}

/**
 * The composition's outbound fetch: only hosts of the published subprocessor list (integration sources
 * excluded: they are reached only once a tenant connects one), the configured vendor base URLs, and the
 * tenant's own destinations. Anything else is refused and logged with the host only, never a path,
 * query or body (they may carry personal data).
 */
export function allowListedFetch(options: AllowListOptions): (request: Request) => Promise<Response> {
  const published = Object.values(options.policy.subprocessors)
    .filter((subprocessor) => subprocessor.kind === "subprocessor")
    .flatMap((subprocessor) => subprocessor.hosts);
  const configured = new Set(
    options.mode === "test"
      ? Object.values(options.vendorBaseUrls).map((url) => new URL(url).hostname.toLowerCase())
      : [],
  );
  return async (request) => {
    const host = new URL(request.url).hostname.toLowerCase();
    if (configured.has(host) || published.some((pattern) => hostMatches(pattern, host))) {
      return options.fetch(request);
    }
    const origin = origins.get(request);
    if (origin) {
      const [row] = await origin.tx.query(
        "SELECT 1 FROM catalog.outbound_destinations WHERE tenant_id = $1 AND host = $2 LIMIT 1",
        [origin.tenantId, host],
      );
      if (row) return options.fetch(request);
    }
    options.logger.warn({ outboundHost: host, tenantId: origin?.tenantId ?? null }, "outbound call refused");
    throw new OutboundRefusedError(host);
  };
}
