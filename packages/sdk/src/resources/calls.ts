import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Call recordings and voicemails. */
export class Calls extends Resource {
  /** Record a call or voicemail with its recording (`createCall`). */
  create(body: RequestBody<"createCall">, options?: RequestOptions): Promise<ResponseBody<"createCall">> {
    return unwrap(this.api(options).POST("/calls", { body }));
  }

  /** List call recordings and voicemails (`listCalls`). Await for the first page, `for await` for every item. */
  list(params?: ListParams<"listCalls">, options?: RequestOptions): Paginator<ResponseBody<"listCalls">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/calls", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Get a call recording or voicemail (`getCall`). */
  get(callId: string, options?: RequestOptions): Promise<ResponseBody<"getCall">> {
    return unwrap(this.api(options).GET("/calls/{callId}", { params: { path: { callId } } }));
  }
}
