import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Data subject rights requests, their verification, deadlines and answers. */
export class RightsRequests extends Resource {
  /** File a rights request about oneself (`createRightsRequest`). */
  create(
    body: RequestBody<"createRightsRequest">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createRightsRequest">> {
    return unwrap(this.api(options).POST("/rights-requests", { body }));
  }

  /** File a rights request on behalf of a contact (`createContactRightsRequest`). */
  createForContact(
    contactId: string,
    body: RequestBody<"createContactRightsRequest">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createContactRightsRequest">> {
    return unwrap(
      this.api(options).POST("/contacts/{contactId}/rights-requests", {
        params: { path: { contactId } },
        body,
      }),
    );
  }

  /** List rights requests visible to the caller (`listRightsRequests`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listRightsRequests">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listRightsRequests">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/rights-requests", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Get a rights request, its deadline and its answer (`getRightsRequest`). */
  get(requestId: string, options?: RequestOptions): Promise<ResponseBody<"getRightsRequest">> {
    return unwrap(
      this.api(options).GET("/rights-requests/{requestId}", {
        params: { path: { requestId } },
      }),
    );
  }

  /** Verify a rights request with the emailed one-time code (`verifyRightsRequest`). */
  verify(
    requestId: string,
    body: RequestBody<"verifyRightsRequest">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"verifyRightsRequest">> {
    return unwrap(
      this.api(options).POST("/rights-requests/{requestId}/verify", {
        params: { path: { requestId } },
        body,
      }),
    );
  }

  /** Send a fresh one-time code (`resendRightsRequestCode`). */
  resendCode(requestId: string, options?: RequestOptions): Promise<ResponseBody<"resendRightsRequestCode">> {
    return unwrap(
      this.api(options).POST("/rights-requests/{requestId}/verification-code", {
        params: { path: { requestId } },
      }),
    );
  }

  /** Extend a complex request's deadline to 45 days, with notice (`extendRightsRequest`). */
  extend(
    requestId: string,
    body: RequestBody<"extendRightsRequest">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"extendRightsRequest">> {
    return unwrap(
      this.api(options).POST("/rights-requests/{requestId}/extend", {
        params: { path: { requestId } },
        body,
      }),
    );
  }

  /** Deny a rights request, with the reason (`denyRightsRequest`). */
  deny(
    requestId: string,
    body: RequestBody<"denyRightsRequest">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"denyRightsRequest">> {
    return unwrap(
      this.api(options).POST("/rights-requests/{requestId}/deny", {
        params: { path: { requestId } },
        body,
      }),
    );
  }

  /** Download the export answering an access, portability or know request (`getRightsRequestExport`). */
  getExport(requestId: string, options?: RequestOptions): Promise<ResponseBody<"getRightsRequestExport">> {
    return unwrap(
      this.api(options).GET("/rights-requests/{requestId}/export", {
        params: { path: { requestId } },
      }),
    );
  }

  /** Get the erasure receipt of an erasure or delete request (`getRightsRequestReceipt`). */
  getReceipt(requestId: string, options?: RequestOptions): Promise<ResponseBody<"getRightsRequestReceipt">> {
    return unwrap(
      this.api(options).GET("/rights-requests/{requestId}/receipt", {
        params: { path: { requestId } },
      }),
    );
  }
}
