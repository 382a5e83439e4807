import { operationPermissions } from "@crmfactory/api";
import { beforeAll, describe, expect, it } from "vitest";
import { operationGroups } from "../operations/index.js";
import { baseUrl, drivers, operatorToken } from "../test-support/boot.js";
import { createFixtureWorld, type FixtureWorld } from "../test-support/fixture-world.js";
import {
  operationFixtures,
  pathOf,
  requestOf,
  type ValidRequest,
} from "../test-support/operation-fixtures.js";
import { changedTables, createProbe } from "./bad-input/probe.js";
import { getAt } from "./bad-input/request-schema.js";
import {
  bodyVariants,
  crossTenantVariants,
  pathVariants,
  queryVariants,
  sqlMetacharacters,
  type Variant,
} from "./bad-input/variants.js";
import { operationShapes } from "./contract-operations.js";

// Bad input generated from the contract's request schemas for every operation: wrong types, unknown
// members, oversized bodies, SQL metacharacters in every string member, another tenant's ids, bad query
// parameters, forged tokens. Never a 5xx, always the contract's problem details, and nothing written
// unless the request was valid and accepted, in which case the metacharacters are stored as plain data.

const served = new Set(operationGroups.flatMap((group) => Object.keys(group.operations)));
const operations = Object.values(operationPermissions);

