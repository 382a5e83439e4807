import { crmFactoryPolicy } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import { operationPermissions } from "./index.js";
import { byId, deref, doc, mutating, type Op, ops, paramRefs } from "./testing/contract-walk.js";

const policy = crmFactoryPolicy;
const permissionNames = Object.keys(policy.permissions);
const operatorPath = (path: string) => path.startsWith("/platform/") || path.startsWith("/test-clocks");
const ids = (list: Op[]) => list.map((o) => o.op.operationId).sort();

describe("every operation", () => {
  it("has a unique camelCase operationId, a summary and defined tags", () => {
    const tagNames = new Set(doc.tags?.map((t) => t.name));
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
    for (const { op } of ops) {
      expect(op.operationId).toMatch(/^[a-z][a-zA-Z0-9]+$/);
      expect(op.summary?.length, op.operationId).toBeGreaterThan(5);
      expect(op.tags?.length, op.operationId).toBeGreaterThan(0);
      for (const tag of op.tags) expect(tagNames.has(tag), `${op.operationId}: tag ${tag}`).toBe(true);
    }
  });

  it("names exactly one permission of the policy in x-permission, and every permission is used", () => {
    const used = new Set<string>();
    for (const { op } of ops) {
      expect(typeof op["x-permission"], op.operationId).toBe("string");
      expect(permissionNames, op.operationId).toContain(op["x-permission"]);
      used.add(op["x-permission"] as string);
    }
    expect([...used].sort()).toEqual([...permissionNames].sort());
  });

  it("is public only for discovery, sign-up, sign-in and sessionless requests, which say why", () => {
    const publicOps = ops.filter((o) => Array.isArray(o.op.security) && o.op.security.length === 0);
    expect(ids(publicOps)).toEqual([
      "createPublicRightsRequest",
      "createSession",
      "createSessionChallenge",
      "createTenant",
      "getMeta",
      "getMetaPolicy",
    ]);
    for (const { op } of publicOps) expect(String(op["x-unauthenticated-reason"]).length).toBeGreaterThan(40);
    for (const { op } of ops.filter((o) => !publicOps.includes(o))) {
      expect(op["x-unauthenticated-reason"], op.operationId).toBeUndefined();
    }
  });

  it("takes the operator's token on operator paths only, which need operator permissions", () => {
    for (const { op, path } of ops) {
      const operator = operatorPath(path);
      expect(op.security, op.operationId).toEqual(operator ? [{ operatorAuth: [] }] : op.security);
      expect(policy.operatorPermissions.includes(op["x-permission"] as string), op.operationId).toBe(
        operator,
      );
      if (!operator) expect(JSON.stringify(op.security ?? []), op.operationId).not.toContain("operatorAuth");
      if (path.startsWith("/test-clocks")) {
        expect(op["x-test-mode-only"], op.operationId).toBe(true);
        expect(op["x-permission"]).toBe("platform:test-clocks");
      } else expect(op["x-test-mode-only"], op.operationId).toBeUndefined();
    }
  });

  it("accepts a request token exactly on the operations of one rights request", () => {
    const withRequestToken = ops.filter((o) => JSON.stringify(o.op.security ?? []).includes("requestToken"));
    expect(ids(withRequestToken)).toEqual([
      "cancelRightsRequest",
      "getRightsRequest",
      "getRightsRequestExport",
      "getRightsRequestReceipt",
      "resendRightsRequestCode",
      "verifyRightsRequest",
    ]);
    for (const { op } of withRequestToken) {
      expect(op.security).toEqual([{ bearerAuth: [] }, { requestToken: [] }]);
      expect(op.description).toContain("`requestToken`");
    }
  });

  it("belongs to the profile of its tag group", () => {
    const groups = doc["x-tagGroups"] as { name: string; tags: string[] }[];
    const profileOfGroup: Record<string, string> = { "Privacy plane": "privacy", "Data plane": "data" };
    for (const { op } of ops) {
      const owner = groups.find((g) => g.tags.includes(op.tags[0] as string));
      expect(owner, op.operationId).toBeDefined();
      const harness = ["Incidents", "Policy notices", "Test clocks"].includes(op.tags[0] as string);
      const expected = harness ? "harness" : (profileOfGroup[owner?.name ?? ""] ?? "privacy");
      expect(op["x-profile"], op.operationId).toBe(expected);
    }
    for (const { op } of ops.filter((o) => o.op["x-test-mode-only"])) expect(op["x-profile"]).toBe("harness");
  });

  it("names the policy sections it serves, in x-policy-sections and in its description", () => {
    const sections = Object.keys(policy.sections);
    for (const { op } of ops) {
      const served = op["x-policy-sections"] as string[];
      expect(served.length, op.operationId).toBeGreaterThan(0);
      expect(new Set(served).size, op.operationId).toBe(served.length);
      for (const section of served) {
        expect(sections, op.operationId).toContain(section);
        const words = section === "table" ? "the summary table" : `§${section}`;
        expect(op.description, op.operationId).toMatch(
          new RegExp(`Serves [^.]*${words}[^.]* of the policy\\.$`),
        );
      }
    }
  });

  it("answers problem details with X-Request-Id on every response", () => {
    for (const { op, method, path } of ops) {
      const codes = Object.keys(op.responses);
      const expected = ["400", "429", "500", "503"];
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if (!isPublic) expected.push("401", "403");
      if (path.includes("{") || op["x-test-mode-only"]) expected.push("404");
      if (mutating.has(method)) expected.push("409");
      for (const code of expected) expect(codes, `${op.operationId} ${code}`).toContain(code);
      expect(
        codes.some((c) => /^2\d\d$/.test(c)),
        op.operationId,
      ).toBe(true);
      for (const [code, raw] of Object.entries(op.responses)) {
        const response = deref<{
          headers?: Record<string, unknown>;
          content?: Record<string, { schema?: unknown }>;
        }>(raw);
        expect(response.headers?.["X-Request-Id"], `${op.operationId} ${code} X-Request-Id`).toBeDefined();
        expect(deref(response.headers?.["X-Request-Id"])).toMatchObject({ required: true });
        if (/^[45]/.test(code)) {
          expect(Object.keys(response.content ?? {}), `${op.operationId} ${code}`).toEqual([
            "application/problem+json",
          ]);
          expect(response.content?.["application/problem+json"]?.schema).toEqual({
            $ref: "#/components/schemas/Problem",
          });
        }
      }
      if (op.responses["429"]) {
        expect(
          deref<{ headers: Record<string, unknown> }>(op.responses["429"]).headers["Retry-After"],
        ).toBeDefined();
      }
    }
  });

  // In test mode any call of a tenant bound to an advancing clock may answer test-clock-advancing.
  it("declares 409 wherever a tenant's test clock can be advancing, and on the downloads", () => {
    for (const { op } of ops) {
      const auth = operationPermissions[op.operationId as keyof typeof operationPermissions].auth;
      const tenantBound = auth.includes("tenant") || auth.includes("request");
      if (tenantBound) expect(Object.keys(op.responses), op.operationId).toContain("409");
    }
    for (const id of ["getExportDocument", "getRightsRequestExport"]) {
      expect(Object.keys(byId.get(id)?.op.responses ?? {})).toContain("409");
    }
  });

  it("takes an Idempotency-Key when it mutates, and says when a response is a replay", () => {
    for (const o of ops) {
      expect(paramRefs(o).includes("IdempotencyKey"), o.op.operationId).toBe(mutating.has(o.method));
      if (!mutating.has(o.method)) continue;
      for (const [code, raw] of Object.entries(o.op.responses)) {
        if (!code.startsWith("2")) continue;
        const headers = deref<{ headers: Record<string, unknown> }>(raw).headers;
        expect(headers["Idempotent-Replayed"], `${o.op.operationId} ${code}`).toBeDefined();
      }
    }
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: "Idempotency-Key", in: "header" });
  });

  it("works in export-only mode only for discovery, sign-in, the session, reopening and exports", () => {
    expect(ids(ops.filter((o) => o.op["x-export-only"] === true))).toEqual([
      "createExport",
      "createSession",
      "createSessionChallenge",
      "getCurrentSession",
      "getExport",
      "getExportDocument",
      "getExportSchema",
      "getMeta",
      "getMetaPolicy",
      "getTenant",
      "listExports",
      "listSessions",
      "reopenTenant",
      "revokeSession",
      "rotateSession",
      "startSubscription",
    ]);
  });
});

