import { headerNames, openapiDocument } from "@crmfactory/api";
import { policyHash } from "@crmfactory/taxonomy";
import { beforeAll, describe, expect, it } from "vitest";
import {
  baseUrl,
  bootReference,
  drivers,
  operatorToken,
  signUp,
  type TestReference,
} from "../test-support/boot.js";

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

describe.each(drivers)("the request pipeline on %s", (driver) => {
  let reference: TestReference;
  beforeAll(async () => {
    reference = await bootReference(driver);
  });
  const call = (path: string, init?: RequestInit) =>
    reference.checkedFetch(new Request(`${baseUrl}${path}`, init));

  it("answers discovery with the contract version and the enforced policy's hash", async () => {
    const meta = await reference.client(null).meta.get();
    expect(meta.contractVersion).toBe(openapiDocument.info.version);
    expect(meta.policy.hash).toBe(policyHash(reference.platform.policy));
    expect(meta.mode).toBe("test");
  });

  it("answers an unknown path with not-found problem details and a request id", async () => {
    const response = await call("/no-such-thing");
    expect(response.status).toBe(404);
    expect((await response.json()).type).toBe("https://crmfactory.ai/problems/not-found");
  });

  it("refuses a missing, malformed or unknown token with unauthenticated", async () => {
    for (const authorization of [
      undefined,
      "Bearer",
      "Basic abc",
      "Bearer crmf_sess_nope",
      `Bearer ${"x".repeat(60)}`,
    ]) {
      const response = await call("/tenant", authorization ? { headers: { authorization } } : {});
      expect(response.status).toBe(401);
    }
  });

  it("refuses the operator token on a tenant operation and a tenant token on an operator operation", async () => {
    const { session } = await signUp(reference);
    expect((await call("/tenant", { headers: { authorization: `Bearer ${operatorToken}` } })).status).toBe(
      401,
    );
    expect(
      (await call("/test-clocks", { headers: { authorization: `Bearer ${session.token}` } })).status,
    ).toBe(401);
  });

  it("refuses unknown members, wrong types and SQL metacharacters in a body with validation-failed, writing nothing", async () => {
    const before = await reference.platform.database.transaction((tx) =>
      tx.query<{ count: number }>("SELECT count(*)::int AS count FROM catalog.tenants"),
    );
    const bodies = [
      { companyName: "x", owner: { name: "a", email: "a@b.example", birthDate: "1990-01-01" }, extra: 1 },
      { companyName: 42, owner: { name: "a", email: "a@b.example", birthDate: "1990-01-01" } },
      {
        companyName: "x'; DROP TABLE catalog.tenants; --",
        owner: { name: "a", email: "not-an-email", birthDate: "1990-01-01" },
      },
    ];
    for (const body of bodies) {
      const response = await call("/tenants", json(body));
      expect(response.status).toBe(400);
      expect((await response.json()).errors.length).toBeGreaterThan(0);
    }
    expect(
      (await call("/tenants", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }))
        .status,
    ).toBe(400);
    expect(
      (await call("/tenants", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" }))
        .status,
    ).toBe(415);
    const big = "x".repeat(reference.platform.limits.maxRequestBodyBytes + 1);
    expect((await call("/tenants", json({ companyName: big }))).status).toBe(413);
    const after = await reference.platform.database.transaction((tx) =>
      tx.query<{ count: number }>("SELECT count(*)::int AS count FROM catalog.tenants"),
    );
    expect(after).toEqual(before);
  });

  it("refuses a sign-up under the policy's minimum age with underage and stores nothing", async () => {
    const today = new Date();
    const tooYoung = `${today.getUTCFullYear() - reference.platform.policy.notices.minimumAge + 1}-01-01`;
    const email = `young.${Date.now()}@acme.example`;
    const response = await call(
      "/tenants",
      json({ companyName: "Kid Co", owner: { name: "Kid", email, birthDate: tooYoung } }),
    );
    expect(response.status).toBe(422);
    expect((await response.json()).type).toBe("https://crmfactory.ai/problems/underage");
    const rows = await reference.platform.database.transaction((tx) =>
      tx.query("SELECT 1 FROM catalog.tenants WHERE company_name = 'Kid Co'"),
    );
    expect(rows).toEqual([]);
  });

  it("replays a retried mutation with the same Idempotency-Key and refuses the key with another body", async () => {
    const key = `signup-${Date.now()}-${driver}`;
    const body = {
      companyName: "Replay Co",
      owner: { name: "Rae", email: `rae.${key}@acme.example`, birthDate: "1980-02-02" },
    };
    const first = await call("/tenants", json(body, { [headerNames.idempotencyKey]: key }));
    expect(first.status).toBe(201);
    expect(first.headers.get(headerNames.idempotentReplayed)).toBeNull();
    const again = await call("/tenants", json(body, { [headerNames.idempotencyKey]: key }));
    expect(again.status).toBe(201);
    expect(again.headers.get(headerNames.idempotentReplayed)).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    const other = await call(
      "/tenants",
      json({ ...body, companyName: "Other Co" }, { [headerNames.idempotencyKey]: key }),
    );
    expect(other.status).toBe(409);
    expect((await other.json()).type).toBe("https://crmfactory.ai/problems/idempotency-key-reused");
    const tenants = await reference.platform.database.transaction((tx) =>
      tx.query("SELECT id FROM catalog.tenants WHERE company_name IN ('Replay Co', 'Other Co')"),
    );
    expect(tenants).toHaveLength(1);
  });

  it("signs up a tenant whose owner's token reads the tenant", async () => {
    const { tenant, client, owner } = await signUp(reference);
    expect(owner.role).toBe("owner");
    expect(await client.tenant.get()).toEqual(tenant);
  });
});
