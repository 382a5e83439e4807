import type { ListParams, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** The published list of subprocessors. */
export class Subprocessors extends Resource {
  /** List the published subprocessors (`listSubprocessors`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listSubprocessors">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listSubprocessors">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/subprocessors", { params: { query: { ...params, cursor } } })),
    );
  }
}
