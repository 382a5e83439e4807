import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** SMS, WhatsApp messages and emails sent through the messaging subprocessor. */
export class Messages extends Resource {
  /** Send an SMS, WhatsApp message or email to a contact (`sendMessage`). */
  send(body: RequestBody<"sendMessage">, options?: RequestOptions): Promise<ResponseBody<"sendMessage">> {
    return unwrap(this.api(options).POST("/messages", { body }));
  }

  /** List messages (SMS, WhatsApp, email threads); `listMessages`. Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listMessages">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listMessages">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/messages", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Get a message (`getMessage`). */
  get(messageId: string, options?: RequestOptions): Promise<ResponseBody<"getMessage">> {
    return unwrap(this.api(options).GET("/messages/{messageId}", { params: { path: { messageId } } }));
  }
}
