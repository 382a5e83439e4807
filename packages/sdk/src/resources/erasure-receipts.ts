import type { ListParams, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Receipts of erasures: what was deleted where, what was retained and why. */
export class ErasureReceipts extends Resource {
  /** List erasure receipts (`listErasureReceipts`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listErasureReceipts">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listErasureReceipts">> {
    return new Paginator((cursor) =>
      unwrap(
        this.api(options).GET("/erasure-receipts", {
          params: { query: { ...params, cursor } },
        }),
      ),
    );
  }

  /** Get an erasure receipt (`getErasureReceipt`). */
  get(receiptId: string, options?: RequestOptions): Promise<ResponseBody<"getErasureReceipt">> {
    return unwrap(
      this.api(options).GET("/erasure-receipts/{receiptId}", {
        params: { path: { receiptId } },
      }),
    );
  }
}
