import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Accounts, deals, activities and notes of the CRM. */
export class CrmObjects extends Resource {
  /** List accounts, deals, activities and notes (`listCrmObjects`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listCrmObjects">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listCrmObjects">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/crm-objects", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Create an account, deal, activity or note (`createCrmObject`). */
  create(
    body: RequestBody<"createCrmObject">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createCrmObject">> {
    return unwrap(this.api(options).POST("/crm-objects", { body }));
  }

  /** Get an account, deal, activity or note (`getCrmObject`). */
  get(crmObjectId: string, options?: RequestOptions): Promise<ResponseBody<"getCrmObject">> {
    return unwrap(
      this.api(options).GET("/crm-objects/{crmObjectId}", {
        params: { path: { crmObjectId } },
      }),
    );
  }

  /** Change an account, deal, activity or note (`updateCrmObject`). */
  update(
    crmObjectId: string,
    body: RequestBody<"updateCrmObject">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"updateCrmObject">> {
    return unwrap(
      this.api(options).PATCH("/crm-objects/{crmObjectId}", {
        params: { path: { crmObjectId } },
        body,
      }),
    );
  }

  /** Delete an account, deal, activity or note (`deleteCrmObject`). */
  delete(crmObjectId: string, options?: RequestOptions): Promise<void> {
    return unwrap(
      this.api(options).DELETE("/crm-objects/{crmObjectId}", {
        params: { path: { crmObjectId } },
      }),
    );
  }
}
