import { expect } from "vitest";
import { quoteIdentifier } from "../../database/identifiers.js";
import { digestOf, schemaOf } from "../../test-support/digest.js";
import type { FixtureWorld } from "../../test-support/fixture-world.js";
import type { ValidRequest } from "../../test-support/operation-fixtures.js";
import type { FieldPath } from "./request-schema.js";

export const problemBase = "https://crmfactory.ai/problems/";

export interface Expectation {
  /** The problem slug a refusal must carry; absent: any 4xx. */
  refusal?: string;
  /** A 2xx is a right answer too (the request is valid); absent: the request must be refused. */
  mayAccept?: boolean;
}

/**
 * Sends one request and checks the guarantees of bad input: no 5xx, the contract's problem details
 * (`checkedFetch` validates them against `Problem`), and, for a refusal, not one row changed in the
 * tenants' schemas or the catalogue.
 */
export function createProbe(world: FixtureWorld, served: ReadonlySet<string>) {
  const { reference } = world;
  let cached: { key: string; digest: string } | undefined;
  const schemaNames = new Map<string, string>();
  const schemaFor = async (tenantId: string) => {
    let name = schemaNames.get(tenantId);
    if (!name) {
      name = await schemaOf(reference, tenantId);
      schemaNames.set(tenantId, name);
    }
    return name;
  };
  const schemasFor = async (valid: ValidRequest) => {
    const ids = new Set([world.a.tenantId, world.b.tenantId, ...(valid.tenantId ? [valid.tenantId] : [])]);
    return [...(await Promise.all([...ids].map(schemaFor))), "catalog"].sort();
  };
  const digest = async (schemas: string[]) => {
    const key = schemas.join(",");
    if (cached?.key !== key) cached = { key, digest: await digestOf(reference, schemas) };
    return cached.digest;
  };

  return {
    /** Forget the last digest: something was written on purpose (a fixture, an accepted request). */
    invalidate() {
      cached = undefined;
    },
    /** The digest `send` compares, for a caller checking many requests at once (`checkWrites: false`). */
    async digest(valid: ValidRequest) {
      await world.settle();
      return digestOf(reference, await schemasFor(valid));
    },
    async send(
      label: string,
      operationId: string,
      valid: ValidRequest,
      request: Request,
      expectation: Expectation = {},
      { checkWrites = true } = {},
    ) {
      const schemas = checkWrites ? await schemasFor(valid) : [];
      if (checkWrites) await world.settle();
      const before = checkWrites ? await digest(schemas) : "";
      const calls = world.outbound.length;
      const response = await reference.checkedFetch(request);
      const text = await response.text();
      const where = `${operationId} ${label}: ${response.status} ${text.slice(0, 300)}`;
      // An operation not served yet answers `unavailable` (503) after authentication, or not-found.
      if (!served.has(operationId) && expectation.refusal !== "unauthenticated") {
        expect([404, 503], where).toContain(response.status);
      } else expect(response.status, where).toBeLessThan(500);
      if (response.status < 400) {
        // An accepted request may write (a session's last use, at least): the cached digest is stale
        // before the expectation is checked, so a wrongly accepted request fails here and nowhere after.
        cached = undefined;
        expect(expectation.mayAccept, `${where}: accepted`).toBe(true);
        return {
          accepted: true as const,
          status: response.status,
          body: text ? JSON.parse(text) : undefined,
        };
      }
      const problem = JSON.parse(text) as { type: string };
      if (
        expectation.refusal &&
        served.has(operationId) &&
        response.status !== 404 &&
        response.status !== 503
      )
        expect(problem.type, where).toBe(`${problemBase}${expectation.refusal}`);
      // Nor at a subprocessor: bad input is refused before any outbound call.
      expect(world.outbound.slice(calls), `${where}: a refused request called out`).toEqual([]);
      if (!checkWrites) return { accepted: false as const, status: response.status, problem };
      await world.settle();
      expect(
        changedTables(before, await digestOf(reference, schemas)),
        `${where}: a refused request wrote`,
      ).toEqual([]);
      return { accepted: false as const, status: response.status, problem };
    },
    /**
     * Where `value` is stored: text columns equal to it, and string members of JSON columns equal to it,
     * compared in SQL with `value` a bound parameter. A value read back equal proves it went in as data.
     */
    async storedIn(tenantIds: readonly string[], value: string): Promise<string[]> {
      const schemas = [...(await Promise.all(tenantIds.map(schemaFor))), "catalog"];
      return reference.platform.database.ownerTransaction(async (tx) => {
        const columns = await tx.query<{
          table_schema: string;
          table_name: string;
          column_name: string;
          data_type: string;
        }>(
          `SELECT c.table_schema, c.table_name, c.column_name, c.data_type FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
           WHERE c.table_schema = ANY($1::text[]) AND t.table_type = 'BASE TABLE'
             AND c.data_type IN ('text', 'character varying', 'jsonb')`,
          [schemas],
        );
        const parts = columns.map((c) => {
          const table = `${quoteIdentifier(c.table_schema)}.${quoteIdentifier(c.table_name)}`;
          const column = quoteIdentifier(c.column_name);
          const name = `'${c.table_schema}.${c.table_name}.${c.column_name}'`;
          return c.data_type === "jsonb"
            ? `SELECT ${name} AS place FROM ${table} r, jsonb_path_query(r.${column}, 'lax $.**') v
               WHERE jsonb_typeof(v) = 'string' AND v #>> '{}' = $1`
            : `SELECT ${name} AS place FROM ${table} WHERE ${column} = $1`;
        });
        const rows = await tx.query<{ place: string }>(parts.join(" UNION "), [value]);
        return rows.map((r) => r.place.replace(/^[^.]*\./, ""));
      });
    },
  };
}

export function label(path: FieldPath): string {
  return path.length === 0 ? "/" : `/${path.join("/")}`;
}

/** The tables whose digest line differs. */
export function changedTables(before: string, after: string): string[] {
  const lines = new Set(before.split("\n"));
  return after
    .split("\n")
    .filter((line) => !lines.has(line))
    .map((line) => line.split(":")[0] as string);
}