describe("the audit trail", () => {
  // Administrator actions: mutations needing a permission no member holds, sign-ins, and the operator's
  // decisions that change a tenant's data. Each appends an entry whose action it names.
  const member = new Set(policy.roles.member?.permissions);
  const operatorDecisions = [
    "confirmIncident",
    "createPolicyNotice",
    "denyPlatformRightsRequest",
    "extendPlatformRightsRequest",
  ];
  const signIns = ["createSession", "revokeSession", "rotateSession"];

  it("records exactly the administrator actions, each with its own action name", () => {
    const actions = new Set<string>();
    for (const { op, method } of ops) {
      const permission = op["x-permission"] as string;
      const tenantAdmin =
        mutating.has(method) && !member.has(permission) && !permission.startsWith("platform:");
      const audited =
        tenantAdmin || operatorDecisions.includes(op.operationId) || signIns.includes(op.operationId);
      const action = op["x-audit-action"];
      expect(typeof action === "string", op.operationId).toBe(audited);
      if (typeof action !== "string") continue;
      expect(action, op.operationId).toMatch(/^[a-z][a-z-]*(\.[a-z][a-z-]*)+$/);
      if (!op.operationId.endsWith("PlatformRightsRequest")) {
        expect(actions.has(action), `${op.operationId}: ${action} twice`).toBe(false);
      }
      actions.add(action);
    }
    expect(actions.size).toBeGreaterThan(25);
  });

  it("lists the administrator actions in the audit entry's description of `action`", () => {
    const entry = deref<{ properties: { action: { pattern: string } } }>(doc.components.schemas.AuditEntry);
    const pattern = new RegExp(entry.properties.action.pattern);
    for (const { op } of ops.filter((o) => o.op["x-audit-action"])) {
      expect(String(op["x-audit-action"]), op.operationId).toMatch(pattern);
    }
  });
});

