import { retentionScheduleView, subprocessorListView } from "@crmfactory/api";
import { auditHead, listAuditEntries } from "../platform/audit-trail.js";
import type { OperationGroup } from "./operation-group.js";
import { decodeCursor, encodeCursor } from "./pagination.js";

/** Retention schedule, subprocessor list and audit trail: what the tenant can read about the platform. */
export const transparency: OperationGroup = {
  name: "transparency",
  operations: {
    async getRetentionSchedule({ platform }) {
      return { status: 200, body: retentionScheduleView(platform.policy) };
    },
    async listSubprocessors({ platform, query }) {
      const { cursor, limit } = query<{ cursor?: string; limit: number }>();
      const start = decodeCursor(cursor, ["number"] as const)?.[0] ?? 0;
      const all = subprocessorListView(platform.policy);
      const data = all.slice(start, start + limit);
      const next = start + data.length;
      return { status: 200, body: { data, nextCursor: next < all.length ? encodeCursor([next]) : null } };
    },
    async listAuditEntries({ tx, query }) {
      const { cursor, limit, afterSequence } = query<{
        cursor?: string;
        limit: number;
        afterSequence?: number;
      }>();
      const from = decodeCursor(cursor, ["number"] as const)?.[0] ?? afterSequence ?? 0;
      const rows = await listAuditEntries(tx, from, limit + 1);
      const data = rows.slice(0, limit);
      const last = data[data.length - 1];
      return {
        status: 200,
        body: { data, nextCursor: rows.length > limit && last ? encodeCursor([last.sequence]) : null },
      };
    },
    async getAuditHead({ tx }) {
      return { status: 200, body: await auditHead(tx) };
    },
  },
};
