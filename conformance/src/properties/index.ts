import type { GuaranteeProperty } from "../harness/property.js";
import { deletionProperties } from "./deletion/index.js";
import { retentionProperties } from "./retention/index.js";

/** Every property the suite has, by guarantee. A tested guarantee none of them names is `untested`. */
export const properties: readonly GuaranteeProperty[] = [...retentionProperties, ...deletionProperties];
