import { outboundDestinationMigrations } from "../platform/outbound-allow-list.js";
import type { OperationGroup } from "./operation-group.js";

/** The outbound allow-list's table of each tenant's own destinations (integrations, callback URLs). */
export const outbound: OperationGroup = {
  name: "outbound",
  operations: {},
  catalogueMigrations: outboundDestinationMigrations,
};
