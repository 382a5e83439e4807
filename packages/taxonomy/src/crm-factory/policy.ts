import { deepFreeze } from "../deep-freeze.js";
import { definePolicy } from "../define-policy.js";
import type { PolicyInput } from "../policy-schema.js";
import { categories } from "./categories.js";
import { deletionGuarantees } from "./guarantees/deletion-guarantees.js";
import { retentionGuarantees } from "./guarantees/retention-guarantees.js";
import { rightsGuarantees } from "./guarantees/rights-guarantees.js";
import { securityGuarantees } from "./guarantees/security-guarantees.js";
import { anchors, identifiers, parameters, readings } from "./parameters.js";
import { permissions } from "./permissions.js";
import { legalBases, purposes } from "./purposes.js";
import { retention } from "./retention.js";
import { notices, rights } from "./rights.js";
import { operatorPermissions, roles } from "./roles.js";
import { sections } from "./sections.js";
import { security } from "./security.js";
import { subprocessors } from "./subprocessors.js";

/**
 * The CRM Factory privacy policy as written, with its duration references (`{ $ref }`): what
 * `policy.json` holds. Frozen; `crmFactoryPolicy` is the same policy validated and resolved.
 */
export const crmFactoryPolicySource: PolicyInput = deepFreeze({
  id: "crm-factory",
  name: "CRM Factory Privacy Policy",
  organisation: "CRM Factory",
  effective: "2026-04-01",
  lastUpdated: "2026-04-09",
  sections,
  parameters,
  readings,
  identifiers,
  anchors,
  legalBases,
  purposes,
  categories,
  retention,
  rights,
  permissions,
  roles,
  operatorPermissions,
  subprocessors,
  notices,
  security,
  guarantees: { ...retentionGuarantees, ...deletionGuarantees, ...rightsGuarantees, ...securityGuarantees },
} satisfies PolicyInput);

/** The CRM Factory privacy policy (effective 2026-04-01, last updated 2026-04-09) as validated data. */
export const crmFactoryPolicy = definePolicy(crmFactoryPolicySource);
