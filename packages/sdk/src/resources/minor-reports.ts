import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Reports of data belonging to a child under 16. */
export class MinorReports extends Resource {
  /** Report data as belonging to a child under 16 (`createMinorReport`). */
  create(
    body: RequestBody<"createMinorReport">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createMinorReport">> {
    return unwrap(this.api(options).POST("/minor-reports", { body }));
  }

  /** List reports of a child's data (`listMinorReports`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listMinorReports">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listMinorReports">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/minor-reports", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Get a report of a child's data (`getMinorReport`). */
  get(reportId: string, options?: RequestOptions): Promise<ResponseBody<"getMinorReport">> {
    return unwrap(this.api(options).GET("/minor-reports/{reportId}", { params: { path: { reportId } } }));
  }
}
