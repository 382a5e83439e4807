import type { ListParams, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** The in-app banners currently shown. */
export class Banners extends Resource {
  /** List the in-app banners currently shown (`listBanners`). Await for the first page, `for await` for every item. */
  list(params?: ListParams<"listBanners">, options?: RequestOptions): Paginator<ResponseBody<"listBanners">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/banners", { params: { query: { ...params, cursor } } })),
    );
  }
}
