import type { FakeContext } from "../core/context.js";
import {
  basicCredentials,
  type FakeRequest,
  type FaultStatus,
  json,
  type Route,
  type VendorFake,
} from "../core/vendor.js";
import type { SeedRecord, ServedLog, StoredRecord } from "./served-log.js";
import { emailLink, IntegrationSourceBase, listAndGetRoutes, type SourceInstance } from "./source-base.js";

const BP = "/sap/opu/odata/sap/API_BUSINESS_PARTNER";
const SO = "/sap/opu/odata/sap/API_SALES_ORDER_SRV";
/** A business partner's email, as OData names the property behind its navigation. */
const EMAIL_FIELD = "to_AddressIndependentEmail/EmailAddress";

interface EntitySet {
  readonly service: string;
  readonly set: "A_BusinessPartner" | "A_SalesOrder";
  readonly key: "BusinessPartner" | "SalesOrder";
  readonly type: string;
}
const SETS: Record<"businessPartners" | "salesOrders", EntitySet> = {
  businessPartners: {
    service: BP,
    set: "A_BusinessPartner",
    key: "BusinessPartner",
    type: "API_BUSINESS_PARTNER.A_BusinessPartnerType",
  },
  salesOrders: {
    service: SO,
    set: "A_SalesOrder",
    key: "SalesOrder",
    type: "API_SALES_ORDER_SRV.A_SalesOrderType",
  },
};
type SetName = keyof typeof SETS;

export interface SapSeed {
  readonly instanceUrl: string;
  /** The communication user (basic auth). */
  readonly username: string;
  readonly password: string;
  /** Business partners; `EmailAddress` becomes the `to_AddressIndependentEmail` navigation. */
  readonly businessPartners?: readonly SeedRecord[];
  readonly salesOrders?: readonly SeedRecord[];
}

interface SapInstance extends SourceInstance<SetName, SapSeed> {
  readonly next: Record<SetName, number>;
}

// OData V2 error body: https://help.sap.com/docs/SAP_NETWEAVER_750/68bf513362174d54b58cddec28794093/ (Error Response)
const odataError = (status: number, code: string, message: string) =>
  json(status, { error: { code, message: { lang: "en", value: message } } });

/** SAP S/4HANA Cloud OData V2: business partners and sales orders, JSON format, per instance. */
export class SapSource extends IntegrationSourceBase<SetName, SapSeed, SapInstance> implements VendorFake {
  readonly vendor = "sap" as const;
  readonly routes: readonly Route[];

  constructor(context: FakeContext, served: ServedLog) {
    super(context, served, [
      {
        set: "businessPartners",
        object: "A_BusinessPartner",
        links: (record) => emailLink(EMAIL_FIELD, record.fields.EmailAddress),
      },
      {
        set: "salesOrders",
        object: "A_SalesOrder",
        links: (record, records) =>
          emailLink(
            "SoldToParty",
            records.businessPartners.get(String(record.fields.SoldToParty))?.fields.EmailAddress,
          ),
      },
    ]);
    // https://api.sap.com/api/API_BUSINESS_PARTNER/overview (resource/Business_Partner) and
    // https://api.sap.com/api/API_SALES_ORDER_SRV/overview (resource/Sales_Order_Header): OData V2, JSON
    this.routes = (Object.keys(SETS) as SetName[]).flatMap((name) => {
      const { service, set, key } = SETS[name];
      return listAndGetRoutes(
        name,
        { list: `${service}/${set}`, get: `${service}/${set}(':${key}')`, id: key },
        (request) => this.#list(request, name),
        (request, id) => this.#get(request, name, id),
      );
    });
  }

  seed(seed: SapSeed) {
    return this.seedInstance(seed, { businessPartners: "businessPartners", salesOrders: "salesOrders" });
  }

  protected newInstance(seed: SapSeed): SapInstance {
    const records = { businessPartners: new Map(), salesOrders: new Map() };
    return { seed, records, next: { businessPartners: 1000000, salesOrders: 1 } };
  }

  protected idField(set: SetName): string {
    return SETS[set].key;
  }

  protected newId(instance: SapInstance, set: SetName): string {
    return String(instance.next[set]++);
  }

  protected authenticates(instance: SapInstance, request: FakeRequest): boolean {
    const credentials = basicCredentials(request.headers);
    return credentials?.user === instance.seed.username && credentials.password === instance.seed.password;
  }

  protected unauthorised(): Response {
    return new Response("Logon failed", {
      status: 401,
      headers: { "www-authenticate": 'Basic realm="SAP NetWeaver Application Server"' },
    });
  }

  notFound(request: FakeRequest, pathExists: boolean): Response {
    if (pathExists) return odataError(405, "/IWFND/CM_MGW/004", `Method '${request.method}' not allowed`);
    return odataError(
      404,
      "/IWFND/MED/170",
      `No service found for namespace '', name '${request.url.pathname}', version '0001'`,
    );
  }

  faultResponse(status: FaultStatus): Response {
    const [code, message] =
      status === 429 ? ["429", "Rate limit exceeded"] : ["/IWFND/CM_BEC/026", "Internal server error"];
    return odataError(status, code, message);
  }

