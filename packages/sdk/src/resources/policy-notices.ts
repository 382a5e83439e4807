import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Announcements of policy changes (operator token only). */
export class PolicyNotices extends Resource {
  /** Announce a policy change (operator); `createPolicyNotice`. */
  create(
    body: RequestBody<"createPolicyNotice">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createPolicyNotice">> {
    return unwrap(this.api(options).POST("/platform/policy-notices", { body }));
  }

  /** List policy-change announcements (operator); `listPolicyNotices`. Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listPolicyNotices">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listPolicyNotices">> {
    return new Paginator((cursor) =>
      unwrap(
        this.api(options).GET("/platform/policy-notices", {
          params: { query: { ...params, cursor } },
        }),
      ),
    );
  }
}
