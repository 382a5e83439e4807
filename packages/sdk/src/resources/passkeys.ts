import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** The calling user's passkeys. */
export class Passkeys extends Resource {
  /** Register a passkey for the calling user (`registerPasskey`). */
  register(
    body: RequestBody<"registerPasskey">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"registerPasskey">> {
    return unwrap(this.api(options).POST("/passkeys", { body }));
  }

  /** List the calling user's passkeys (`listPasskeys`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listPasskeys">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listPasskeys">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/passkeys", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Delete one of the calling user's passkeys (`deletePasskey`). */
  delete(passkeyId: string, options?: RequestOptions): Promise<void> {
    return unwrap(this.api(options).DELETE("/passkeys/{passkeyId}", { params: { path: { passkeyId } } }));
  }
}
