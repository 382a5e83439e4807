import { contactOperations, contactsMigration } from "./contacts.js";
import { crmObjectOperations, crmObjectsMigration } from "./crm-objects.js";
import { crmInventory } from "./data-plane-inventory.js";
import { emailContactsMigration } from "./email-contacts.js";
import type { OperationGroup } from "./operation-group.js";

/** CRM (the contract's `CRM` tag): contacts with custom fields and consent, and the objects linked to them. */
export const crm: OperationGroup = {
  name: "crm",
  operations: { ...contactOperations, ...crmObjectOperations },
  tenantMigrations: [contactsMigration, crmObjectsMigration, emailContactsMigration],
  inventory: crmInventory,
};
