import { definePolicy } from "../define-policy.js";
import { categories } from "./categories.js";
import { deletionGuarantees } from "./guarantees/deletion-guarantees.js";
import { retentionGuarantees } from "./guarantees/retention-guarantees.js";
import { rightsGuarantees } from "./guarantees/rights-guarantees.js";
import { securityGuarantees } from "./guarantees/security-guarantees.js";
import { anchors, parameters, readings } from "./parameters.js";
import { permissions } from "./permissions.js";
import { legalBases, purposes } from "./purposes.js";
import { retention } from "./retention.js";
import { notices, rights } from "./rights.js";
import { operatorPermissions, roles } from "./roles.js";
import { sections } from "./sections.js";
import { subprocessors } from "./subprocessors.js";

/** The CRM Factory privacy policy (effective 2026-04-01, last updated 2026-04-09) as validated data. */
export const crmFactoryPolicy = definePolicy({
  id: "crm-factory",
  name: "CRM Factory Privacy Policy",
  organisation: "CRM Factory",
  effective: "2026-04-01",
  lastUpdated: "2026-04-09",
  sections,
  parameters,
  readings,
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
  guarantees: { ...retentionGuarantees, ...deletionGuarantees, ...rightsGuarantees, ...securityGuarantees },
});