describe.each(drivers)("bad input to every operation on %s", (driver) => {
  let world: FixtureWorld;
  let probe: ReturnType<typeof createProbe>;
  let storedVerbatim = 0;
  beforeAll(async () => {
    world = await createFixtureWorld(driver);
    probe = createProbe(world, served);
  });

  it("has a fixture for every served operation", () => {
    expect([...served].filter((id) => !operationFixtures[id]).sort()).toEqual([]);
  });

  /** An accepted metacharacter value: stored as sent (found by a bound comparison), answered and read back equal. */
  async function expectStoredVerbatim(
    operationId: string,
    variant: Variant,
    tenantIds: string[],
    answer: unknown,
    { token, params }: ValidRequest,
  ) {
    const stored = variant.stored;
    if (!stored) return;
    const where = `${operationId} ${variant.label}`;
    const echoed = getAt(answer, stored.field.path);
    if (echoed !== undefined) expect(echoed, `${where}: answered`).toBe(stored.value);
    if (stored.field.writeOnly) return;
    expect(await probe.storedIn(tenantIds, stored.value), `${where}: stored`).not.toEqual([]);
    const id = (answer as { id?: unknown } | undefined)?.id;
    const op = operationPermissions[operationId as keyof typeof operationPermissions];
    const read = operations.find(
      (candidate) =>
        candidate.method === "GET" &&
        served.has(candidate.operationId) &&
        (op.method === "POST"
          ? new RegExp(`^${op.path}/\\{\\w+\\}$`).test(candidate.path)
          : candidate.path === op.path),
    );
    if (!read || (op.method === "POST" && typeof id !== "string")) return;
    const path =
      op.method === "POST" ? read.path.replace(/\{\w+\}$/, String(id)) : pathOf(read.operationId, params);
    const response = await world.reference.checkedFetch(
      new Request(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    );
    expect(response.status, `${where}: read back`).toBe(200);
    const readBack = getAt(await response.json(), stored.field.path);
    if (readBack !== undefined) expect(readBack, `${where}: read back`).toBe(stored.value);
    storedVerbatim++;
  }

  it.each(operations.map((op) => [op.operationId] as const))(
    "%s: refuses bad input with problem details, no 5xx, nothing written",
    async (operationId) => {
      const fixture = operationFixtures[operationId];
      if (!fixture) {
        // Not served yet: after authentication it answers `unavailable` (or not-found for its path).
        const path = operationPermissions[operationId as keyof typeof operationPermissions].path.replace(
          /\{\w+\}/g,
          () => crypto.randomUUID(),
        );
        const op = operationPermissions[operationId as keyof typeof operationPermissions];
        const token = op.auth.includes("operator") ? operatorToken : world.a.token;
        const valid = { token, tenantId: world.a.tenantId, params: {} };
        for (const raw of ["[]", '{"unknownMember": true}', JSON.stringify({ name: sqlMetacharacters })]) {
          const request = new Request(`${baseUrl}${path}`, {
            method: op.method,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            ...(op.method === "GET" ? {} : { body: raw }),
          });
          await probe.send(raw, operationId, valid, request);
        }
        return;
      }
      let valid = await fixture(world);
      probe.invalidate();
      // The body limit the pipeline applies: the operation's own, stated in the contract (the profile
      // photo's), else the deployment's default; one byte over it is `payload-too-large`.
      const bodyLimit =
        operationShapes.get(operationId)?.statedMaxBodyBytes ??
        world.reference.platform.limits.maxRequestBodyBytes;
      const variantsOf = (request: ValidRequest) => [
        ...bodyVariants(operationId, request, bodyLimit),
        ...pathVariants(request),
        ...crossTenantVariants(operationId, request, world.b),
        ...queryVariants(operationId, request),
      ];
      let variants = variantsOf(valid);
      for (let index = 0; index < variants.length; index++) {
        const variant = variants[index] as Variant;
        const answer = await probe.send(
          variant.label,
          operationId,
          valid,
          requestOf(operationId, valid, variant.change),
          variant.expectation,
        );
        if (!answer.accepted) continue;
        const tenantIds = [valid.tenantId ?? answer.body?.tenant?.id].filter((id): id is string => !!id);
        await expectStoredVerbatim(operationId, variant, tenantIds, answer.body, valid);
        // The accepted request may have used the fixture up (a deleted resource, a consumed token, a
        // taken email): the next variants derive from a fresh valid request of the same shape.
        valid = await fixture(world);
        probe.invalidate();
        const fresh = variantsOf(valid);
        expect(fresh.map((v) => v.label)).toEqual(variants.map((v) => v.label));
        variants = fresh;
      }
      // The unchanged request is valid: each variant above differs from an accepted request in one way.
      const response = await world.reference.checkedFetch(requestOf(operationId, valid));
      expect(response.status, `${operationId} valid: ${await response.clone().text()}`).toBeLessThan(300);
      probe.invalidate();
    },
  );

  it("stored metacharacters verbatim for the accepted string members", () => {
    expect(storedVerbatim).toBeGreaterThan(10);
  });

  const authenticated = operations.filter((op) => op.authenticated);
  it.each(authenticated.map((op) => [op.operationId, op] as const))(
    "%s refuses malformed, forged and wrong-scheme tokens with unauthenticated, writing nothing",
    async (_id, op) => {
      const token = world.a.token;
      const forged = [
        "",
        "Bearer ",
        `Bearer ${sqlMetacharacters}`,
        `Bearer ${token}x`,
        `Bearer ${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`,
        `Bearer crmf_sess_${"0".repeat(32)}_${"A".repeat(43)}`,
        `Bearer ${token} ${token}`,
        `bearer${token}`,
        `Basic ${Buffer.from(`user:${token}`).toString("base64")}`,
        `Token ${token}`,
        `Bearer ${"A".repeat(10_000)}`,
      ];
      // The other scheme's valid credential: a tenant session on an operator operation and vice versa.
      const wrongScheme = op.auth.includes("request")
        ? []
        : [`Bearer ${op.auth.includes("operator") ? token : operatorToken}`];
      const path = op.path.replace(/\{\w+\}/g, () => crypto.randomUUID());
      const valid = { token: null, tenantId: null, params: {} };
      const before = await probe.digest(valid);
      for (const authorization of [...forged, ...wrongScheme]) {
        const request = new Request(`${baseUrl}${path}`, {
          method: op.method,
          headers: authorization ? { authorization } : {},
        });
        const label = `with ${JSON.stringify(authorization.slice(0, 60))}`;
        const answer = await probe.send(
          label,
          op.operationId,
          valid,
          request,
          { refusal: "unauthenticated" },
          {
            checkWrites: false,
          },
        );
        expect(answer.status, `${op.operationId} ${label}`).toBe(401);
      }
      expect(changedTables(before, await probe.digest(valid)), `${op.operationId} wrote`).toEqual([]);
    },
  );
});
