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

  it("allows nothing to an unknown role", () => {
    expect(roleAllows(crmFactoryPolicy, "intern", "crm:read")).toBe(false);
  });
});
