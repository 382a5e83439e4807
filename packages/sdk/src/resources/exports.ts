import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Data exports (Settings > Data Management) and their published schema. */
export class Exports extends Resource {
  /** Start a data export (Settings > Data Management); `createExport`. */
  create(body: RequestBody<"createExport">, options?: RequestOptions): Promise<ResponseBody<"createExport">> {
    return unwrap(this.api(options).POST("/exports", { body }));
  }

  /** List exports (`listExports`). Await for the first page, `for await` for every item. */
  list(params?: ListParams<"listExports">, options?: RequestOptions): Paginator<ResponseBody<"listExports">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/exports", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Get an export's status (`getExport`). */
  get(exportId: string, options?: RequestOptions): Promise<ResponseBody<"getExport">> {
    return unwrap(this.api(options).GET("/exports/{exportId}", { params: { path: { exportId } } }));
  }

  /** Download a finished export (`getExportDocument`). */
  getDocument(exportId: string, options?: RequestOptions): Promise<ResponseBody<"getExportDocument">> {
    return unwrap(this.api(options).GET("/exports/{exportId}/document", { params: { path: { exportId } } }));
  }

  /** Get the published JSON Schema of export documents (`getExportSchema`). */
  getSchema(options?: RequestOptions): Promise<ResponseBody<"getExportSchema">> {
    return unwrap(this.api(options).GET("/export-schema"));
  }
}
