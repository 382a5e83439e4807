import type { GuaranteeProperty } from "../../harness/property.js";
import { retAccountProperty } from "./ret-account.js";
import { retAuthProperty } from "./ret-auth.js";
import { retCommsProperty } from "./ret-comms.js";
import { retCrmProperty } from "./ret-crm.js";

/** The properties of the retention guarantees (RET-*), in the order GUARANTEES.md lists them. */
export const retentionProperties: readonly GuaranteeProperty[] = [
  retAccountProperty,
  retAuthProperty,
  retCrmProperty,
  retCommsProperty,
];
