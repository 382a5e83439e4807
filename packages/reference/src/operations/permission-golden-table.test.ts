import { headerNames, operationPermissions } from "@crmfactory/api";
import { beforeAll, describe, expect, it } from "vitest";
import { quoteIdentifier } from "../database/identifiers.js";
import {
  baseUrl,
  bootReference,
  drivers,
  operatorToken,
  signUp,
  type TestReference,
} from "../test-support/boot.js";
import { signInAs } from "../test-support/identity.js";
import { permissionGoldenTable } from "./permission-golden-table.js";

const operations = Object.values(operationPermissions);

describe("the permission golden table", () => {
  it("names every operation of the contract, and only roles of the policy", async () => {
    const { crmFactoryPolicy } = await import("@crmfactory/taxonomy");
    expect(Object.keys(permissionGoldenTable).sort()).toEqual(operations.map((op) => op.operationId).sort());
    const roles = Object.keys(crmFactoryPolicy.roles);
    for (const entry of Object.values(permissionGoldenTable)) {
      if (Array.isArray(entry)) for (const role of entry) expect(roles).toContain(role);
    }
  });
});

describe.each(drivers)("every role through the API on %s", (driver) => {
  let reference: TestReference;
  const tokens = new Map<string, string>();
  let schema: string;
  beforeAll(async () => {
    reference = await bootReference(driver);
    const owner = await signUp(reference);
    tokens.set("owner", owner.session.token);
    for (const role of Object.keys(reference.platform.policy.roles)) {
      if (role === "owner") continue;
      tokens.set(role, (await signInAs(reference, owner, role)).session.token);
    }
    const [row] = await reference.platform.database.transaction((tx) =>
      tx.query<{ schema_name: string }>("SELECT schema_name FROM catalog.tenants WHERE id = $1", [
        owner.tenant.id,
      ]),
    );
    schema = row!.schema_name;
    // The pool refills in the background after a sign-up: let it settle before comparing digests.
    await reference.platform.schemas.fillPool();
  });

  /** A digest of every row of every table of the tenant's schema and the catalogue. */
  async function everything(): Promise<string> {
    return reference.platform.database.ownerTransaction(async (tx) => {
      const tables = await tx.query<{ table_schema: string; table_name: string }>(
        `SELECT table_schema, table_name FROM information_schema.tables
         WHERE table_schema IN ($1, 'catalog') AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
        [schema],
      );
      const parts = tables.map(
        (t) =>
          `SELECT '${t.table_schema}.${t.table_name}' AS name, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS digest FROM ${quoteIdentifier(t.table_schema)}.${quoteIdentifier(t.table_name)} r`,
      );
      const rows = await tx.query<{ name: string; digest: string }>(parts.join(" UNION ALL "));
      return rows
        .map((r) => `${r.name}:${r.digest}`)
        .sort()
        .join("\n");
    });
  }

  function requestFor(op: (typeof operations)[number], token: string): Request {
    const path = op.path
      .replace(/\{guaranteeId\}/g, "SEC-OPERATIONS")
      .replace(/\{\w+\}/g, () => crypto.randomUUID());
    const hasBody = ["POST", "PUT", "PATCH"].includes(op.method);
    return new Request(`${baseUrl}${path}`, {
      method: op.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(hasBody ? { "content-type": "application/json" } : {}),
      },
      ...(hasBody ? { body: "{}" } : {}),
    });
  }

  async function call(role: string, op: (typeof operations)[number]) {
    const token = role === "operator" ? operatorToken : (tokens.get(role) as string);
    const response = await reference.checkedFetch(requestFor(op, token));
    const rotated = response.headers.get(headerNames.rotatedToken);
    if (rotated) tokens.set(role, rotated);
    const text = await response.text();
    if (op.operationId === "rotateSession" && response.status === 201)
      tokens.set(role, JSON.parse(text).token);
    return {
      status: response.status,
      type: text ? (JSON.parse(text).type as string | undefined) : undefined,
    };
  }

  const forbidden = "https://crmfactory.ai/problems/forbidden";
  const tenantOperations = operations.filter((op) => Array.isArray(permissionGoldenTable[op.operationId]));
  const operatorOperations = operations.filter((op) => permissionGoldenTable[op.operationId] === "operator");

  it.each(tenantOperations.map((op) => [op.operationId, op] as const))(
    "%s: allowed exactly to the table's roles; a refused call writes nothing",
    async (_id, op) => {
      const allowed = permissionGoldenTable[op.operationId] as readonly string[];
      for (const role of Object.keys(reference.platform.policy.roles)) {
        if (allowed.includes(role)) {
          const answer = await call(role, op);
          expect(answer.status, `${role} ${op.operationId}`).not.toBe(401);
          expect(answer.type, `${role} ${op.operationId}`).not.toBe(forbidden);
        } else {
          const before = await everything();
          expect(await call(role, op), `${role} ${op.operationId}`).toEqual({ status: 403, type: forbidden });
          expect(await everything(), `${role} ${op.operationId} wrote`).toBe(before);
        }
      }
    },
  );

  it("operator operations take the operator's token and no tenant role's", async () => {
    for (const op of operatorOperations) {
      for (const role of Object.keys(reference.platform.policy.roles)) {
        expect((await call(role, op)).status, `${role} ${op.operationId}`).toBe(401);
      }
      const answer = await call("operator", op);
      expect([401, 403], op.operationId).not.toContain(answer.status);
    }
  });
});
