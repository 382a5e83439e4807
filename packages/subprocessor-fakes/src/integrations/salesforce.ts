import type { FakeContext } from "../core/context.js";
import { type FakeRequest, type FaultStatus, json, type Route, type VendorFake } from "../core/vendor.js";
import { salesforceRevoke, salesforceToken } from "./salesforce-oauth.js";
import type { SeedRecord, ServedLog, StoredRecord } from "./served-log.js";
import { matches, parseSoql, SoqlError } from "./soql.js";
import {
  emailLink,
  holdsIssuedToken,
  IntegrationSourceBase,
  type SourceInstance,
  type TokenIssuingInstance,
} from "./source-base.js";

/** The fields of a person's record (Contact and Lead), then each object's own; SOQL may select these. */
const PERSON = ["Id", "FirstName", "LastName", "Name", "Email", "Phone", "Title"] as const;
const TIMES = ["CreatedDate", "LastModifiedDate"] as const;
const FIELDS = {
  Contact: [...PERSON, "AccountId", ...TIMES],
  Lead: [...PERSON, "Company", "Status", ...TIMES],
  Account: ["Id", "Name", "Industry", "Phone", "Website", "BillingCity", "BillingCountry", ...TIMES],
} as const;
type SObject = keyof typeof FIELDS;
const PREFIX: Record<SObject, string> = { Contact: "003", Lead: "00Q", Account: "001" };

export interface SalesforceSeed {
  readonly instanceUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** For the username-password flow, when a test uses it. */
  readonly username?: string;
  readonly password?: string;
  readonly contacts?: readonly SeedRecord[];
  readonly leads?: readonly SeedRecord[];
  readonly accounts?: readonly SeedRecord[];
}

interface SalesforceInstance extends SourceInstance<SObject, SalesforceSeed>, TokenIssuingInstance {
  readonly cursors: Map<string, { rows: Record<string, unknown>[]; version: string; totalSize: number }>;
}

const sfError = (status: number, errorCode: string, message: string) =>
  json(status, [{ message, errorCode }]);

/**
 * Salesforce REST: OAuth 2.0 token and revoke, SOQL query of Contact, Lead and Account, record fetch.
 * State per instance URL (the org's My Domain).
 */
