import type { RequestBody, ResponseBody } from "../operation-types.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** The caller's tenant: sign-up, closure and reopening, the subscription, single sign-on. */
export class TenantResource extends Resource {
  /** Sign up: create a tenant, its owner and the owner's first session (`createTenant`). */
  create(body: RequestBody<"createTenant">, options?: RequestOptions): Promise<ResponseBody<"createTenant">> {
    return unwrap(this.api(options).POST("/tenants", { body }));
  }

  /** Get the caller's tenant, its subscription and status (`getTenant`). */
  get(options?: RequestOptions): Promise<ResponseBody<"getTenant">> {
    return unwrap(this.api(options).GET("/tenant"));
  }

  /** Close the account and start the 30-day export window (`closeTenant`). */
  close(body: RequestBody<"closeTenant">, options?: RequestOptions): Promise<ResponseBody<"closeTenant">> {
    return unwrap(this.api(options).POST("/tenant/close", { body }));
  }

  /** Reopen a closed account inside its export window (`reopenTenant`). */
  reopen(options?: RequestOptions): Promise<ResponseBody<"reopenTenant">> {
    return unwrap(this.api(options).POST("/tenant/reopen"));
  }

  /** Start or resubscribe the subscription (`startSubscription`). */
  startSubscription(
    body: RequestBody<"startSubscription">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"startSubscription">> {
    return unwrap(this.api(options).POST("/tenant/subscription", { body }));
  }

  /** End the subscription and start the 30-day export window (`endSubscription`). */
  endSubscription(options?: RequestOptions): Promise<ResponseBody<"endSubscription">> {
    return unwrap(this.api(options).DELETE("/tenant/subscription"));
  }

  /** Get the tenant's single sign-on configuration (`getSsoConfiguration`). */
  getSso(options?: RequestOptions): Promise<ResponseBody<"getSsoConfiguration">> {
    return unwrap(this.api(options).GET("/tenant/sso"));
  }

  /** Configure single sign-on for the tenant (`configureSso`). */
  configureSso(
    body: RequestBody<"configureSso">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"configureSso">> {
    return unwrap(this.api(options).PUT("/tenant/sso", { body }));
  }
}