  protected override authorised(request: FakeRequest): SapInstance | Response {
    const instance = super.authorised(request);
    if (instance instanceof Response) return instance;
    const format = request.url.searchParams.get("$format");
    const accept = request.headers.get("accept") ?? "";
    if (format !== "json" && !accept.includes("application/json")) {
      // The real service would answer Atom XML; the fakes serve JSON only and say so.
      return odataError(
        406,
        "/IWFND/CM_MGW/001",
        "The fakes serve OData JSON only: add $format=json or Accept: application/json",
      );
    }
    return instance;
  }

  #list(request: FakeRequest, name: SetName): Response {
    const instance = this.authorised(request);
    if (instance instanceof Response) return instance;
    const query = request.url.searchParams;
    for (const option of query.keys()) {
      if (
        option.startsWith("$") &&
        !["$format", "$top", "$skip", "$filter", "$select", "$expand", "$inlinecount", "$skiptoken"].includes(
          option,
        )
      ) {
        return odataError(400, "/IWBEP/CM_MGW_RT/021", `System query option '${option}' is not supported`);
      }
    }
    let filter: (record: StoredRecord) => boolean;
    try {
      filter = parseFilter(query.get("$filter"));
    } catch (error) {
      return odataError(400, "/IWBEP/CM_MGW_RT/022", (error as Error).message);
    }
    const all = [...instance.records[name].values()].filter(filter);
    const skip = Number(query.get("$skip") ?? query.get("$skiptoken") ?? 0);
    const top = query.get("$top") === null ? undefined : Number(query.get("$top"));
    const serverPage = 1000;
    const page = all.slice(skip, skip + Math.min(top ?? serverPage, serverPage));
    const results = page.map((record) => this.#shape(request, name, record, `${name}.list`));
    const d: Record<string, unknown> = { results };
    if (query.get("$inlinecount") === "allpages") d.__count = String(all.length);
    if (top === undefined && skip + page.length < all.length) {
      const next = new URL(request.url);
      next.searchParams.set("$skiptoken", String(skip + page.length));
      d.__next = `${request.publicOrigin()}${next.pathname}${next.search}`;
    }
    return json(200, { d });
  }

  #get(request: FakeRequest, name: SetName, id: string): Response {
    const found = this.authorisedRecord(request, name, id, () =>
      odataError(404, "/IWBEP/CM_MGW_RT/020", `Resource not found for segment '${SETS[name].set}Type'`),
    );
    if (found instanceof Response) return found;
    return json(200, { d: this.#shape(request, name, found.record, `${name}.get`) });
  }

  #shape(
    request: FakeRequest,
    name: SetName,
    record: StoredRecord,
    endpoint: string,
  ): Record<string, unknown> {
    const { service, set, type } = SETS[name];
    const uri = `${request.publicOrigin()}${service}/${set}('${record.id}')`;
    const expand = (request.url.searchParams.get("$expand") ?? "").split(",");
    const { EmailAddress, ...fields } = record.fields;
    const shaped: Record<string, unknown> = { __metadata: { id: uri, uri, type }, ...fields };
    shaped[name === "salesOrders" ? "LastChangeDateTime" : "LastChangeDate"] =
      `/Date(${record.modified.getTime()})/`;
    shaped.CreationDate = `/Date(${record.created.getTime()})/`;
    if (name === "businessPartners") {
      shaped.to_AddressIndependentEmail = expand.includes("to_AddressIndependentEmail")
        ? { results: EmailAddress ? [{ BusinessPartner: record.id, EmailAddress }] : [] }
        : { __deferred: { uri: `${uri}/to_AddressIndependentEmail` } };
    }
    const select = request.url.searchParams.get("$select");
    const selected = select
      ? Object.fromEntries(
          Object.entries(shaped).filter(([key]) => key === "__metadata" || select.split(",").includes(key)),
        )
      : shaped;
    this.logServed(request, {
      object: set,
      id: record.id,
      fields: Object.keys(selected).filter((key) => key !== "__metadata"),
      endpoint,
    });
    return selected;
  }
}

/** `$filter`: `Field eq 'value'` and `LastChangeDate ge datetime'2026-04-01T00:00:00'`, joined by `and`. */
function parseFilter(text: string | null): (record: StoredRecord) => boolean {
  if (!text) return () => true;
  const tests = text.split(/\s+and\s+/i).map((clause) => {
    const match = /^\s*(\w+)\s+(eq|ne|ge|gt|le|lt)\s+(?:datetime'([^']+)'|'([^']*)'|(\d+))\s*$/i.exec(clause);
    if (!match) throw new Error(`Invalid filter expression: '${clause}'`);
    const [, field = "", op = "", datetime, text, number] = match;
    return (record: StoredRecord) => {
      const isDate = datetime !== undefined;
      const left = isDate
        ? (field.startsWith("LastChange")
            ? record.modified
            : field === "CreationDate"
              ? record.created
              : new Date(String(record.fields[field]))
          ).getTime()
        : String(record.fields[field] ?? "");
      const right = isDate
        ? Date.parse(datetime.endsWith("Z") ? datetime : `${datetime}Z`)
        : (text ?? number ?? "");
      switch (op.toLowerCase()) {
        case "eq":
          return left === right;
        case "ne":
          return left !== right;
        case "ge":
          return left >= right;
        case "gt":
          return left > right;
        case "le":
          return left <= right;
        default:
          return left < right;
      }
    };
  });
  return (record) => tests.every((test) => test(record));
}
