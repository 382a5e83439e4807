import { describe, expect, it } from "vitest";
import { endpointRoute, hostMatches, isHostAllowed } from "../vendor-schema.js";
import { crmFactoryPolicy } from "./policy.js";

const subprocessors = crmFactoryPolicy.subprocessors;
const vendor = (id: string) => {
  const profile = subprocessors[id]?.vendor;
  if (!profile) throw new Error(`no vendor profile for ${id}`);
  return profile;
};
const routes = (id: string) => vendor(id).endpoints.map((e) => `${e.id} ${endpointRoute(e)}`);

describe("vendor profiles", () => {
  it("give every subprocessor the API calls a profile, and none to Neon", () => {
    const profiled = Object.entries(subprocessors)
      .filter(([, s]) => s.vendor)
      .map(([id]) => id);
    expect(profiled).toEqual(["vercel", "twilio", "stripe", "resend", "salesforce", "sap", "netsuite"]);
    expect(subprocessors.neon?.vendor).toBeUndefined();
  });

  it("take the agreed base URL variables and defaults", () => {
    const base = (id: string) => [vendor(id).baseUrlEnv, vendor(id).defaultBaseUrl];
    expect(base("stripe")).toEqual(["STRIPE_API_BASE_URL", "https://api.stripe.com"]);
    expect(base("twilio")).toEqual(["TWILIO_API_BASE_URL", "https://api.twilio.com"]);
    expect(base("resend")).toEqual(["RESEND_BASE_URL", "https://api.resend.com"]);
    expect(base("vercel")).toEqual(["VERCEL_BLOB_API_URL", "https://vercel.com/api/blob"]);
    for (const id of ["salesforce", "sap", "netsuite"]) {
      expect(base(id), id).toEqual([undefined, undefined]);
      expect(vendor(id).instanceUrlField, id).toBe("credentials.baseUrl");
    }
  });

  it("list the endpoints an implementation may call, each with an id", () => {
    expect(routes("stripe")).toEqual([
      "customers.create POST /v1/customers",
      "customers.retrieve GET /v1/customers/{customer}",
      "customers.update POST /v1/customers/{customer}",
      "customers.delete DELETE /v1/customers/{customer}",
      "customers.list GET /v1/customers",
      "customers.search GET /v1/customers/search",
      "paymentMethods.retrieve GET /v1/payment_methods/{payment_method}",
      "paymentMethods.attach POST /v1/payment_methods/{payment_method}/attach",
      "paymentMethods.detach POST /v1/payment_methods/{payment_method}/detach",
      "invoices.create POST /v1/invoices",
      "invoices.finalize POST /v1/invoices/{invoice}/finalize",
      "invoices.retrieve GET /v1/invoices/{invoice}",
      "invoices.list GET /v1/invoices",
      "invoices.delete DELETE /v1/invoices/{invoice}",
    ]);
    const account = "/2010-04-01/Accounts/{AccountSid}";
    expect(routes("twilio")).toEqual([
      `messages.create POST ${account}/Messages.json`,
      `messages.fetch GET ${account}/Messages/{Sid}.json`,
      `messages.list GET ${account}/Messages.json`,
      `messages.delete DELETE ${account}/Messages/{Sid}.json`,
      `calls.create POST ${account}/Calls.json`,
      `calls.fetch GET ${account}/Calls/{Sid}.json`,
      `recordings.list GET ${account}/Recordings.json`,
      `calls.recordings.list GET ${account}/Calls/{CallSid}/Recordings.json`,
      `recordings.fetch GET ${account}/Recordings/{Sid}.json`,
      `recordings.delete DELETE ${account}/Recordings/{Sid}.json`,
    ]);
    expect(routes("resend")).toEqual([
      "emails.send POST /emails",
      "emails.retrieve GET /emails/{email_id}",
      "contacts.create POST /audiences/{audience_id}/contacts",
      "contacts.list GET /audiences/{audience_id}/contacts",
      "contacts.get GET /audiences/{audience_id}/contacts/{id_or_email}",
      "contacts.update PATCH /audiences/{audience_id}/contacts/{id_or_email}",
      "contacts.delete DELETE /audiences/{audience_id}/contacts/{id_or_email}",
      "segments.contacts.list GET /segments/{audience_id}/contacts",
      "segments.create POST /segments",
      "segments.get GET /segments/{audience_id}",
      "segments.list GET /segments",
      "segments.delete DELETE /segments/{audience_id}",
      "audiences.create POST /audiences",
      "audiences.get GET /audiences/{audience_id}",
      "audiences.list GET /audiences",
      "audiences.delete DELETE /audiences/{audience_id}",
    ]);
    expect(routes("vercel")).toEqual([
      "put PUT /?pathname={pathname}",
      "head GET ?url={url}",
      "list GET ?prefix={prefix}",
      "delete POST /delete",
      "download.public GET https://*.public.blob.vercel-storage.com/{pathname}",
      "download.private GET https://*.private.blob.vercel-storage.com/{pathname}",
    ]);
    expect(routes("salesforce")).toEqual([
      "oauth.token POST /services/oauth2/token",
      "oauth.revoke POST /services/oauth2/revoke",
      "query GET /services/data/{version}/query",
      "query.more GET /services/data/{version}/query/{locator}",
      "sobject.get GET /services/data/{version}/sobjects/{sObject}/{id}",
    ]);
    expect(routes("sap")).toEqual([
      "businessPartners.list GET /sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner",
      "businessPartners.get GET /sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner('{BusinessPartner}')",
      "salesOrders.list GET /sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder",
      "salesOrders.get GET /sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder('{SalesOrder}')",
    ]);
    const record = "/services/rest/record/v1";
    expect(routes("netsuite")).toEqual([
      "oauth.token POST /services/rest/auth/oauth2/v1/token",
      ...["customer", "salesOrder", "inventoryItem"].flatMap((type) => [
        `${type}.list GET ${record}/${type}`,
        `${type}.get GET ${record}/${type}/{id}`,
      ]),
    ]);
    for (const [id, s] of Object.entries(subprocessors)) {
      for (const endpoint of s.vendor?.endpoints ?? []) expect(endpoint.docs, id).toMatch(/^https:\/\//);
    }
  });

  it("serve every endpoint on another host from a host on the allow-list", () => {
    const elsewhere = Object.entries(subprocessors).flatMap(([id, s]) =>
      (s.vendor?.endpoints ?? []).filter((e) => e.host !== undefined).map((e) => [id, e.host!] as const),
    );
    expect(elsewhere.map(([id]) => id)).toEqual(["vercel", "vercel"]);
    for (const [id, host] of elsewhere)
      expect(isHostAllowed(subprocessors[id]!.hosts, host), host).toBe(true);
  });

  it("say how each vendor's objects link to a subject", () => {
    const links = (id: string) =>
      vendor(id).subjectLinks.map((l) => `${l.object}.${l.field}=${l.identifier}`);
    expect(links("stripe")).toEqual([
      "customer.metadata[crmfactory_tenant_id]=tenantId",
      "customer.email=email",
      "invoice.customer=tenantId",
      "invoice.customer_email=email",
    ]);
    expect(links("twilio")).toEqual([
      "message.To=phone",
      "message.From=phone",
      "call.To=phone",
      "recording.CallSid=phone",
    ]);
    expect(links("resend")).toEqual([
      "contact.email=email",
      "email.to=email",
      "email.tags[crmfactory_tenant]=tenantId",
    ]);
    expect(links("vercel")).toEqual(["blob.pathname=pathPrefix"]);
    expect(links("salesforce")).toEqual(["Contact.Email=email", "Lead.Email=email"]);
    expect(links("sap")).toEqual([
      "A_BusinessPartner.to_AddressIndependentEmail/EmailAddress=email",
      "A_SalesOrder.SoldToParty=email",
    ]);
    expect(links("netsuite")).toEqual(["customer.email=email", "salesOrder.entity=email"]);
    const via = Object.values(subprocessors).flatMap((s) =>
      (s.vendor?.subjectLinks ?? []).filter((l) => l.via).map((l) => `${l.object}.${l.field} via ${l.via}`),
    );
    expect(via).toEqual([
      "recording.CallSid via call",
      "invoice.customer via customer",
      "A_SalesOrder.SoldToParty via A_BusinessPartner",
      "salesOrder.entity via customer",
    ]);
    expect(vendor("vercel").subjectLinks[0]?.description).toContain("tenants/<tenantId>/users/<userId>/");
  });

  it("allow every host the pinned SDKs call, vercel.com for Blob's API included", () => {
    expect(vendor("vercel").sdk).toEqual({
      package: "@vercel/blob",
      version: "2.8.0",
      hosts: ["vercel.com", "*.public.blob.vercel-storage.com", "*.private.blob.vercel-storage.com"],
    });
    expect(vendor("stripe").sdk?.hosts).toEqual([
      "api.stripe.com",
      "files.stripe.com",
      "connect.stripe.com",
      "meter-events.stripe.com",
    ]);
    expect(vendor("twilio").sdk?.hosts).toContain("tls-test.twilio.com");
    for (const [id, s] of Object.entries(subprocessors)) {
      for (const host of s.vendor?.sdk?.hosts ?? [])
        expect(isHostAllowed(s.hosts, host), `${id} ${host}`).toBe(true);
    }
    expect(isHostAllowed(subprocessors.vercel!.hosts, "store1.public.blob.vercel-storage.com")).toBe(true);
    expect(isHostAllowed(subprocessors.vercel!.hosts, "api.vercel.com")).toBe(false);
  });
});

describe("hostMatches", () => {
  it.each([
    ["api.stripe.com", "api.stripe.com", true],
    ["api.stripe.com", "files.stripe.com", false],
    ["*.twilio.com", "api.sydney.au1.twilio.com", true],
    ["*.twilio.com", "twilio.com", false],
    ["*.twilio.com", "eviltwilio.com", false],
    ["*.public.blob.vercel-storage.com", "*.public.blob.vercel-storage.com", true],
    ["*.blob.vercel-storage.com", "*.public.blob.vercel-storage.com", true],
    ["*.public.blob.vercel-storage.com", "*.blob.vercel-storage.com", false],
    ["vercel.com", "*.vercel.com", false],
  ])("%s covers %s: %s", (pattern, host, expected) => {
    expect(hostMatches(pattern, host)).toBe(expected);
  });
});
