import { problem } from "../platform/problem.js";
import { netsuiteClientAssertion, netsuiteM2MKey } from "./netsuite-assertion.js";

export type IntegrationProvider = "salesforce" | "sap" | "netsuite";

/** The stored (sealed) credentials: one of the contract's three credential sets. */
export type IntegrationCredentials =
  | { baseUrl: string; accessToken: string; accountId?: string }
  | { baseUrl: string; clientId: string; clientSecret: string; accountId?: string }
  | { baseUrl: string; username: string; password: string; accountId?: string };

/** One record as the source serves it, with the email that links it to a subject, if it has one. */
export interface SourceRecord {
  objectType: string;
  externalId: string;
  email: string | null;
  data: Record<string, unknown>;
}

/** Sends one request to the customer's instance (through the allow-list, for the tenant). */
export type SourceFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Pages followed per object at most: a bound of the reference's own against a source that never ends. */
const maxPages = 1000;
const salesforceApiVersion = "v60.0";
const salesforceObjects = {
  Contact: "Id, FirstName, LastName, Email, Phone, Title, AccountId, LastModifiedDate",
  Lead: "Id, FirstName, LastName, Email, Phone, Company, Status, LastModifiedDate",
  Account: "Id, Name, Industry, Website, BillingCity, BillingCountry, LastModifiedDate",
} as const;

function refused(status: number): never {
  throw problem(
    "unavailable",
    `The integration source answered ${status}; the stored credentials may have expired. Nothing was synced.`,
  );
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  if (!response.ok) {
    await response.body?.cancel();
    refused(response.status);
  }
  return (await response.json()) as Record<string, unknown>;
}

function form(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;

/** The Authorization header for the source: a bearer token (given or granted) or basic credentials. */
async function authorization(
  provider: IntegrationProvider,
  credentials: IntegrationCredentials,
  send: SourceFetch,
  now: Date,
): Promise<string> {
  if ("accessToken" in credentials) return `Bearer ${credentials.accessToken}`;
  if ("username" in credentials && provider === "sap")
    return basic(credentials.username, credentials.password);
  const base = credentials.baseUrl.replace(/\/$/, "");
  if (provider === "salesforce") {
    const grant: Record<string, string> =
      "clientId" in credentials
        ? {
            grant_type: "client_credentials",
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
          }
        : { grant_type: "password", username: credentials.username, password: credentials.password };
    const token = await readJson(await send(`${base}/services/oauth2/token`, form(grant)));
    return `Bearer ${String(token.access_token)}`;
  }
  if (provider === "netsuite" && "clientId" in credentials) {
    // The client credentials (M2M) grant: a JWT signed with the mapped certificate's private key.
    const key = netsuiteM2MKey(credentials.clientSecret);
    if (!key)
      throw problem(
        "unavailable",
        "The stored NetSuite secret holds no certificate key; nothing was synced.",
      );
    const tokenUrl = `${base}/services/rest/auth/oauth2/v1/token`;
    const token = await readJson(
      await send(
        tokenUrl,
        form({
          grant_type: "client_credentials",
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          client_assertion: netsuiteClientAssertion(key, {
            clientId: credentials.clientId,
            audience: tokenUrl,
            now,
          }),
        }),
      ),
    );
    return `Bearer ${String(token.access_token)}`;
  }
  if ("clientId" in credentials) return basic(credentials.clientId, credentials.clientSecret);
  return basic(credentials.username, credentials.password);
}

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

async function* salesforce(base: string, auth: string, send: SourceFetch): AsyncGenerator<SourceRecord> {
  for (const [objectType, fields] of Object.entries(salesforceObjects)) {
    let path: string | undefined =
      `/services/data/${salesforceApiVersion}/query?q=${encodeURIComponent(`SELECT ${fields} FROM ${objectType}`)}`;
    for (let pages = 0; path && pages < maxPages; pages++) {
      const batch = await readJson(await send(`${base}${path}`, { headers: { authorization: auth } }));
      for (const record of (batch.records as Record<string, unknown>[]) ?? []) {
        const { attributes: _attributes, ...data } = record;
        yield { objectType, externalId: String(record.Id), email: text(record.Email), data };
      }
      path = batch.done === false ? (text(batch.nextRecordsUrl) ?? undefined) : undefined;
    }
  }
}

async function* sap(base: string, auth: string, send: SourceFetch): AsyncGenerator<SourceRecord> {
  const sets = [
    {
      objectType: "BusinessPartner",
      url: `${base}/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner?$format=json&$expand=to_AddressIndependentEmail`,
      id: "BusinessPartner",
    },
    {
      objectType: "SalesOrder",
      url: `${base}/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder?$format=json`,
      id: "SalesOrder",
    },
  ];
  for (const set of sets) {
    let url: string | null = set.url;
    for (let pages = 0; url && pages < maxPages; pages++) {
      const body = await readJson(
        await send(url, { headers: { authorization: auth, accept: "application/json" } }),
      );
      const d = (body.d ?? {}) as { results?: Record<string, unknown>[]; __next?: string };
      for (const record of d.results ?? []) {
        const { __metadata: _metadata, ...data } = record;
        const emails = (
          record.to_AddressIndependentEmail as { results?: { EmailAddress?: string }[] } | undefined
        )?.results;
        yield {
          objectType: set.objectType,
          externalId: String(record[set.id]),
          email: text(emails?.[0]?.EmailAddress ?? record.EmailAddress),
          data,
        };
      }
      url = text(d.__next);
    }
  }
}

async function* netsuite(base: string, auth: string, send: SourceFetch): AsyncGenerator<SourceRecord> {
  for (const [type, objectType] of [
    ["customer", "Customer"],
    ["salesOrder", "SalesOrder"],
    ["inventoryItem", "InventoryItem"],
  ] as const) {
    let offset = 0;
    for (let pages = 0; pages < maxPages; pages++) {
      const list = await readJson(
        await send(`${base}/services/rest/record/v1/${type}?limit=100&offset=${offset}`, {
          headers: { authorization: auth },
        }),
      );
      for (const item of (list.items as { id: string }[]) ?? []) {
        const record = await readJson(
          await send(`${base}/services/rest/record/v1/${type}/${encodeURIComponent(item.id)}`, {
            headers: { authorization: auth },
          }),
        );
        const { links: _links, ...data } = record;
        yield { objectType, externalId: String(record.id ?? item.id), email: text(record.email), data };
      }
      if (list.hasMore !== true) break;
      offset += ((list.items as unknown[]) ?? []).length;
    }
  }
}

/**
 * Every record the source holds for the connection, in the source's own shapes. `now` is the wall
 * clock: a signed assertion's times are checked by the source against its own clock, never a test clock.
 */
export async function* pullRecords(
  provider: IntegrationProvider,
  credentials: IntegrationCredentials,
  send: SourceFetch,
  now: Date,
): AsyncGenerator<SourceRecord> {
  const base = credentials.baseUrl.replace(/\/$/, "");
  const auth = await authorization(provider, credentials, send, now);
  if (provider === "salesforce") yield* salesforce(base, auth, send);
  else if (provider === "sap") yield* sap(base, auth, send);
  else yield* netsuite(base, auth, send);
}
