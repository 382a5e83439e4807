import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Marketing emails and SMS, and their recipients' delivery state. */
export class MarketingMessages extends Resource {
  /** Queue or schedule a marketing email or SMS (`createMarketingMessage`). */
  create(
    body: RequestBody<"createMarketingMessage">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createMarketingMessage">> {
    return unwrap(this.api(options).POST("/marketing-messages", { body }));
  }

  /** List marketing messages (`listMarketingMessages`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listMarketingMessages">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listMarketingMessages">> {
    return new Paginator((cursor) =>
      unwrap(
        this.api(options).GET("/marketing-messages", {
          params: { query: { ...params, cursor } },
        }),
      ),
    );
  }

  /** Get a marketing message and its recipients' delivery state (`getMarketingMessage`). */
  get(marketingMessageId: string, options?: RequestOptions): Promise<ResponseBody<"getMarketingMessage">> {
    return unwrap(
      this.api(options).GET("/marketing-messages/{marketingMessageId}", {
        params: { path: { marketingMessageId } },
      }),
    );
  }
}
