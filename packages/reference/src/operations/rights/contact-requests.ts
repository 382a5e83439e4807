import { problem } from "../../platform/problem.js";
import type { OperationContext, OperationGroup } from "../operation-group.js";
import { requireTenant } from "../tenant-context.js";
import { originOf } from "./rights-access.js";
import { deadlineStart, firstDueAt } from "./rights-deadlines.js";
import { insertRequest, parseFiling, type RightsCreateBody } from "./rights-filing.js";
import { fulfil } from "./rights-fulfilment.js";
import { emitRightsChange } from "./rights-notices.js";
import {
  lockRightsRequest,
  type RightsRequestRow,
  rightsRequestView,
  updateRightsRequest,
} from "./rights-store.js";
import { deny, extend } from "./rights-transitions.js";

/**
 * A tenant-filed request the tenant decides on (`role = processor`); a user's own request is the
 * controller's decision (`forbidden` here), and an unknown id `not-found`.
 */
async function tenantDecision(context: OperationContext): Promise<RightsRequestRow> {
  const row = await lockRightsRequest(context.tx, context.params.requestId ?? "");
  if (!row) throw problem("not-found", "No rights request of this tenant has this id.");
  if (row.role !== "processor") {
    throw problem(
      "forbidden",
      "A user's own request is decided by CRM Factory as controller, not by the tenant.",
    );
  }
  return row;
}

function actor(context: OperationContext) {
  if (context.caller.kind !== "tenant")
    throw problem("internal", "A tenant decision without a tenant caller.");
  return { type: "user" as const, id: context.caller.user.id };
}

/** Requests about contacts (CRM Factory as processor, §9 and the controller-processor reading). */
export const contactRequestOperations: OperationGroup["operations"] = {
  async createContactRightsRequest(context) {
    const origin = originOf(context);
    const filedBy = actor(context);
    const [contact] = await context.tx.query<{ id: string }>(
      "SELECT id FROM contacts WHERE id = $1 FOR UPDATE",
      [context.params.contactId ?? ""],
    );
    if (!contact) throw problem("not-found", "No contact of this tenant has this id.");
    const body = await context.body<RightsCreateBody & { identityVerifiedByTenant: true }>();
    const filing = parseFiling(context.platform.policy, body, "contact");
    const received = await insertRequest(origin, {
      ...filing,
      role: "processor",
      subject: { type: "contact", id: contact.id },
      filedBy,
      filerUserId: filedBy.id,
      channel: "tenant",
      verification: "tenant-vouched",
      sentTo: null,
      windowEndsAt: null,
    });
    // The tenant vouches for the requester: straight to `in_progress`, the deadline counting from filing.
    const start = deadlineStart(context.platform.policy, received) ?? context.now;
    const started = await updateRightsRequest(context.tx, received.id, {
      status: "in_progress",
      due_at: firstDueAt(context.platform.policy, start),
      updated_at: context.now,
    });
    await emitRightsChange(origin, started, null, "filed");
    const answered = await fulfil(origin, started);
    await context.audit({ type: "rights-request", id: answered.id });
    return {
      status: 201,
      headers: { location: `rights-requests/${answered.id}` },
      body: rightsRequestView(answered, requireTenant(context)),
    };
  },

  async extendRightsRequest(context) {
    const row = await tenantDecision(context);
    const { reason } = await context.body<{ reason: string }>();
    const extended = await extend(originOf(context), row, { reason, extendedBy: actor(context) });
    await context.audit({ type: "rights-request", id: row.id });
    return { status: 200, body: rightsRequestView(extended, requireTenant(context)) };
  },

  async denyRightsRequest(context) {
    const row = await tenantDecision(context);
    const input = await context.body<{ reason: string; detail?: string }>();
    const denied = await deny(originOf(context), row, input);
    await context.audit({ type: "rights-request", id: row.id });
    return { status: 200, body: rightsRequestView(denied, requireTenant(context)) };
  },
};
