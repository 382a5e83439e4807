import { attestations } from "./attestations.js";
import { dataPlaneGroups } from "./data-plane-groups.js";
import { discovery } from "./discovery.js";
import type { OperationGroup } from "./operation-group.js";
import { sessions } from "./sessions.js";
import { tenants } from "./tenants.js";
import { testClocks } from "./test-clocks.js";
import { transparency } from "./transparency.js";
import { users } from "./users.js";

// Data-plane groups (CRM, telemetry, billing, profile photos): their imports go below this line.

// ---------------------------------------------------------------------------------------------------

// Messages, integrations and callbacks groups: their imports go below this line.
import { callbacks } from "./callbacks.js";
import { integrations } from "./integrations.js";
import { marketing } from "./marketing.js";
import { messages } from "./messages.js";
import { outbound } from "./outbound.js";

// ---------------------------------------------------------------------------------------------------

// Privacy groups (rights requests, erasure, retention sweeps, exports): their imports go below this line.
import { erasure } from "./erasure.js";
import { exports } from "./exports.js";
import { retention } from "./retention.js";
import { rightsRequests } from "./rights-requests.js";

// ---------------------------------------------------------------------------------------------------

// Notices groups (incidents, breach and policy-change notices, banners): their imports go below this line.
import { notices } from "./notices.js";

/**
 * Every operation group the reference serves, one module per contract tag (or a few related tags).
 * Adding a group: write `src/operations/<name>.ts` exporting an `OperationGroup`, import it above in
 * your section and list it in your section below. An operation no group serves answers `unavailable`.
 */
export const operationGroups: readonly OperationGroup[] = [
  discovery,
  tenants,
  users,
  sessions,
  transparency,
  attestations,
  testClocks,

  // Data-plane groups (CRM, telemetry, billing, profile photos) below this line.
  ...dataPlaneGroups,

  // -------------------------------------------------------------------------------------------------

  // Messages, integrations and callbacks groups below this line.
  outbound,
  callbacks,
  integrations,
  messages,
  marketing,

  // -------------------------------------------------------------------------------------------------

  // Privacy groups (rights requests, erasure, retention sweeps, exports) below this line.
  erasure,
  retention,
  rightsRequests,
  exports,

  // -------------------------------------------------------------------------------------------------

  // Notices groups (incidents, breach and policy-change notices, banners) below this line.
  notices,
];
