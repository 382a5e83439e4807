import { verificationCodeResends } from "../limits.js";
import { problem } from "../platform/problem.js";
import { settleRightsRequestJob } from "../privacy/privacy-parts.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";
import { page } from "./pagination.js";
import { contactRequestOperations } from "./rights/contact-requests.js";
import { refuseLastOwnerErasure } from "./rights/last-owner.js";
import { platformRightsOperations } from "./rights/platform-decisions.js";
import { createPublicRightsRequest } from "./rights/public-requests.js";
import { managesRights, originOf, requestFor } from "./rights/rights-access.js";
import { verificationWindowEnd } from "./rights/rights-deadlines.js";
import {
  closeUnverifiedJob,
  insertRequest,
  parseFiling,
  type RightsCreateBody,
  scheduleClosure,
  sendCode,
} from "./rights/rights-filing.js";
import { erasureKinds } from "./rights/rights-fulfilment.js";
import { rightsInventory, rightsSubjectEraser } from "./rights/rights-inventory.js";
import { closeUnverifiedRequest, settleRightsRequest } from "./rights/rights-jobs.js";
import { emitRightsChange, requesterEmail } from "./rights/rights-notices.js";
import { listRightsRows, receivedPosition } from "./rights/rights-queries.js";
import {
  maskEmail,
  type RightsRequestRow,
  rightsCatalogueMigrations,
  rightsRequestView,
  rightsTenantMigrations,
  updateRightsRequest,
} from "./rights/rights-store.js";
import { cancel, verifyWithCode } from "./rights/rights-transitions.js";
import { userProcessingMigration } from "./rights/user-processing.js";
import { requireTenant } from "./tenant-context.js";

function answer(
  context: OperationContext,
  status: number,
  row: RightsRequestRow,
  headers?: Record<string, string>,
) {
  return { status, body: rightsRequestView(row, requireTenant(context)), ...(headers ? { headers } : {}) };
}

/**
 * Rights requests (§9, §11): a user's own requests verified by an emailed one-time code, requests filed
 * without a session through the privacy address, tenant-filed requests about contacts, the operator's
 * controller decisions, and the jobs that close unverified requests and settle answered ones.
 */
export const rightsRequests: OperationGroup = {
  name: "rights-requests",
  tenantMigrations: [...rightsTenantMigrations, userProcessingMigration],
  catalogueMigrations: rightsCatalogueMigrations,
  inventory: rightsInventory,
  eraseSubject: rightsSubjectEraser,
  jobs: { [closeUnverifiedJob]: closeUnverifiedRequest, [settleRightsRequestJob]: settleRightsRequest },
  operations: {
    async createRightsRequest(context) {
      const origin = originOf(context);
      if (context.caller.kind !== "tenant") throw problem("internal", "A session filed no caller.");
      const user = context.caller.user;
      const body = await context.body<RightsCreateBody>();
      const filing = parseFiling(context.platform.policy, body, "user");
      if (erasureKinds.includes(filing.kind)) await refuseLastOwnerErasure(origin, user.id);
      const email = await requesterEmail(context.tx, { subject_type: "user", subject_id: user.id });
      if (!email) throw problem("internal", "The signed-in user has no account email.");
      const received = await insertRequest(origin, {
        ...filing,
        role: "controller",
        subject: { type: "user", id: user.id },
        filedBy: { type: "user", id: user.id },
        filerUserId: user.id,
        channel: "session",
        verification: "email-code",
        sentTo: maskEmail(email),
        windowEndsAt: verificationWindowEnd(context.platform.policy, context.now),
      });
      const verifying = await sendCode(origin, received, email);
      await scheduleClosure(origin, verifying);
      await emitRightsChange(origin, verifying, null, "filed");
      return answer(context, 201, verifying, { location: `rights-requests/${verifying.id}` });
    },

    async listRightsRequests(context) {
      const tenant = requireTenant(context);
      if (context.caller.kind !== "tenant") throw problem("internal", "A session lists no caller.");
      const q = context.query<{
        cursor?: string;
        limit: number;
        userId?: string;
        contactId?: string;
        status?: string[];
        overdue?: boolean;
        kind?: string;
      }>();
      // The filter names a kind of the enforced policy, as a filing does (RIGHTS-KINDS): the contract's
      // pattern alone admits any word, and an unknown one is refused, not answered with an empty page.
      if (q.kind !== undefined && !context.platform.policy.rights.kinds[q.kind]) {
        throw problem("validation-failed", "This kind of right is not one of the enforced policy's.", {
          errors: [{ path: "/query/kind", message: "is not a key of the policy's rights.kinds" }],
        });
      }
      const rows = await listRightsRows(context.tx, {
        filters: {
          ...(q.userId ? { userId: q.userId } : {}),
          ...(q.contactId ? { contactId: q.contactId } : {}),
          ...(q.status ? { status: q.status } : {}),
          ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
          ...(q.kind ? { kind: q.kind } : {}),
          ...(managesRights(context) ? {} : { visibleTo: context.caller.user.id }),
        },
        now: context.now,
        ...(q.cursor ? { cursor: q.cursor } : {}),
        limit: q.limit,
      });
      return {
        status: 200,
        body: page(rows, q.limit, (row) => rightsRequestView(row, tenant), receivedPosition),
      };
    },

    async getRightsRequest(context) {
      return answer(context, 200, await requestFor(context, "read"));
    },

    async verifyRightsRequest(context) {
      const row = await requestFor(context, "requester");
      const { code } = await context.body<{ code: string }>();
      return answer(context, 200, await verifyWithCode(originOf(context), row, code));
    },

    async resendRightsRequestCode(context) {
      const origin = originOf(context);
      const row = await requestFor(context, "requester");
      if (row.status !== "verifying" || (row.window_ends_at && context.now >= row.window_ends_at)) {
        throw problem("conflict", "This request is not waiting for a code.");
      }
      // Spent guesses are the request's for good, and resends are capped: neither a new code nor more
      // emails once either runs out (RIGHTS-VERIFY).
      if (
        row.code_failures >= context.platform.limits.verificationCodeAttempts ||
        row.code_resends >= verificationCodeResends
      ) {
        throw problem("rate-limited", "No more codes for this request: file a new one.");
      }
      await updateRightsRequest(context.tx, row.id, { code_resends: row.code_resends + 1 });
      const resent = await sendCode(origin, row, await requesterEmail(context.tx, row));
      await emitRightsChange(origin, resent, row.status, "code-sent");
      return answer(context, 200, resent);
    },

    async cancelRightsRequest(context) {
      const row = await requestFor(context, "filer");
      return answer(context, 200, await cancel(originOf(context), row));
    },

    createPublicRightsRequest,
    ...contactRequestOperations,
    ...platformRightsOperations,
  },
};
