import type { FakeContext } from "../core/context.js";
import {
  basicCredentials,
  type FakeRequest,
  type FaultStatus,
  json,
  type Route,
  type VendorFake,
} from "../core/vendor.js";
import { assertedScopes, checkClientAssertion, JWT_BEARER, type NetSuiteM2MMapping } from "./netsuite-m2m.js";
import type { SeedRecord, ServedLog, StoredRecord } from "./served-log.js";
import {
  emailLink,
  holdsIssuedToken,
  IntegrationSourceBase,
  listAndGetRoutes,
  type SourceInstance,
  type TokenIssuingInstance,
} from "./source-base.js";

const RECORDS = ["customer", "salesOrder", "inventoryItem"] as const;
type RecordType = (typeof RECORDS)[number];
const BASE = "/services/rest/record/v1";

export interface NetSuiteSeed {
  readonly instanceUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** A refresh token the connection holds (authorization code grant, done outside the API). */
  readonly refreshToken: string;
  /** Certificates mapped for the client credentials (M2M) grant; without one that grant is refused. */
  readonly m2m?: readonly NetSuiteM2MMapping[];
  readonly customers?: readonly SeedRecord[];
  readonly salesOrders?: readonly SeedRecord[];
  readonly inventoryItems?: readonly SeedRecord[];
}

interface NetSuiteInstance extends SourceInstance<RecordType, NetSuiteSeed>, TokenIssuingInstance {
  next: number;
}

// NetSuite REST errors are RFC 9457 documents with `o:errorDetails`:
// https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_1545222128.html
const statusTitles: Record<number, [string, string]> = {
  400: ["Bad Request", "15.5.1"],
  401: ["Unauthorized", "15.5.2"],
  404: ["Not Found", "15.5.5"],
  405: ["Method Not Allowed", "15.5.6"],
  429: ["Too Many Requests", "15.5.20"],
  500: ["Internal Server Error", "15.6.1"],
  502: ["Bad Gateway", "15.6.3"],
  503: ["Service Unavailable", "15.6.4"],
};
function nsError(status: number, errorCode: string, detail: string): Response {
  const [title, section] = statusTitles[status] ?? ["Error", "15"];
  return json(
    status,
    {
      type: `https://www.rfc-editor.org/rfc/rfc9110.html#section-${section}`,
      title,
      status,
      "o:errorDetails": [{ detail, "o:errorCode": errorCode }],
    },
    { "content-type": "application/vnd.oracle.resource+json; type=error; charset=UTF-8" },
  );
}

