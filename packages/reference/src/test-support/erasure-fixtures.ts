import { randomBytes } from "node:crypto";
import type { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { quoteIdentifier } from "../database/identifiers.js";
import type { TestReference } from "./boot.js";
import { schemaOf } from "./digest.js";

/**
 * Every row of every table of the tenant's schema (and the catalogue's idempotent responses and billing
 * customer of the tenant) whose text holds one of `needles`, case-insensitively: `[]` means the values
 * are gone from the database, whatever table a group keeps them in.
 */
export async function rowsHolding(
  reference: TestReference,
  tenantId: string,
  needles: readonly string[],
): Promise<string[]> {
  const schema = await schemaOf(reference, tenantId);
  return reference.platform.database.ownerTransaction(async (tx) => {
    const tables = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`,
      [schema],
    );
    const found: string[] = [];
    for (const { table_name } of tables) {
      for (const needle of needles) {
        const rows = await tx.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table_name)} r
           WHERE strpos(lower(r::text), lower($1)) > 0`,
          [needle],
        );
        if ((rows[0]?.count ?? 0) > 0) found.push(`${table_name}: ${needle}`);
      }
    }
    return found;
  });
}

/** A Salesforce instance at the fakes holding one contact of `email`, and a token for it. */
export async function salesforceWith(fakes: ReturnType<typeof createSubprocessorFakes>, email: string) {
  const instanceUrl = `https://erase-${randomBytes(4).toString("hex")}.my.salesforce.com`;
  fakes.integrations.salesforce.seed({
    instanceUrl,
    clientId: "cid",
    clientSecret: "client-secret",
    accounts: [],
    contacts: [
      { FirstName: "Grace", LastName: "Erased", Email: email },
      { FirstName: "Kept", LastName: "Other", Email: "kept.other@example.com" },
    ],
    leads: [],
  });
  const response = await fakes.fetch(`${instanceUrl}/services/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: "cid",
      client_secret: "client-secret",
    }).toString(),
  });
  const token = (await response.json()) as { access_token: string };
  return { instanceUrl, accessToken: token.access_token };
}

export const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);
