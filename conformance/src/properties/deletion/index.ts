import type { GuaranteeProperty } from "../../harness/property.js";
import { delRequest30d } from "./del-request-30d.js";

/** The properties of the deletion guarantees (DEL-*), in the order GUARANTEES.md lists them. */
export const deletionProperties: readonly GuaranteeProperty[] = [delRequest30d];
