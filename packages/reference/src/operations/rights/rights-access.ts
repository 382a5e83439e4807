import { roleAllows } from "@crmfactory/taxonomy";
import { problem } from "../../platform/problem.js";
import type { OperationContext } from "../operation-group.js";
import { requireTenant } from "../tenant-context.js";
import type { RightsOrigin } from "./rights-notices.js";
import { lockRightsRequest, type RightsRequestRow } from "./rights-store.js";

/** The origin of a handler: its transaction, platform, tenant and now. */
export function originOf(context: OperationContext): RightsOrigin & { context: OperationContext } {
  return {
    tx: context.tx,
    platform: context.platform,
    tenant: requireTenant(context),
    now: context.now,
    context,
  };
}

/** Whether the caller holds `rights:manage` (sees and decides the tenant's requests about contacts). */
export function managesRights(context: OperationContext): boolean {
  return (
    context.caller.kind === "tenant" &&
    roleAllows(context.platform.policy, context.caller.user.role, "rights:manage")
  );
}

const unknown = () => problem("not-found", "No rights request visible to the caller has this id.");

/**
 * The path's request, locked, if the caller may act on it in this way; `not-found` otherwise, so nobody
 * learns of a request that is not theirs. A request token reaches its own request only.
 * - `read`: its requester or filer, or a caller holding `rights:manage`;
 * - `requester`: the user whose own request it is (verify, a new code);
 * - `filer`: whoever filed it (cancel).
 */
export async function requestFor(
  context: OperationContext,
  access: "read" | "requester" | "filer",
): Promise<RightsRequestRow> {
  const id = context.params.requestId ?? "";
  const { caller } = context;
  if (caller.kind === "request" && caller.requestId !== id) throw unknown();
  const row = await lockRightsRequest(context.tx, id);
  if (!row) throw unknown();
  if (caller.kind === "request") return row;
  if (caller.kind !== "tenant") throw unknown();
  const me = caller.user.id;
  const aboutMe = row.subject_type === "user" && row.subject_id === me;
  const allowed =
    access === "read"
      ? aboutMe || row.filer_user_id === me || managesRights(context)
      : access === "requester"
        ? aboutMe && row.role === "controller"
        : row.filer_user_id === me;
  if (!allowed) throw unknown();
  return row;
}
