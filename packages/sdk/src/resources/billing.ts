import type { RequestBody, ResponseBody } from "../operation-types.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** The plan and payment method, held at the payments subprocessor. */
export class Billing extends Resource {
  /** Get the plan, payment method and payments customer (`getBilling`). */
  get(options?: RequestOptions): Promise<ResponseBody<"getBilling">> {
    return unwrap(this.api(options).GET("/billing"));
  }

  /** Change the plan tier (`changePlan`). */
  changePlan(body: RequestBody<"changePlan">, options?: RequestOptions): Promise<ResponseBody<"changePlan">> {
    return unwrap(this.api(options).PUT("/billing/plan", { body }));
  }

  /** Attach a payment method (via the payments subprocessor); `setPaymentMethod`. */
  setPaymentMethod(
    body: RequestBody<"setPaymentMethod">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"setPaymentMethod">> {
    return unwrap(this.api(options).PUT("/billing/payment-method", { body }));
  }
}
