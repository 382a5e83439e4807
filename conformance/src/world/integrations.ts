import type { ResponseBody } from "@crmfactory/sdk";
import type { PropertyContext } from "../harness/property.js";
import { type ClockedTenant, uniqueSuffix } from "./clocked-tenant.js";

export type IntegrationRecord = ResponseBody<"listIntegrationRecords">["data"][number];

/** A person the model put at the source: what a synced record must carry, by its id there. */
export interface SourcePerson {
  readonly externalId: string;
  readonly FirstName: string;
  readonly LastName: string;
  readonly Email: string;
}

/** A Salesforce org seeded at the integration fake, with a token the customer would connect with. */
export interface SourceOrg {
  readonly instanceUrl: string;
  readonly accessToken: string;
  readonly people: SourcePerson[];
}

function person(context: PropertyContext) {
  const FirstName = context.faker.person.firstName();
  const LastName = context.faker.person.lastName();
  const Email = context.faker.internet
    .email({
      firstName: FirstName,
      lastName: LastName,
      provider: "source.example",
      allowSpecialCharacters: false,
    })
    .replace("@", `.${uniqueSuffix()}@`)
    .toLowerCase();
  return { FirstName, LastName, Email };
}

/** Seeds an org of `count` contacts with faker values (a nonce in each email) and gets an access token. */
export async function seedSalesforceOrg(context: PropertyContext, count: number): Promise<SourceOrg> {
  const instanceUrl = `https://conformance-${uniqueSuffix()}.my.salesforce.com`;
  const clientSecret = `secret-${uniqueSuffix()}`;
  const seeded = context.fakes.integrations.salesforce.seed({
    instanceUrl,
    clientId: "conformance",
    clientSecret,
    contacts: Array.from({ length: count }, () => person(context)),
  });
  const response = await context.fakes.fetch(`${instanceUrl}/services/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: "conformance",
      client_secret: clientSecret,
    }),
  });
  const { access_token: accessToken } = (await response.json()) as { access_token: string };
  const people = seeded.contacts.map((record) => ({
    externalId: record.id,
    FirstName: String(record.fields.FirstName),
    LastName: String(record.fields.LastName),
    Email: String(record.fields.Email),
  }));
  return { instanceUrl, accessToken, people };
}

/** A new contact at the source, for the next sync to bring in. */
export function addSourcePerson(context: PropertyContext, org: SourceOrg): SourcePerson {
  const values = person(context);
  const stored = context.fakes.integrations.salesforce.upsert(org.instanceUrl, "Contact", values);
  const added = { ...values, externalId: stored.id };
  org.people.push(added);
  return added;
}

export function connectOrg(tenant: ClockedTenant, org: SourceOrg) {
  return tenant.owner.integrations.connect({
    provider: "salesforce",
    credentials: { baseUrl: org.instanceUrl, accessToken: org.accessToken },
  });
}

export function listedRecords(tenant: ClockedTenant, integrationId: string): Promise<IntegrationRecord[]> {
  return tenant.owner.integrations.listRecords(integrationId, { limit: 100 }).toArray({ limit: 100_000 });
}

/** Requests the implementation sent the org's instance at or after `since` (the fakes' clock). */
export function requestsToOrgSince(context: PropertyContext, org: SourceOrg, since: Date) {
  return context.fakes.integrations.requestsSince(org.instanceUrl, since);
}
