import { generateKeyPairSync, randomBytes } from "node:crypto";
import { ConflictError, NotFoundError, ValidationError } from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { beforeAll, describe, expect, it } from "vitest";
import { OutboundRefusedError, tenantRequest } from "../platform/outbound-allow-list.js";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { callAs } from "../test-support/data-plane.js";
import { manualClock } from "../test-support/manual-clock.js";

const form = (fields: Record<string, string>, authorization?: string): RequestInit => ({
  method: "POST",
  headers: {
    "content-type": "application/x-www-form-urlencoded",
    ...(authorization ? { authorization } : {}),
  },
  body: new URLSearchParams(fields).toString(),
});

describe.each(drivers)("integrations on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-01T10:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `integrations-${driver}`, clock: clock.now });
  beforeAll(async () => {
    reference = await bootReference(driver, { clock, fetch: (request) => fakes.fetch(request) });
  });

  const schemaOf = async (tenantId: string) => {
    const [row] = await reference.platform.database.transaction((tx) =>
      tx.query<{ schema_name: string }>("SELECT schema_name FROM catalog.tenants WHERE id = $1", [tenantId]),
    );
    return row?.schema_name ?? "";
  };
  const sql = async <Row>(tenantId: string, text: string, params: unknown[] = []) => {
    const schema = await schemaOf(tenantId);
    return reference.platform.database.transaction((tx) => tx.query<Row>(text, params), {
      searchPath: [schema, "catalog"],
    });
  };

  async function salesforceInstance() {
    const instanceUrl = `https://acme-${randomBytes(4).toString("hex")}.my.salesforce.com`;
    const seeded = fakes.integrations.salesforce.seed({
      instanceUrl,
      clientId: "cid",
      clientSecret: "client-secret",
      accounts: [{ Name: "Acme Corp" }],
      contacts: [
        { FirstName: "Ada", LastName: "Lovelace", Email: "Ada@Example.com" },
        { FirstName: "Grace", LastName: "Hopper", Email: "grace@example.com" },
      ],
      leads: [{ LastName: "Turing", Company: "Bletchley", Email: "alan@example.com" }],
    });
    const token = (await (
      await fakes.fetch(
        `${instanceUrl}/services/oauth2/token`,
        form({ grant_type: "client_credentials", client_id: "cid", client_secret: "client-secret" }),
      )
    ).json()) as { access_token: string };
    return { instanceUrl, seeded, accessToken: token.access_token };
  }

  it("connects Salesforce with the token sealed, syncs its records, and counts changes on the next sync", async () => {
    const { client, tenant } = await signUp(reference);
    const { instanceUrl, seeded, accessToken } = await salesforceInstance();
    const integration = await client.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl: instanceUrl, accessToken },
    });
    expect(integration).toMatchObject({
      tenantId: tenant.id,
      provider: "salesforce",
      status: "connected",
      baseUrl: instanceUrl,
      connectedAt: clock.now().toISOString(),
      lastSyncAt: null,
      recordCount: 0,
    });
    const [stored] = await sql<{ credentials_sealed: string }>(
      tenant.id,
      "SELECT credentials_sealed FROM integrations WHERE id = $1",
      [integration.id],
    );
    expect(stored?.credentials_sealed).toMatch(/^v1\./);
    expect(stored?.credentials_sealed).not.toContain(accessToken);
    expect(Buffer.from(stored?.credentials_sealed ?? "", "base64").toString("latin1")).not.toContain(
      accessToken,
    );

    clock.advance(60_000);
    const run = await client.integrations.sync(integration.id);
    expect(run).toMatchObject({
      integrationId: integration.id,
      startedAt: clock.now().toISOString(),
      recordsImported: 4,
      recordsUpdated: 0,
      recordsSkipped: 0,
    });
    const pages = [];
    for await (const page of client.integrations.listRecords(integration.id, { limit: 3 }).pages())
      pages.push(page);
    expect(pages.map((p) => p.data.length)).toEqual([3, 1]);
    const all = pages.flatMap((p) => p.data);
    expect(all.map((r) => r.objectType).sort()).toEqual(["Account", "Contact", "Contact", "Lead"]);
    const ada = all.find((r) => r.externalId === seeded.contacts[0]?.id);
    expect(ada).toMatchObject({
      provider: "salesforce",
      contactId: null,
      data: { Email: "Ada@Example.com" },
    });
    const links = await sql<{ subject_email: string | null; created_at: Date }>(
      tenant.id,
      "SELECT subject_email, created_at FROM integration_records WHERE integration_id = $1 ORDER BY subject_email",
      [integration.id],
    );
    expect(links.map((l) => l.subject_email)).toEqual([
      "ada@example.com",
      "alan@example.com",
      "grace@example.com",
      null,
    ]);

    fakes.integrations.salesforce.upsert(instanceUrl, "Contact", {
      Id: seeded.contacts[1]?.id,
      FirstName: "Grace",
      LastName: "Hopper",
      Email: "grace@navy.example",
    });
    clock.advance(60_000);
    const second = await client.integrations.sync(integration.id);
    expect(second).toMatchObject({ recordsImported: 0, recordsUpdated: 1 });
    expect(await client.integrations.get(integration.id)).toMatchObject({
      recordCount: 4,
      lastSyncAt: clock.now().toISOString(),
    });
    const actions = (await client.audit.list()).data.map((entry) => entry.action);
    expect(actions.filter((a) => a.startsWith("integration."))).toEqual([
      "integration.connected",
      "integration.synced",
      "integration.synced",
    ]);
  });

  it("syncs SAP business partners and sales orders with basic credentials", async () => {
    const { client, tenant } = await signUp(reference);
    const instanceUrl = `https://my${randomBytes(3).toString("hex")}.s4hana.ondemand.com`;
    fakes.integrations.sap.seed({
      instanceUrl,
      username: "COMM_USER",
      password: "sap-password",
      businessPartners: [{ FirstName: "Ada", LastName: "Lovelace", EmailAddress: "ada@example.com" }],
      salesOrders: [{ SoldToParty: "1000000", TotalNetAmount: "120.00" }],
    });
    const integration = await client.integrations.connect({
      provider: "sap",
      credentials: { baseUrl: instanceUrl, username: "COMM_USER", password: "sap-password" },
    });
    expect(await client.integrations.sync(integration.id)).toMatchObject({ recordsImported: 2 });
    const records = (await client.integrations.listRecords(integration.id)).data;
    expect(records.map((r) => [r.objectType, r.externalId]).sort()).toEqual([
      ["BusinessPartner", "1000000"],
      ["SalesOrder", "1"],
    ]);
    const [partner] = await sql<{ subject_email: string }>(
      tenant.id,
      "SELECT subject_email FROM integration_records WHERE object_type = 'BusinessPartner'",
    );
    expect(partner?.subject_email).toBe("ada@example.com");
  });

  it("syncs NetSuite with an access token", async () => {
    const { client } = await signUp(reference);
    const instanceUrl = `https://${1_000_000 + Math.floor(Math.random() * 8_000_000)}.suitetalk.api.netsuite.com`;
    fakes.integrations.netsuite.seed({
      instanceUrl,
      clientId: "ns-client",
      clientSecret: "ns-secret",
      refreshToken: "refresh-1",
      customers: [{ entityId: "Ada Lovelace", email: "ada@example.com" }],
      salesOrders: [{ tranId: "SO-1" }],
      inventoryItems: [{ itemId: "WIDGET" }],
    });
    const { access_token: accessToken } = (await (
      await fakes.fetch(
        `${instanceUrl}/services/rest/auth/oauth2/v1/token`,
        form(
          { grant_type: "refresh_token", refresh_token: "refresh-1" },
          `Basic ${Buffer.from("ns-client:ns-secret").toString("base64")}`,
        ),
      )
    ).json()) as { access_token: string };
    const integration = await client.integrations.connect({
      provider: "netsuite",
      credentials: { baseUrl: instanceUrl, accessToken },
    });
    expect(await client.integrations.sync(integration.id)).toMatchObject({ recordsImported: 3 });
    const types = (await client.integrations.listRecords(integration.id)).data.map((r) => r.objectType);
    expect(types.sort()).toEqual(["Customer", "InventoryItem", "SalesOrder"]);
  });

  it("syncs NetSuite with the client credentials (M2M) grant, a JWT signed with the mapped certificate", async () => {
    const { client, session } = await signUp(reference);
    const instanceUrl = `https://${1_000_000 + Math.floor(Math.random() * 8_000_000)}.suitetalk.api.netsuite.com`;
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    fakes.integrations.netsuite.seed({
      instanceUrl,
      clientId: "ns-m2m-client",
      clientSecret: "not-used-by-m2m",
      refreshToken: "refresh-m2m",
      m2m: [
        {
          certificateId: "cert-m2m-1",
          publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
        },
      ],
      customers: [{ entityId: "Ada Lovelace", email: "ada@example.com" }],
      salesOrders: [{ tranId: "SO-1" }],
      inventoryItems: [{ itemId: "WIDGET" }],
    });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const call = callAs(reference, session.token);
    const refused = await call("POST", "/integrations", {
      provider: "netsuite",
      credentials: { baseUrl: instanceUrl, clientId: "ns-m2m-client", clientSecret: "a plain secret" },
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors).toEqual([
      expect.objectContaining({ path: "/body/credentials/clientSecret" }),
    ]);
    expect((await client.integrations.list()).data).toEqual([]);

    const integration = await client.integrations.connect({
      provider: "netsuite",
      credentials: { baseUrl: instanceUrl, clientId: "ns-m2m-client", clientSecret: `cert-m2m-1:${pem}` },
    });
    expect(await client.integrations.sync(integration.id)).toMatchObject({ recordsImported: 3 });
    const [grant] = fakes
      .requests({ vendor: "netsuite", endpoint: "oauth.token" })
      .filter((request) => request.host === new URL(instanceUrl).host);
    const sent = new URLSearchParams(grant?.body);
    expect(sent.get("grant_type")).toBe("client_credentials");
    expect(sent.get("client_assertion_type")).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    expect(grant?.status).toBe(200);
    const [header, payload] = (sent.get("client_assertion") ?? "")
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));
    expect(header).toEqual({ typ: "JWT", alg: "ES256", kid: "cert-m2m-1" });
    expect(payload).toMatchObject({
      iss: "ns-m2m-client",
      aud: `${instanceUrl}/services/rest/auth/oauth2/v1/token`,
      iat: Math.floor(clock.now().getTime() / 1000),
    });
    // The private key never travels: only the signature made with it.
    expect(grant?.body).not.toContain("PRIVATE KEY");
  });

  it("disconnects: records and credentials purged, the host no longer reachable, no further sync", async () => {
    const { client, tenant } = await signUp(reference);
    const { instanceUrl, accessToken } = await salesforceInstance();
    const integration = await client.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl: instanceUrl, accessToken },
    });
    await client.integrations.sync(integration.id);
    clock.advance(60_000);
    const disconnectedAt = clock.now();
    const disconnected = await client.integrations.disconnect(integration.id);
    expect(disconnected).toMatchObject({
      status: "disconnected",
      disconnectedAt: disconnectedAt.toISOString(),
      recordCount: 0,
    });
    expect(
      await sql(tenant.id, "SELECT id FROM integration_records WHERE integration_id = $1", [integration.id]),
    ).toEqual([]);
    expect(
      await sql(tenant.id, "SELECT credentials_sealed FROM integrations WHERE id = $1", [integration.id]),
    ).toEqual([{ credentials_sealed: null }]);
    await expect(client.integrations.sync(integration.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(client.integrations.disconnect(integration.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(
      reference.platform.database.transaction((tx) =>
        reference.platform.fetch(tenantRequest({ tenantId: tenant.id, tx }, `${instanceUrl}/services/data`)),
      ),
    ).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(fakes.integrations.requestsSince(instanceUrl, disconnectedAt)).toEqual([]);
    expect((await client.integrations.listRecords(integration.id)).data).toEqual([]);
  });

  it("answers another tenant's integration not-found, refuses bad input, and writes nothing", async () => {
    const first = await signUp(reference);
    const second = await signUp(reference);
    const { instanceUrl, accessToken } = await salesforceInstance();
    const integration = await first.client.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl: instanceUrl, accessToken },
    });
    for (const call of [
      () => second.client.integrations.get(integration.id),
      () => second.client.integrations.sync(integration.id),
      () => second.client.integrations.disconnect(integration.id),
      () => second.client.integrations.listRecords(integration.id),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(
      second.client.integrations.connect({
        provider: "salesforce",
        credentials: { baseUrl: instanceUrl, accessToken },
        extra: true,
      } as never),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      second.client.integrations.connect({
        provider: "salesforce",
        credentials: { baseUrl: "http://plain.my.salesforce.com", accessToken },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await sql(second.tenant.id, "SELECT id FROM integrations")).toEqual([]);
    expect(
      await sql(second.tenant.id, "SELECT host FROM catalog.outbound_destinations WHERE tenant_id = $1", [
        second.tenant.id,
      ]),
    ).toEqual([]);
    // The second tenant never reaches the first tenant's instance.
    await expect(
      reference.platform.database.transaction((tx) =>
        reference.platform.fetch(
          tenantRequest({ tenantId: second.tenant.id, tx }, `${instanceUrl}/services/data`),
        ),
      ),
    ).rejects.toBeInstanceOf(OutboundRefusedError);
    expect((await first.client.integrations.get(integration.id)).status).toBe("connected");
  });

  it("lists synced records in the test-mode inventory, linked to their contact, and none after disconnection", async () => {
    const operator = reference.operator();
    const testClock = await operator.testClocks.create({ frozenTime: "2026-04-01T10:00:00.000Z" });
    const { client, tenant } = await signUp(reference, { testClockId: testClock.id });
    const grace = await client.contacts.create({ name: "Grace Hopper", email: "grace@example.com" });
    const { instanceUrl, accessToken } = await salesforceInstance();
    const integration = await client.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl: instanceUrl, accessToken },
    });
    await client.integrations.sync(integration.id);
    const held = await operator.testClocks.getTenantInventory(testClock.id, tenant.id);
    expect(held.holdings.find((h) => h.recordType === "integration-record")).toMatchObject({
      rule: "integration",
      count: 4,
    });
    const subject = held.subjects.find(
      (s) => s.subject.type === "contact" && s.subject.contactId === grace.id,
    );
    expect(subject?.holdings.map((h) => h.recordType)).toContain("integration-record");
    await client.integrations.disconnect(integration.id);
    const after = await operator.testClocks.getTenantInventory(testClock.id, tenant.id);
    expect(after.holdings.find((h) => h.recordType === "integration-record")).toBeUndefined();
  });

  it("answers unavailable when the source refuses the stored credentials, syncing nothing", async () => {
    const { client, tenant } = await signUp(reference);
    const { instanceUrl } = await salesforceInstance();
    const integration = await client.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl: instanceUrl, accessToken: "not-a-token-the-source-issued" },
    });
    await expect(client.integrations.sync(integration.id)).rejects.toMatchObject({ status: 503 });
    expect(await sql(tenant.id, "SELECT id FROM integration_records")).toEqual([]);
    expect((await client.integrations.get(integration.id)).lastSyncAt).toBeNull();
  });
});