/** NetSuite REST record service: customers, sales orders, inventory items; OAuth 2.0 refresh and M2M grants. */
export class NetSuiteSource
  extends IntegrationSourceBase<RecordType, NetSuiteSeed, NetSuiteInstance>
  implements VendorFake
{
  readonly vendor = "netsuite" as const;
  readonly routes: readonly Route[];

  constructor(context: FakeContext, served: ServedLog) {
    super(context, served, [
      { set: "customer", object: "customer", links: (record) => emailLink("email", record.fields.email) },
      {
        set: "salesOrder",
        object: "salesOrder",
        links: (record, records) =>
          emailLink("entity", records.customer.get(String(record.fields.entity))?.fields.email),
      },
    ]);
    this.routes = [
      // https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_158081952044.html (refresh token grant)
      // https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_162755359851.html (client credentials)
      {
        endpoint: "oauth.token",
        method: "POST",
        path: "/services/rest/auth/oauth2/v1/token",
        handle: (request) => this.#token(request),
      },
      // Records: https://system.netsuite.com/help/helpcenter/en_US/APIs/REST_API_Browser/record/v1/2025.1/index.html
      // collection, paging and q: https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_1545222128.html
      // a record: https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_1545141395.html
      ...RECORDS.flatMap((type) =>
        listAndGetRoutes(
          type,
          { list: `${BASE}/${type}`, get: `${BASE}/${type}/:id` },
          (request) => this.#list(request, type),
          (request, id) => this.#get(request, type, id),
        ),
      ),
    ];
  }

  seed(seed: NetSuiteSeed) {
    return this.seedInstance(seed, {
      customers: "customer",
      salesOrders: "salesOrder",
      inventoryItems: "inventoryItem",
    });
  }

  protected newInstance(seed: NetSuiteSeed): NetSuiteInstance {
    const records = { customer: new Map(), salesOrder: new Map(), inventoryItem: new Map() };
    return { seed, records, tokens: new Set(), next: 100 };
  }

  protected idField(): string {
    return "id";
  }

  protected newId(instance: NetSuiteInstance): string {
    return String(instance.next++);
  }

  protected authenticates(instance: NetSuiteInstance, request: FakeRequest): boolean {
    return holdsIssuedToken(instance, request);
  }

  protected unauthorised(): Response {
    return nsError(
      401,
      "INVALID_LOGIN",
      "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI.",
    );
  }

  notFound(request: FakeRequest, pathExists: boolean): Response {
    if (pathExists)
      return nsError(
        405,
        "INVALID_REQUEST",
        `The ${request.method} method is not allowed for this resource.`,
      );
    return nsError(404, "NONEXISTENT_ID", "The record type does not exist or the resource path is invalid.");
  }

  faultResponse(status: FaultStatus): Response {
    return status === 429
      ? nsError(429, "CONCURRENCY_LIMIT_EXCEEDED", "Request blocked by the concurrency limit.")
      : nsError(status, "UNEXPECTED_ERROR", "An unexpected error occurred.");
  }

  #token(request: FakeRequest): Response {
    const instance = this.instances.get(`https://${request.url.host}`);
    const form = new URLSearchParams(request.text());
    if (instance && form.get("grant_type") === "client_credentials")
      return this.#m2mToken(instance, request, form);
    const client = basicCredentials(request.headers);
    if (
      !instance ||
      client?.user !== instance.seed.clientId ||
      client.password !== instance.seed.clientSecret
    ) {
      return json(401, { error: "invalid_client" });
    }
    if (form.get("grant_type") !== "refresh_token") return json(400, { error: "unsupported_grant_type" });
    if (form.get("refresh_token") !== instance.seed.refreshToken)
      return json(400, { error: "invalid_grant" });
    const token = this.#issue(instance);
    return json(200, {
      access_token: token,
      refresh_token: instance.seed.refreshToken,
      expires_in: "3600",
      token_type: "bearer",
    });
  }

  // The client credentials (M2M) grant: a JWT assertion, no client secret and no refresh token.
  #m2mToken(instance: NetSuiteInstance, request: FakeRequest, form: URLSearchParams): Response {
    const assertion = form.get("client_assertion");
    if (form.get("client_assertion_type") !== JWT_BEARER || !assertion)
      return json(400, { error: "invalid_request" });
    const checked = checkClientAssertion(assertion, {
      clientId: instance.seed.clientId,
      mappings: instance.seed.m2m ?? [],
      audience: `https://${request.url.host}/services/rest/auth/oauth2/v1/token`,
      now: request.time,
    });
    if (!checked.ok) return json(checked.error === "invalid_client" ? 401 : 400, { error: checked.error });
    // A token for the REST record service only when the assertion asked for `rest_webservices`.
    const token = assertedScopes(assertion).includes("rest_webservices")
      ? this.#issue(instance)
      : this.context.ids.next(`netsuite:${request.url.host}:token`, 48);
    return json(200, { access_token: token, expires_in: "3600", token_type: "bearer" });
  }

  #issue(instance: NetSuiteInstance): string {
    const token = this.context.ids.next(`netsuite:${new URL(instance.seed.instanceUrl).host}:token`, 48);
    instance.tokens.add(token);
    return token;
  }

  #list(request: FakeRequest, type: RecordType): Response {
    const instance = this.authorised(request);
    if (instance instanceof Response) return instance;
    const query = request.url.searchParams;
    const limit = Number(query.get("limit") ?? 1000);
    const offset = Number(query.get("offset") ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return nsError(400, "INVALID_PARAMETER", "The limit must be between 1 and 1000.");
    if (!Number.isInteger(offset) || offset < 0 || offset % limit !== 0) {
      return nsError(400, "INVALID_PARAMETER", "The offset must be a multiple of the limit.");
    }
    let filter: (record: StoredRecord) => boolean;
    try {
      filter = parseQ(query.get("q"));
    } catch (error) {
      return nsError(400, "INVALID_PARAMETER", (error as Error).message);
    }
    const all = [...instance.records[type].values()].filter(filter);
    const page = all.slice(offset, offset + limit);
    const self = `${request.publicOrigin()}${BASE}/${type}`;
    const at = (n: number) =>
      `${self}?limit=${limit}&offset=${n}${query.get("q") ? `&q=${encodeURIComponent(query.get("q") ?? "")}` : ""}`;
    const links = [{ rel: "self", href: at(offset) }];
    if (offset + limit < all.length) links.push({ rel: "next", href: at(offset + limit) });
    for (const record of page) {
      this.logServed(request, { object: type, id: record.id, fields: ["id"], endpoint: `${type}.list` });
    }
    return json(200, {
      links,
      count: page.length,
      hasMore: offset + limit < all.length,
      items: page.map((record) => ({
        links: [{ rel: "self", href: `${self}/${record.id}` }],
        id: record.id,
      })),
      offset,
      totalResults: all.length,
    });
  }

  #get(request: FakeRequest, type: RecordType, id: string): Response {
    const found = this.authorisedRecord(request, type, id, () =>
      nsError(
        404,
        "NONEXISTENT_ID",
        "The record instance does not exist. Provide a valid record instance ID.",
      ),
    );
    if (found instanceof Response) return found;
    const { instance, record } = found;
    const body = {
      links: [{ rel: "self", href: `${request.publicOrigin()}${BASE}/${type}/${id}` }],
      ...record.fields,
      ...(type === "salesOrder" && typeof record.fields.entity === "string"
        ? { entity: this.#customerReference(request, instance, record.fields.entity) }
        : {}),
      dateCreated: record.created.toISOString(),
      lastModifiedDate: record.modified.toISOString(),
    };
    this.logServed(request, {
      object: type,
      id,
      fields: Object.keys(body).filter((key) => key !== "links"),
      endpoint: `${type}.get`,
    });
    return json(200, body);
  }

  /** A sales order's `entity`, as NetSuite writes a reference to another record. */
  #customerReference(request: FakeRequest, instance: NetSuiteInstance, id: string) {
    const customer = instance.records.customer.get(id);
    return {
      links: [{ rel: "self", href: `${request.publicOrigin()}${BASE}/customer/${id}` }],
      id,
      refName: String(customer?.fields.entityId ?? id),
    };
  }
}

