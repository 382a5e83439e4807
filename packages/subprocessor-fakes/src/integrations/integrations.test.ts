import { describe, expect, it } from "vitest";
import { testClock, useFakes } from "../test-support/harness.js";

const clock = testClock();
const { fakes, loopback } = useFakes({ clock: clock.now });
const SF = "https://acme.my.salesforce.com";
const SAP = "https://my300001.s4hana.ondemand.com";
const NS = "https://1234567.suitetalk.api.netsuite.com";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

describe.each(["msw", "loopback"] as const)("integration sources with raw fetch through %s", (mode) => {
  const at = (instanceUrl: string) => (mode === "msw" ? instanceUrl : loopback().urlFor(instanceUrl));

  async function salesforceToken(): Promise<{ access_token: string; instance_url: string }> {
    const response = await fetch(
      `${at(SF)}/services/oauth2/token`,
      form({ grant_type: "client_credentials", client_id: "cid", client_secret: "secret" }),
    );
    expect(response.status).toBe(200);
    return response.json();
  }

  it("Salesforce: token, SOQL query in batches, record fetch, revoke, and what was served since a disconnect", async () => {
    const { contacts } = fakes.integrations.salesforce.seed({
      instanceUrl: SF,
      clientId: "cid",
      clientSecret: "secret",
      accounts: [{ Name: "Acme Corp" }],
      contacts: Array.from({ length: 250 }, (_, i) => ({
        FirstName: `First${i}`,
        LastName: `Last${i}`,
        Email: `c${i}@acme.example`,
      })),
    });
    const token = await salesforceToken();
    expect(token.instance_url).toBe(at(SF));
    const auth = { authorization: `Bearer ${token.access_token}`, "sforce-query-options": "batchSize=200" };
    const q = encodeURIComponent(
      "SELECT Id, Email, LastModifiedDate FROM Contact WHERE Email LIKE 'c%' ORDER BY Email",
    );
    const first = await (
      await fetch(`${token.instance_url}/services/data/v60.0/query?q=${q}`, { headers: auth })
    ).json();
    expect(first).toMatchObject({ totalSize: 250, done: false });
    expect(first.records).toHaveLength(200);
    expect(first.records[0]).toMatchObject({ attributes: { type: "Contact" }, Email: "c0@acme.example" });
    const rest = await (
      await fetch(`${token.instance_url}${first.nextRecordsUrl}`, { headers: auth })
    ).json();
    expect(rest).toMatchObject({ done: true, totalSize: 250 });
    expect(rest.records).toHaveLength(50);
    const one = await (
      await fetch(`${token.instance_url}/services/data/v60.0/sobjects/Contact/${contacts[7]?.id}`, {
        headers: auth,
      })
    ).json();
    expect(one).toMatchObject({ Id: contacts[7]?.id, Email: "c7@acme.example", Name: "First7 Last7" });
    expect(contacts[7]?.id).toMatch(/^003[A-Za-z0-9]{15}$/);

    clock.advance(60_000);
    const disconnectedAt = clock.now();
    expect(fakes.integrations.servedSince(SF, disconnectedAt)).toEqual([]);
    expect(
      (await fetch(`${at(SF)}/services/oauth2/revoke`, form({ token: token.access_token }))).status,
    ).toBe(200);
    const afterRevoke = await fetch(`${token.instance_url}/services/data/v60.0/query?q=${q}`, {
      headers: auth,
    });
    expect(afterRevoke.status).toBe(401);
    expect(await afterRevoke.json()).toEqual([
      { message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" },
    ]);
    expect(fakes.integrations.servedSince(SF, disconnectedAt)).toEqual([]);
    expect(fakes.integrations.requestsSince(SF, disconnectedAt).map((request) => request.status)).toEqual([
      200, 401,
    ]);
    expect(fakes.integrations.servedSince(SF, new Date(0))).toHaveLength(251);
  });

  it("Salesforce refuses bad SOQL, unknown fields and objects, and bad client credentials", async () => {
    fakes.integrations.salesforce.seed({ instanceUrl: SF, clientId: "cid", clientSecret: "secret" });
    const bad = await fetch(
      `${at(SF)}/services/oauth2/token`,
      form({ grant_type: "client_credentials", client_id: "cid", client_secret: "nope" }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: "invalid_client",
      error_description: "invalid client credentials",
    });
    const { access_token } = await salesforceToken();
    const query = async (soql: string) => {
      const response = await fetch(`${at(SF)}/services/data/v60.0/query?q=${encodeURIComponent(soql)}`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      return [response.status, (await response.json())[0]?.errorCode];
    };
    expect(await query("SELECT Id FROM Contact WHERE")).toEqual([400, "MALFORMED_QUERY"]);
    expect(await query("SELECT Shoe FROM Contact")).toEqual([400, "INVALID_FIELD"]);
    expect(await query("SELECT Id FROM Opportunity")).toEqual([400, "INVALID_TYPE"]);
  });

  it("SAP OData: business partners with their email, a filter, a single entity, sales orders, basic auth", async () => {
    fakes.integrations.sap.seed({
      instanceUrl: SAP,
      username: "COMM_USER",
      password: "pw",
      businessPartners: [
        {
          BusinessPartnerCategory: "1",
          FirstName: "Ada",
          LastName: "Lovelace",
          BusinessPartnerFullName: "Ada Lovelace",
          EmailAddress: "ada@example.com",
        },
        { BusinessPartnerCategory: "2", OrganizationBPName1: "Acme", BusinessPartnerFullName: "Acme" },
      ],
      salesOrders: [
        {
          SalesOrderType: "OR",
          SoldToParty: "1000000",
          TotalNetAmount: "120.00",
          TransactionCurrency: "EUR",
        },
      ],
    });
    const auth = { authorization: `Basic ${Buffer.from("COMM_USER:pw").toString("base64")}` };
    const service = `${at(SAP)}/sap/opu/odata/sap/API_BUSINESS_PARTNER`;
    const list = await (
      await fetch(
        `${service}/A_BusinessPartner?$format=json&$expand=to_AddressIndependentEmail&$inlinecount=allpages`,
        { headers: auth },
      )
    ).json();
    expect(list.d.__count).toBe("2");
    expect(list.d.results[0]).toMatchObject({
      BusinessPartner: "1000000",
      FirstName: "Ada",
      to_AddressIndependentEmail: { results: [{ EmailAddress: "ada@example.com" }] },
      __metadata: { uri: `${service}/A_BusinessPartner('1000000')` },
    });
    const filtered = await (
      await fetch(`${service}/A_BusinessPartner?$format=json&$filter=BusinessPartnerCategory eq '2'`, {
        headers: auth,
      })
    ).json();
    expect(filtered.d.results.map((bp: { BusinessPartner: string }) => bp.BusinessPartner)).toEqual([
      "1000001",
    ]);
    const single = await fetch(`${service}/A_BusinessPartner('1000001')?$format=json`, { headers: auth });
    expect((await single.json()).d.OrganizationBPName1).toBe("Acme");
    const missing = await fetch(`${service}/A_BusinessPartner('9')?$format=json`, { headers: auth });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message.lang).toBe("en");
    const orders = await (
      await fetch(`${at(SAP)}/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder?$format=json`, {
        headers: auth,
      })
    ).json();
    expect(orders.d.results[0]).toMatchObject({ SalesOrder: "1", SoldToParty: "1000000" });
    const anonymous = await fetch(`${service}/A_BusinessPartner?$format=json`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic/);
  });

  it("NetSuite: refresh token grant, customer list with q, records of three types, RFC 9457 errors", async () => {
    const seeded = fakes.integrations.netsuite.seed({
      instanceUrl: NS,
      clientId: "ns-client",
      clientSecret: "ns-secret",
      refreshToken: "refresh-1",
      customers: [
        { entityId: "Ada Lovelace", email: "ada@example.com", firstName: "Ada" },
        { entityId: "Grace Hopper", email: "grace@example.com" },
      ],
      salesOrders: [{ tranId: "SO-1", total: 99 }],
      inventoryItems: [{ itemId: "WIDGET", displayName: "Widget" }],
    });
    const tokenResponse = await fetch(`${at(NS)}/services/rest/auth/oauth2/v1/token`, {
      ...form({ grant_type: "refresh_token", refresh_token: "refresh-1" }),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from("ns-client:ns-secret").toString("base64")}`,
      },
    });
    const { access_token } = await tokenResponse.json();
    const auth = { authorization: `Bearer ${access_token}` };
    const base = `${at(NS)}/services/rest/record/v1`;
    const list = await (
      await fetch(`${base}/customer?q=${encodeURIComponent('email IS "grace@example.com"')}`, {
        headers: auth,
      })
    ).json();
    expect(list).toMatchObject({
      count: 1,
      hasMore: false,
      totalResults: 1,
      items: [{ id: seeded.customers[1]?.id }],
    });
    expect(list.items[0].links[0].href).toBe(`${base}/customer/${seeded.customers[1]?.id}`);
    const customer = await (await fetch(list.items[0].links[0].href, { headers: auth })).json();
    expect(customer).toMatchObject({ entityId: "Grace Hopper", email: "grace@example.com" });
    expect(
      (await (await fetch(`${base}/salesOrder/${seeded.salesOrders[0]?.id}`, { headers: auth })).json())
        .tranId,
    ).toBe("SO-1");
    expect(
      (await (await fetch(`${base}/inventoryItem/${seeded.inventoryItems[0]?.id}`, { headers: auth })).json())
        .itemId,
    ).toBe("WIDGET");
    const missing = await fetch(`${base}/customer/999999`, { headers: auth });
    expect(missing.status).toBe(404);
    expect((await missing.json())["o:errorDetails"][0]["o:errorCode"]).toBe("NONEXISTENT_ID");
    expect((await fetch(`${base}/customer`)).status).toBe(401);
  });

  it("an instance nobody seeded does not exist: recorded, and a network error (MSW) or a routing 404 (loopback)", async () => {
    const unknown = "https://nobody.my.salesforce.com/services/oauth2/token";
    if (mode === "msw") await expect(fetch(unknown, { method: "POST" })).rejects.toThrow();
    else expect((await fetch(loopback().urlFor(unknown), { method: "POST" })).status).toBe(404);
    expect(fakes.requests()).toEqual([expect.objectContaining({ vendor: null, outcome: "unknown-host" })]);
  });
});
