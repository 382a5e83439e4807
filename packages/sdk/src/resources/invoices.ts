import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Invoices, issued through the payments subprocessor. */
export class Invoices extends Resource {
  /** List invoices (`listInvoices`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listInvoices">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listInvoices">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/invoices", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Issue an invoice (via the payments subprocessor); `createInvoice`. */
  create(
    body: RequestBody<"createInvoice">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createInvoice">> {
    return unwrap(this.api(options).POST("/invoices", { body }));
  }

  /** Get an invoice (`getInvoice`). */
  get(invoiceId: string, options?: RequestOptions): Promise<ResponseBody<"getInvoice">> {
    return unwrap(this.api(options).GET("/invoices/{invoiceId}", { params: { path: { invoiceId } } }));
  }
}
