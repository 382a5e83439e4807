import type { PolicyInput } from "../policy-schema.js";
import type { CrmFactoryPermission } from "./permissions.js";

// The four permission levels of section 4, lowest first. Operator permissions (`platform:*`) belong
// to no tenant role: they are held by the platform operator's own credential.
const viewer: CrmFactoryPermission[] = [
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

const member: CrmFactoryPermission[] = [
  ...viewer,
  "users:read",
  "crm:write",
  "messages:send",
  "telemetry:write",
  "billing:read",
];

const admin: CrmFactoryPermission[] = [
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

const owner: CrmFactoryPermission[] = [...admin, "tenant:manage", "billing:manage"];

export const roles = {
  viewer: {
    level: 1,
    description: "Reads CRM data and exercises their own privacy rights.",
    permissions: viewer,
  },
  member: { level: 2, description: "Works the CRM: writes records, sends messages.", permissions: member },
  admin: {
    level: 3,
    description: "Manages users, integrations, AI features, and the workspace's data requests and exports.",
    permissions: admin,
  },
  owner: {
    level: 4,
    description: "Everything an admin can, plus billing and closing the account.",
    permissions: owner,
  },
} satisfies PolicyInput["roles"];
export const operatorPermissions: CrmFactoryPermission[] = [
  "platform:incidents",
  "platform:notices",
  "platform:test-clocks",
  "platform:rights",
  "platform:attestations",
];
