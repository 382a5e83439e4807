import { describe, expect, it } from "vitest";
import type { InventoryItem } from "./core/inventory.js";
import type { VendorId } from "./core/vendor.js";
import { createSubprocessorFakes } from "./create-fakes.js";
import { vendorIds, vendorProfile } from "./vendor-profile.js";

const fakes = createSubprocessorFakes({ seed: "links" });
const SID = `AC${"e5".repeat(16)}`;
const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;

interface Send {
  method?: string;
  auth: string;
  form?: string;
  json?: unknown;
  headers?: Record<string, string>;
}

async function send(url: string, init: Send) {
  const response = await fakes.fetch(url, {
    method: init.method ?? "POST",
    headers: {
      authorization: init.auth,
      "content-type": init.form === undefined ? "application/json" : "application/x-www-form-urlencoded",
      ...init.headers,
    },
    body: init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json)),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

/** One object of every kind the profiles link to a subject, written through the vendors' APIs. */
async function holdOneOfEach(): Promise<void> {
  const stripe = "Bearer sk_test_linksKey";
  const customer = await send("https://api.stripe.com/v1/customers", {
    auth: stripe,
    form: "email=ada%40example.com&metadata[crmfactory_tenant_id]=t1",
  });
  await send("https://api.stripe.com/v1/invoices", { auth: stripe, form: `customer=${customer.id}` });

  const twilio = `https://api.twilio.com/2010-04-01/Accounts/${SID}`;
  const auth = basic(SID, "token");
  await send(`${twilio}/Messages.json`, { auth, form: "To=%2B14155550123&From=%2B15005550006&Body=hi" });
  await send(`${twilio}/Calls.json`, {
    auth,
    form: "To=%2B14155550123&From=%2B15005550006&Url=https%3A%2F%2Fexample.com%2Ft&Record=true",
  });

  const resend = "Bearer re_linksKey";
  const audience = await send("https://api.resend.com/segments", { auth: resend, json: { name: "t1" } });
  await send(`https://api.resend.com/audiences/${audience.id}/contacts`, {
    auth: resend,
    json: { email: "ada@example.com" },
  });
  await send("https://api.resend.com/emails", {
    auth: resend,
    json: {
      from: "a@crmfactory.example",
      to: "ada@example.com",
      subject: "s",
      text: "t",
      tags: [{ name: "crmfactory_tenant", value: "t1" }],
    },
  });

  await send("https://vercel.com/api/blob/?pathname=tenants/t1/users/u1/photo.jpg", {
    method: "PUT",
    auth: "Bearer vercel_blob_rw_linksstore_secret",
    json: "photo",
    headers: { "x-vercel-blob-access": "public" },
  });

  const { integrations } = fakes;
  integrations.salesforce.seed({
    instanceUrl: "https://links.my.salesforce.com",
    clientId: "c",
    clientSecret: "s",
    contacts: [{ Email: "ada@example.com" }],
    leads: [{ Email: "grace@example.com", Company: "Navy" }],
  });
  const sap = integrations.sap.seed({
    instanceUrl: "https://links.s4hana.ondemand.com",
    username: "u",
    password: "p",
    businessPartners: [{ EmailAddress: "ada@example.com" }],
  });
  integrations.sap.upsert(sap.instanceUrl, "salesOrders", {
    SoldToParty: sap.businessPartners[0]?.id ?? "",
  });
  const netsuite = integrations.netsuite.seed({
    instanceUrl: "https://7654321.suitetalk.api.netsuite.com",
    clientId: "c",
    clientSecret: "s",
    refreshToken: "r",
    customers: [{ email: "ada@example.com" }],
  });
  integrations.netsuite.upsert(netsuite.instanceUrl, "salesOrder", { entity: netsuite.customers[0]?.id });
}

const linksOf = (items: readonly InventoryItem[]) => [
  ...new Set(
    items.flatMap((item) => item.links.map((link) => `${item.object}.${link.field}=${link.identifier}`)),
  ),
];

describe("the inventory's subject links", async () => {
  await holdOneOfEach();
  const inventory = fakes.inventory();

  it.each(vendorIds)("%s: are exactly the taxonomy profile's, both ways", (vendor: VendorId) => {
    const listed = vendorProfile(vendor).subjectLinks.map(
      (link) => `${link.object}.${link.field}=${link.identifier}`,
    );
    expect(linksOf(inventory.filter((item) => item.vendor === vendor)).sort()).toEqual(listed.sort());
  });

  it("give, for a link via another object, the value that object's link gives", () => {
    const value = (object: string, field: string) =>
      inventory
        .find((item) => item.object === object && item.links.some((link) => link.field === field))
        ?.links.find((link) => link.field === field)?.value;
    expect(value("invoice", "customer")).toBe("t1");
    expect(value("recording", "CallSid")).toBe("+14155550123");
    expect(value("A_SalesOrder", "SoldToParty")).toBe("ada@example.com");
    expect(value("salesOrder", "entity")).toBe("ada@example.com");
    expect(value("blob", "pathname")).toBe("tenants/t1/users/u1/");
  });
});
