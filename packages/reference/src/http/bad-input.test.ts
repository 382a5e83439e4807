import { operationPermissions } from "@crmfactory/api";
import { beforeAll, describe, expect, it } from "vitest";
import { operationGroups } from "../operations/index.js";
import {
  baseUrl,
  bootReference,
  drivers,
  operatorToken,
  signUp,
  type TestReference,
} from "../test-support/boot.js";
import { digestOf, schemaOf } from "../test-support/digest.js";

const served = new Set(operationGroups.flatMap((group) => Object.keys(group.operations)));

const metacharacters = `x'); DROP TABLE catalog.tenants; -- " \\ %_ $1 \u0000`;
const badBodies = [
  "[]",
  '"just a string"',
  "42",
  "null",
  '{"unknownMember": true}',
  JSON.stringify({ name: 7, email: ["a"], role: {}, companyName: false, frozenTime: "yesterday" }),
  JSON.stringify({
    name: metacharacters,
    email: metacharacters,
    companyName: metacharacters,
    issuer: metacharacters,
  }),
  '{"unterminated": ',
];

describe.each(drivers)("bad input to every operation on %s", (driver) => {
  let reference: TestReference;
  let owner: Awaited<ReturnType<typeof signUp>>;
  let schemas: string[];
  beforeAll(async () => {
    reference = await bootReference(driver);
    owner = await signUp(reference);
    schemas = [await schemaOf(reference, owner.tenant.id), "catalog"];
    // The pool refills in the background after a sign-up: let it settle before comparing digests.
    await reference.platform.schemas.fillPool();
  });

  const withBody = Object.values(operationPermissions).filter((op) =>
    ["POST", "PUT", "PATCH"].includes(op.method),
  );

  it.each(withBody.map((op) => [op.operationId, op] as const))(
    "%s refuses malformed bodies with problem details, no 5xx, nothing written",
    async (_id, op) => {
      const token = op.auth.includes("operator") ? operatorToken : owner.session.token;
      for (const body of badBodies) {
        const path = op.path
          .replace(/\{guaranteeId\}/g, "SEC-OPERATIONS")
          .replace(/\{\w+\}/g, () => crypto.randomUUID());
        const before = await digestOf(reference, schemas);
        const response = await reference.checkedFetch(
          new Request(`${baseUrl}${path}`, {
            method: op.method,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body,
          }),
        );
        expect(response.status, `${op.operationId} ${body}`).toBeGreaterThanOrEqual(400);
        // `unavailable` is the honest answer of an operation not implemented yet; a served one answers 4xx.
        if (served.has(op.operationId))
          expect(response.status, `${op.operationId} ${body}`).toBeLessThan(500);
        // (a path id of the wrong shape is not-found before that, as for a served one)
        else expect([404, 503], `${op.operationId} ${body}`).toContain(response.status);
        expect(await digestOf(reference, schemas), `${op.operationId} ${body} wrote`).toBe(before);
      }
    },
  );

  it("refuses malformed and forged tokens on every authenticated operation with unauthenticated", async () => {
    const forged = [
      "",
      "Bearer ",
      `Bearer ${metacharacters.replace("\u0000", "")}`,
      `Bearer ${owner.session.token}x`,
      `Bearer ${owner.session.token.slice(0, -1)}${owner.session.token.endsWith("A") ? "B" : "A"}`,
      `Bearer crmf_sess_${"0".repeat(32)}_${"A".repeat(43)}`,
      `bearer ${owner.session.token}`,
    ];
    for (const op of Object.values(operationPermissions)) {
      if (!op.authenticated || (op.testModeOnly && reference.platform.mode !== "test")) continue;
      const path = op.path.replace(/\{\w+\}/g, () => crypto.randomUUID());
      for (const authorization of forged) {
        const response = await reference.checkedFetch(
          new Request(`${baseUrl}${path}`, {
            method: op.method,
            headers: authorization ? { authorization } : {},
          }),
        );
        expect(response.status, `${op.operationId} with ${JSON.stringify(authorization)}`).toBe(401);
      }
    }
  });
});
