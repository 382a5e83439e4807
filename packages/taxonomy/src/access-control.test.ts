import { describe, expect, it } from "vitest";
import { roleAllows, rolesAllowed } from "./access-control.js";
import { crmFactoryPolicy } from "./crm-factory/policy.js";

describe("roles and permissions", () => {
  it("has four permission levels, each holding everything the level below holds", () => {
    const levels = Object.values(crmFactoryPolicy.roles).sort((a, b) => a.level - b.level);
    expect(levels.map((r) => r.level)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < levels.length; i++) {
      for (const p of levels[i - 1]!.permissions) expect(levels[i]!.permissions).toContain(p);
    }
  });

  it("lets every role exercise its own rights, whatever its level", () => {
    expect(rolesAllowed(crmFactoryPolicy, "rights:create")).toEqual(["viewer", "member", "admin", "owner"]);
  });

  it("keeps account closure and billing changes to owners", () => {
    expect(rolesAllowed(crmFactoryPolicy, "tenant:manage")).toEqual(["owner"]);
    expect(roleAllows(crmFactoryPolicy, "admin", "billing:manage")).toBe(false);
  });

  it("gives operator permissions to no tenant role, and uses every permission somewhere", () => {
    for (const p of crmFactoryPolicy.operatorPermissions)
      expect(rolesAllowed(crmFactoryPolicy, p)).toEqual([]);
    const granted = new Set([
      ...Object.values(crmFactoryPolicy.roles).flatMap((r) => r.permissions),
      ...crmFactoryPolicy.operatorPermissions,
    ]);
    expect([...granted].sort()).toEqual(Object.keys(crmFactoryPolicy.permissions).sort());
  });

  it("grants exactly these permissions (golden role data)", () => {
    const viewer = [
      "meta:read",
      "tenant:read",
      "sessions:manage",
      "crm:read",
      "messages:read",
      "integrations:read",
      "ai:read",
      "rights:create",
      "rights:read",
      "retention:read",
      "subprocessors:read",
      "notices:read",
    ];
    const member = [...viewer, "users:read", "crm:write", "messages:send", "telemetry:write", "billing:read"];
    const admin = [
      ...member,
      "users:manage",
      "integrations:manage",
      "telemetry:read",
      "ai:manage",
      "ai:approve",
      "rights:manage",
      "minors:report",
      "exports:create",
      "exports:read",
      "deletions:create",
      "receipts:read",
      "audit:read",
      "callbacks:manage",
    ];
    const owner = [...admin, "tenant:manage", "billing:manage"];
    const roles = crmFactoryPolicy.roles;
    expect({
      viewer: roles.viewer?.permissions,
      member: roles.member?.permissions,
      admin: roles.admin?.permissions,
      owner: roles.owner?.permissions,
    }).toEqual({ viewer, member, admin, owner });
    expect(crmFactoryPolicy.operatorPermissions).toEqual([
      "platform:incidents",
      "platform:notices",
      "platform:test-clocks",
      "platform:rights",
      "platform:attestations",
    ]);
  });

  it("lets every role read the discovery document, and keeps controller decisions and attestations to the operator", () => {
    expect(rolesAllowed(crmFactoryPolicy, "meta:read")).toEqual(["viewer", "member", "admin", "owner"]);
    expect(rolesAllowed(crmFactoryPolicy, "platform:rights")).toEqual([]);
    expect(rolesAllowed(crmFactoryPolicy, "platform:attestations")).toEqual([]);
    expect(rolesAllowed(crmFactoryPolicy, "rights:manage")).toEqual(["admin", "owner"]);
  });

  it("allows nothing to an unknown role", () => {
    expect(roleAllows(crmFactoryPolicy, "intern", "crm:read")).toBe(false);
  });
});