describe("operationPermissions", () => {
  it("lists every operation with its permission, credentials, profile, sections and audit action", () => {
    expect(Object.keys(operationPermissions).sort()).toEqual(ops.map((o) => o.op.operationId).sort());
    expect(operationPermissions.createRightsRequest).toMatchObject({
      permission: "rights:create",
      method: "POST",
      path: "/rights-requests",
      authenticated: true,
      auth: ["tenant"],
      profile: "privacy",
      auditAction: null,
    });
    expect(operationPermissions.getRightsRequest.auth).toEqual(["tenant", "request"]);
    expect(operationPermissions.advanceTestClock).toMatchObject({
      auth: ["operator"],
      testModeOnly: true,
      profile: "harness",
    });
    expect(operationPermissions.createSession).toMatchObject({
      authenticated: false,
      auth: ["public"],
      auditAction: "session.created",
    });
    expect(operationPermissions.createExport).toMatchObject({
      exportOnly: true,
      auditAction: "export.created",
    });
    expect(operationPermissions.createContact).toMatchObject({ profile: "data", exportOnly: false });
    expect(operationPermissions.getMeta.policySections).toEqual(["3", "4", "9", "11"]);
  });
});

describe("public operations", () => {
  // A public operation still names a permission: every role holds it, so nothing is refused for want of it.
  it("need a permission every role of the policy holds", () => {
    for (const { op } of ops.filter((o) => Array.isArray(o.op.security) && o.op.security.length === 0)) {
      const permission = op["x-permission"] as string;
      if (policy.operatorPermissions.includes(permission)) continue;
      if (op.operationId === "createTenant" || op.operationId.startsWith("createSession")) continue;
      for (const [name, role] of Object.entries(policy.roles))
        expect(role.permissions, `${op.operationId}: ${name}`).toContain(permission);
    }
  });
});
