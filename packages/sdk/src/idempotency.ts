/** The header carrying a mutation's idempotency key. */
export { IDEMPOTENCY_KEY_HEADER } from "./generated/contract.js";

/** Whether requests with this method change state, and so carry an `Idempotency-Key`. */
export function isMutatingMethod(method: string): boolean {
  return /^(POST|PUT|PATCH|DELETE)$/i.test(method);
}

/**
 * A fresh idempotency key: a random UUID v4 from Web Crypto (`crypto.randomUUID`, available in
 * Node, edge runtimes and every browser page served over HTTPS or from localhost).
 */
export function createIdempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * The key a mutation is sent with: the caller's explicit key, else one already on the request,
 * else a fresh one. Returns `undefined` for methods that do not mutate.
 */
export function resolveIdempotencyKey(
  method: string,
  keyOnRequest: string | null | undefined,
  explicitKey: string | undefined,
): string | undefined {
  if (!isMutatingMethod(method)) return undefined;
  return explicitKey ?? keyOnRequest ?? createIdempotencyKey();
}
