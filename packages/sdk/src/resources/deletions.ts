import type { RequestBody, ResponseBody } from "../operation-types.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Early deletion of specific data (Settings > Data Management). */
export class Deletions extends Resource {
  /** Delete specific data early (Settings > Data Management); `createDeletion`. */
  create(
    body: RequestBody<"createDeletion">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createDeletion">> {
    return unwrap(this.api(options).POST("/deletions", { body }));
  }
}
