import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Endpoints that receive signed status callbacks (verify them with `verifyCallbackSignature`). */
export class CallbackEndpoints extends Resource {
  /** Register a signed status-callback endpoint (`createCallbackEndpoint`). */
  create(
    body: RequestBody<"createCallbackEndpoint">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createCallbackEndpoint">> {
    return unwrap(this.api(options).POST("/callback-endpoints", { body }));
  }

  /** List callback endpoints (`listCallbackEndpoints`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listCallbackEndpoints">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listCallbackEndpoints">> {
    return new Paginator((cursor) =>
      unwrap(
        this.api(options).GET("/callback-endpoints", {
          params: { query: { ...params, cursor } },
        }),
      ),
    );
  }

  /** Remove a callback endpoint (`deleteCallbackEndpoint`). */
  delete(endpointId: string, options?: RequestOptions): Promise<void> {
    return unwrap(
      this.api(options).DELETE("/callback-endpoints/{endpointId}", {
        params: { path: { endpointId } },
      }),
    );
  }
}
