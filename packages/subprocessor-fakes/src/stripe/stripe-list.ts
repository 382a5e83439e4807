import type { FormObject } from "../core/form.js";
import { stripeErrors } from "./stripe-errors.js";
import { optionalInteger, optionalString } from "./stripe-params.js";

/**
 * Stripe list pagination, newest first: `limit` (1 to 100, default 10), `starting_after`,
 * `ending_before`; answers `{ object: "list", data, has_more, url }`.
 * https://docs.stripe.com/api/pagination
 */
export function paginate<T extends { id: string; created: number }>(
  items: readonly T[],
  order: ReadonlyMap<string, number>,
  params: FormObject,
  url: string,
  kind: "customer" | "invoice",
): { object: "list"; data: T[]; has_more: boolean; url: string } {
  const limit = optionalInteger(params, "limit", 1, 100) ?? 10;
  const startingAfter = optionalString(params, "starting_after");
  const endingBefore = optionalString(params, "ending_before");
  const sorted = [...items].sort(
    (a, b) => b.created - a.created || (order.get(b.id) ?? 0) - (order.get(a.id) ?? 0),
  );
  let window = sorted;
  if (startingAfter) {
    const index = sorted.findIndex((item) => item.id === startingAfter);
    if (index === -1) throw stripeErrors.noSuch(kind, startingAfter, "starting_after");
    window = sorted.slice(index + 1);
    return { object: "list", data: window.slice(0, limit), has_more: window.length > limit, url };
  }
  if (endingBefore) {
    const index = sorted.findIndex((item) => item.id === endingBefore);
    if (index === -1) throw stripeErrors.noSuch(kind, endingBefore, "ending_before");
    window = sorted.slice(Math.max(0, index - limit), index);
    return { object: "list", data: window, has_more: index - limit > 0, url };
  }
  return { object: "list", data: window.slice(0, limit), has_more: window.length > limit, url };
}
