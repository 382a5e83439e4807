/**
 * Parses a `Retry-After` header value (RFC 9110 section 10.2.3): either a number of seconds or an
 * HTTP date. Returns the wait in milliseconds (never negative), or `undefined` when the header is
 * absent or unparseable.
 */
export function parseRetryAfterMs(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date always names a weekday and a GMT time; anything else (including "-5") is rejected.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
