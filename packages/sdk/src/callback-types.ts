import type { webhooks } from "./generated/openapi.js";

type WebhookBody<Webhook> = Webhook extends {
  post: { requestBody: { content: { "application/json": infer Body } } };
}
  ? Body
  : never;

/** Every status callback event the contract defines (its `webhooks`), discriminated by `type`. */
export type CallbackEvent = { [Type in keyof webhooks]: WebhookBody<webhooks[Type]> }[keyof webhooks];

/** The `type` of a status callback event. */
export type CallbackEventType = CallbackEvent["type"];
