import { billing } from "./billing.js";
import { crm } from "./crm.js";
import type { OperationGroup } from "./operation-group.js";
import { profilePhotos } from "./profile-photos.js";
import { telemetry } from "./telemetry.js";

/**
 * The data plane's groups (CRM, telemetry, billing, profile photos), in migration order: telemetry links
 * contacts, so CRM comes first. Listed here so the group index takes them in one line.
 */
export const dataPlaneGroups: readonly OperationGroup[] = [crm, telemetry, billing, profilePhotos];
