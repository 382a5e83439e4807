import { attestations } from "./attestations.js";
import { discovery } from "./discovery.js";
import type { OperationGroup } from "./operation-group.js";
import { tenants } from "./tenants.js";
import { transparency } from "./transparency.js";

/**
 * Every operation group the reference serves, one module per contract tag (or a few related tags).
 * Adding a group: write `src/operations/<name>.ts` exporting an `OperationGroup`, add one line here.
 */
export const operationGroups: readonly OperationGroup[] = [discovery, tenants, transparency, attestations];
