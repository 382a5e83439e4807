/** The header carrying a mutation's idempotency key. */
export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Whether requests with this method change state, and so carry an `Idempotency-Key`. */
export function isMutatingMethod(method: string): boolean {
  return MUTATING_METHODS.has(method.toUpperCase());
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
