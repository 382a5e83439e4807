import type { OperationObject } from "@crmfactory/api";
import { problem } from "../platform/problem.js";

const units: Record<string, number> = { bytes: 1, B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/**
 * The largest request body an operation itself states, in bytes, or `null` when it states none (the
 * deployment's `maxRequestBodyBytes` applies). Read from the contract, never repeated here: an
 * `x-max-body-bytes` extension, a `maxLength` on a request media type's schema, or else the
 * description's "At most <n> <unit>" (how contract 0.2 states the profile photo's 5 MiB).
 */
export function statedBodyLimit(operation: OperationObject, content: Record<string, unknown>): number | null {
  const extension = (operation as { "x-max-body-bytes"?: unknown })["x-max-body-bytes"];
  if (typeof extension === "number" && Number.isInteger(extension) && extension > 0) return extension;
  const lengths = Object.values(content)
    .map((media) => (media as { schema?: { maxLength?: unknown } } | null)?.schema?.maxLength)
    .filter((length): length is number => typeof length === "number" && length > 0);
  if (lengths.length > 0) return Math.max(...lengths);
  const stated = /\bat most (\d+(?:\.\d+)?) ?(bytes|B|KiB|MiB|GiB)\b/i.exec(operation.description ?? "");
  if (!stated?.[1] || !stated[2]) return null;
  const unit = Object.keys(units).find((name) => name.toLowerCase() === stated[2]?.toLowerCase()) ?? "B";
  return Math.floor(Number(stated[1]) * (units[unit] ?? 1));
}

/** A request body read up to a bound: `tooLarge` once it passes `limit` (the rest is never buffered). */
export interface BoundedBody {
  bytes: Uint8Array;
  tooLarge: boolean;
}

/**
 * Reads at most `limit + 1` bytes of the body, so an oversized upload costs no more memory than an
 * accepted one; the pipeline answers `payload-too-large` at its usual place in the order (after
 * authentication), so a stranger learns nothing of an operation by its size check.
 */
export async function readBoundedBody(request: Request, limit: number): Promise<BoundedBody> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    discard(request.body?.cancel());
    return { bytes: new Uint8Array(), tooLarge: true };
  }
  if (!request.body) return { bytes: new Uint8Array(), tooLarge: false };
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      discard(reader.cancel());
      return { bytes: new Uint8Array(), tooLarge: true };
    }
    chunks.push(value);
  }
  return { bytes: Buffer.concat(chunks), tooLarge: false };
}

/**
 * Stops reading without waiting: a cloned request's branch resolves its cancel only once every branch
 * is cancelled, which a caller still holding the other branch never does.
 */
function discard(cancelled: Promise<void> | undefined): void {
  cancelled?.catch(() => undefined);
}

export function payloadTooLarge(limit: number): never {
  throw problem("payload-too-large", `The body of this operation may be at most ${limit} bytes.`);
}
