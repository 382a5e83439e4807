import type { ListParams, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Policy-change and breach notices addressed to the tenant. */
export class Notices extends Resource {
  /** List policy-change and breach notices addressed to the tenant (`listNotices`). Await for the first page, `for await` for every item. */
  list(params?: ListParams<"listNotices">, options?: RequestOptions): Paginator<ResponseBody<"listNotices">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/notices", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Get a notice (`getNotice`). */
  get(noticeId: string, options?: RequestOptions): Promise<ResponseBody<"getNotice">> {
    return unwrap(this.api(options).GET("/notices/{noticeId}", { params: { path: { noticeId } } }));
  }
}
