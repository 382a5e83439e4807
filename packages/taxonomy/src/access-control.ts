import type { Policy } from "./policy-schema.js";

/** The roles whose permissions include `permission`, lowest level first. */
export function rolesAllowed(policy: Policy, permission: string): string[] {
  return Object.entries(policy.roles)
    .filter(([, role]) => role.permissions.includes(permission))
    .sort(([, a], [, b]) => a.level - b.level)
    .map(([name]) => name);
}

export function roleAllows(policy: Policy, role: string, permission: string): boolean {
  return policy.roles[role]?.permissions.includes(permission) ?? false;
}
