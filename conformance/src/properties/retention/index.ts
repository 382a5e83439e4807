import type { GuaranteeProperty } from "../../harness/property.js";

/** The properties of the retention guarantees (RET-*), in the order GUARANTEES.md lists them. */
export const retentionProperties: readonly GuaranteeProperty[] = [];
