import type { ResponseBody } from "../operation-types.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** The retention schedule as the implementation enforces it. */
export class Retention extends Resource {
  /** Get the retention schedule as enforced (`getRetentionSchedule`). */
  schedule(options?: RequestOptions): Promise<ResponseBody<"getRetentionSchedule">> {
    return unwrap(this.api(options).GET("/retention-schedule"));
  }
}
