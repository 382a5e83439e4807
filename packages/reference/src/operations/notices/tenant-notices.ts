import { problem } from "../../platform/problem.js";
import type { OperationGroup } from "../operation-group.js";
import { keysetRows, page } from "../pagination.js";
import { type BannerRow, bannerView, type NoticeRow, noticeView, selectNotice } from "./notice-store.js";

/**
 * What a tenant reads of its notices (§4, §12): every notice addressed to it, oldest first, and the
 * banners shown now on its clock, each from its announcement until the change takes effect.
 */
export const tenantNoticeOperations: OperationGroup["operations"] = {
  async listNotices(context) {
    const params = context.query<{ cursor?: string; limit: number; type?: string }>();
    const rows = await keysetRows<NoticeRow>(
      context.tx,
      {
        select: `SELECT * FROM (${selectNotice}) AS listed`,
        where: "$1::text IS NULL OR type = $1",
        values: [params.type ?? null],
        key: ["published_at", "id"],
      },
      params,
    );
    return {
      status: 200,
      body: page(rows, params.limit, noticeView, (row) => [row.published_at.toISOString(), row.id]),
    };
  },

  async getNotice(context) {
    const [row] = await context.tx.query<NoticeRow>(`${selectNotice} WHERE n.id = $1`, [
      context.params.noticeId,
    ]);
    if (!row) throw problem("not-found", "No notice has this id.");
    return { status: 200, body: noticeView(row) };
  },

  async listBanners(context) {
    const params = context.query<{ cursor?: string; limit: number }>();
    const rows = await keysetRows<BannerRow>(
      context.tx,
      {
        select: "SELECT * FROM banners",
        where: "active_from <= $1 AND (active_until IS NULL OR active_until > $1)",
        values: [context.now],
        key: ["active_from", "id"],
      },
      params,
    );
    return {
      status: 200,
      body: page(rows, params.limit, bannerView, (row) => [row.active_from.toISOString(), row.id]),
    };
  },
};
