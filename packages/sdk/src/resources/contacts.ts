import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Contacts of the CRM: the people the tenant's data is about. */
export class Contacts extends Resource {
  /** List contacts (`listContacts`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listContacts">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listContacts">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/contacts", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Create a contact (`createContact`). */
  create(
    body: RequestBody<"createContact">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createContact">> {
    return unwrap(this.api(options).POST("/contacts", { body }));
  }

  /** Get a contact (`getContact`). */
  get(contactId: string, options?: RequestOptions): Promise<ResponseBody<"getContact">> {
    return unwrap(this.api(options).GET("/contacts/{contactId}", { params: { path: { contactId } } }));
  }

  /** Change a contact, its custom fields or consent flags (`updateContact`). */
  update(
    contactId: string,
    body: RequestBody<"updateContact">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"updateContact">> {
    return unwrap(
      this.api(options).PATCH("/contacts/{contactId}", {
        params: { path: { contactId } },
        body,
      }),
    );
  }

  /** Delete a contact (`deleteContact`). */
  delete(contactId: string, options?: RequestOptions): Promise<void> {
    return unwrap(this.api(options).DELETE("/contacts/{contactId}", { params: { path: { contactId } } }));
  }
}