/** `q`: `email IS "ada@example.com"`, `lastModifiedDate ON_OR_AFTER "2026-04-01"`, joined by AND. */
function parseQ(text: string | null): (record: StoredRecord) => boolean {
  if (!text) return () => true;
  const tests = text.split(/\s+AND\s+/).map((clause) => {
    const match = /^\s*(\w+)\s+(IS|IS_NOT|CONTAIN|ON_OR_AFTER|AFTER|BEFORE)\s+"([^"]*)"\s*$/.exec(clause);
    if (!match) throw new Error(`Invalid search query: ${clause}`);
    const [, field = "", op = "", value = ""] = match;
    return (record: StoredRecord) => {
      if (op === "ON_OR_AFTER" || op === "AFTER" || op === "BEFORE") {
        const left =
          field === "lastModifiedDate"
            ? record.modified.getTime()
            : field === "dateCreated"
              ? record.created.getTime()
              : Date.parse(String(record.fields[field]));
        const right = Date.parse(value);
        return op === "ON_OR_AFTER" ? left >= right : op === "AFTER" ? left > right : left < right;
      }
      const actual = String(record.fields[field] ?? "").toLowerCase();
      const wanted = value.toLowerCase();
      return op === "IS" ? actual === wanted : op === "IS_NOT" ? actual !== wanted : actual.includes(wanted);
    };
  });
  return (record) => tests.every((test) => test(record));
}
