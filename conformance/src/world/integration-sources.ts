import type { SubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { uniqueSuffix } from "./clocked-tenant.js";

/** A Salesforce instance at the fakes, seeded with the given people as Contacts, and a token for it. */
export async function salesforceHolding(
  fakes: SubprocessorFakes,
  people: readonly { firstName: string; lastName: string; email: string }[],
): Promise<{ instanceUrl: string; accessToken: string }> {
  const instanceUrl = `https://conformance-${uniqueSuffix()}.my.salesforce.com`;
  const clientSecret = `secret-${uniqueSuffix()}`;
  fakes.integrations.salesforce.seed({
    instanceUrl,
    clientId: "conformance",
    clientSecret,
    accounts: [],
    contacts: people.map((person) => ({
      FirstName: person.firstName,
      LastName: person.lastName,
      Email: person.email,
    })),
    leads: [],
  });
  // The suite plays the customer here: it signs in to its own instance and hands the token over.
  const response = await fakes.fetch(`${instanceUrl}/services/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: "conformance",
      client_secret: clientSecret,
    }).toString(),
  });
  const { access_token: accessToken } = (await response.json()) as { access_token: string };
  return { instanceUrl, accessToken };
}
