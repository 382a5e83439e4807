import type { components } from "./generated/openapi.js";

/** Every schema of the contract, by name: `Schemas["RightsRequest"]`. */
export type Schemas = components["schemas"];

/** One entry of the audit trail, as served. */
export type AuditEntry = Schemas["AuditEntry"];

/** The audit trail's head: its last sequence and hash. */
export type AuditHead = Schemas["AuditHead"];
