import type { GuaranteeProperty } from "../../harness/property.js";

/** The properties of the deletion guarantees (DEL-*), in the order GUARANTEES.md lists them. */
export const deletionProperties: readonly GuaranteeProperty[] = [];