export class SalesforceSource
  extends IntegrationSourceBase<SObject, SalesforceSeed, SalesforceInstance>
  implements VendorFake
{
  readonly vendor = "salesforce" as const;
  readonly routes: readonly Route[];

  constructor(context: FakeContext, served: ServedLog) {
    super(
      context,
      served,
      (["Contact", "Lead"] as const).map((set) => ({
        set,
        object: set,
        links: (record) => emailLink("Email", record.fields.Email),
      })),
    );
    this.routes = [
      // https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_endpoints.htm&type=5 and
      // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm
      {
        endpoint: "oauth.token",
        method: "POST",
        path: "/services/oauth2/token",
        handle: (request) => salesforceToken(request, this.instances, this.context.ids),
      },
      // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_revoke_token.htm
      {
        endpoint: "oauth.revoke",
        method: "POST",
        path: "/services/oauth2/revoke",
        handle: (request) => salesforceRevoke(request, this.instances),
      },
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
      {
        endpoint: "query",
        method: "GET",
        path: "/services/data/:version/query",
        handle: (request, params) => this.#query(request, params.version ?? ""),
      },
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm (nextRecordsUrl)
      {
        endpoint: "query.more",
        method: "GET",
        path: "/services/data/:version/query/:locator",
        handle: (request, params) => this.#more(request, params),
      },
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve.htm
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_get_field_values.htm
      {
        endpoint: "sobject.get",
        method: "GET",
        path: "/services/data/:version/sobjects/:sobject/:id",
        handle: (request, params) => this.#record(request, params),
      },
    ];
  }

  /** Seeds an org; returns the stored records with their generated 18-character ids. */
  seed(seed: SalesforceSeed) {
    return this.seedInstance(seed, { accounts: "Account", contacts: "Contact", leads: "Lead" });
  }

  protected newInstance(seed: SalesforceSeed): SalesforceInstance {
    const records = { Contact: new Map(), Lead: new Map(), Account: new Map() };
    return { seed, records, tokens: new Set(), cursors: new Map() };
  }

  protected idField(): string {
    return "Id";
  }

  protected newId(_instance: SalesforceInstance, sobject: SObject, instanceUrl: string): string {
    return salesforceId(PREFIX[sobject], this.context.ids.next(`salesforce:${instanceUrl}:${sobject}`, 12));
  }

  protected override derivedFields(sobject: SObject, record: SeedRecord): SeedRecord {
    return sobject === "Account"
      ? {}
      : { Name: [record.FirstName, record.LastName].filter(Boolean).join(" ") };
  }

  protected authenticates(instance: SalesforceInstance, request: FakeRequest): boolean {
    return holdsIssuedToken(instance, request);
  }

  protected unauthorised(): Response {
    return sfError(401, "INVALID_SESSION_ID", "Session expired or invalid");
  }

  override servesHost(host: string): boolean {
    return (
      host === "login.salesforce.com" ||
      host === "test.salesforce.com" ||
      this.instances.has(`https://${host}`)
    );
  }

  notFound(_request: FakeRequest, pathExists: boolean): Response {
    if (pathExists) return sfError(405, "METHOD_NOT_ALLOWED", "HTTP Method not allowed for this resource");
    return sfError(404, "NOT_FOUND", "The requested resource does not exist");
  }

  faultResponse(status: FaultStatus): Response {
    const response =
      status === 429
        ? sfError(429, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
        : sfError(
            status,
            status === 503 ? "SERVER_UNAVAILABLE" : "UNKNOWN_EXCEPTION",
            "An unexpected error occurred. Please try again.",
          );
    return response;
  }

  #query(request: FakeRequest, version: string): Response {
    const instance = this.authorised(request);
    if (instance instanceof Response) return instance;
    if (!/^v\d{2}\.0$/.test(version)) return this.notFound(request, false);
    const q = request.url.searchParams.get("q");
    if (!q) return sfError(400, "MALFORMED_QUERY", "A query string has to be specified");
    try {
      const query = parseSoql(q);
      if (!(query.object in FIELDS))
        throw new SoqlError("INVALID_TYPE", `sObject type '${query.object}' is not supported.`);
      const sobject = query.object as SObject;
      const allowed: readonly string[] = FIELDS[sobject];
      for (const field of [
        ...query.fields,
        ...query.where.map((c) => c.field),
        ...(query.orderBy ? [query.orderBy.field] : []),
      ]) {
        if (!allowed.includes(field))
          throw new SoqlError("INVALID_FIELD", `No such column '${field}' on entity '${sobject}'.`);
      }
      let rows = [...instance.records[sobject].values()].filter((record) =>
        query.where.every((condition) => matches(fieldValue(record, condition.field), condition)),
      );
      if (query.orderBy) {
        const { field, descending } = query.orderBy;
        rows.sort(
          (a, b) =>
            String(fieldValue(a, field) ?? "").localeCompare(String(fieldValue(b, field) ?? "")) *
            (descending ? -1 : 1),
        );
      }
      rows = rows.slice(
        query.offset ?? 0,
        query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit,
      );
      const shaped = rows.map((record) => this.#shape(record, sobject, query.fields, version));
      const batch = batchSize(request.headers.get("sforce-query-options"));
      return this.#page(request, instance, shaped, version, shaped.length, batch, "query");
    } catch (error) {
      if (error instanceof SoqlError) return sfError(400, error.errorCode, error.message);
      throw error;
    }
  }

  #more(request: FakeRequest, params: Record<string, string>): Response {
    const instance = this.authorised(request);
    if (instance instanceof Response) return instance;
    const cursor = instance.cursors.get(params.locator ?? "");
    if (!cursor) return sfError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    instance.cursors.delete(params.locator ?? "");
    return this.#page(
      request,
      instance,
      cursor.rows,
      cursor.version,
      cursor.totalSize,
      batchSize(request.headers.get("sforce-query-options")),
      "query.more",
    );
  }

  #page(
    request: FakeRequest,
    instance: SalesforceInstance,
    rows: Record<string, unknown>[],
    version: string,
    totalSize: number,
    batch: number,
    endpoint: string,
  ): Response {
    const records = rows.slice(0, batch);
    const rest = rows.slice(batch);
    const body: Record<string, unknown> = { totalSize, done: rest.length === 0, records };
    if (rest.length > 0) {
      const locator = `01g${this.context.ids.next(`salesforce:${request.credential}:locator`, 15)}-${totalSize - rest.length}`;
      instance.cursors.set(locator, { rows: rest, version, totalSize });
      body.nextRecordsUrl = `/services/data/${version}/query/${locator}`;
    }
    for (const record of records) this.#logServed(request, record, endpoint);
    return json(200, body);
  }

  #record(request: FakeRequest, params: Record<string, string>): Response {
    const instance = this.authorised(request);
    if (instance instanceof Response) return instance;
    const sobject = params.sobject as SObject;
    if (!(sobject in FIELDS)) return sfError(404, "NOT_FOUND", "The requested resource does not exist");
    const record = instance.records[sobject].get(params.id ?? "");
    if (!record) return sfError(404, "NOT_FOUND", "The requested resource does not exist");
    const requested = request.url.searchParams
      .get("fields")
      ?.split(",")
      .map((field) => field.trim()) ?? [...FIELDS[sobject]];
    const unknown = requested.find((field) => !(FIELDS[sobject] as readonly string[]).includes(field));
    if (unknown)
      return sfError(400, "INVALID_FIELD", `No such column '${unknown}' on sobject of type ${sobject}`);
    const shaped = this.#shape(record, sobject, requested, params.version ?? "v60.0");
    this.#logServed(request, shaped, "sobject.get");
    return json(200, shaped);
  }

  #shape(
    record: StoredRecord,
    sobject: SObject,
    fields: readonly string[],
    version: string,
  ): Record<string, unknown> {
    const shaped: Record<string, unknown> = {
      attributes: { type: sobject, url: `/services/data/${version}/sobjects/${sobject}/${record.id}` },
    };
    for (const field of fields) shaped[field] = fieldValue(record, field) ?? null;
    return shaped;
  }

  #logServed(request: FakeRequest, record: Record<string, unknown>, endpoint: string): void {
    const attributes = record.attributes as { type: string; url: string };
    this.logServed(request, {
      object: attributes.type,
      id: attributes.url.split("/").at(-1) ?? "",
      fields: Object.keys(record).filter((key) => key !== "attributes"),
      endpoint,
    });
  }
}

function fieldValue(record: StoredRecord, field: string): unknown {
  if (field === "CreatedDate") return salesforceTime(record.created);
  if (field === "LastModifiedDate") return salesforceTime(record.modified);
  return record.fields[field];
}

/** `2026-04-01T09:30:00.000+0000`, as the REST API writes datetimes. */
const salesforceTime = (date: Date) => date.toISOString().replace("Z", "+0000");

function batchSize(header: string | null): number {
  const match = /batchSize=(\d+)/.exec(header ?? "");
  return match ? Math.min(2000, Math.max(200, Number(match[1]))) : 2000;
}

/** A 15-character id and its 3-character case-safe suffix (18 characters in all). */
export function salesforceId(prefix: string, random: string): string {
  const id15 = `${prefix}${random}`.slice(0, 15).padEnd(15, "0");
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(id15[chunk * 5 + i] ?? "")) bits |= 1 << i;
    suffix += alphabet[bits];
  }
  return id15 + suffix;
}
