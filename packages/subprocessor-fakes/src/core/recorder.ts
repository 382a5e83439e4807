import type { VendorId } from "./vendor.js";

export type RequestOutcome = "served" | "refused" | "not-found" | "fault" | "unknown-host" | "passthrough";
export type ServedVia = "msw" | "loopback" | "direct";

/** One request as it reached the fakes, whatever happened to it. */
export interface RecordedRequest {
  readonly seq: number;
  /** When it arrived, by the fakes' clock. */
  readonly time: Date;
  /** `null` for a host no fake serves. */
  readonly vendor: VendorId | null;
  readonly host: string;
  readonly method: string;
  readonly path: string;
  /** The query string's values, decoded, in order. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text when it is valid UTF-8, else as base64 (`bodyEncoding`). */
  readonly body: string;
  readonly bodyEncoding: "utf8" | "base64";
  readonly credential: string | undefined;
  /** The endpoint id of the vendor profile that served it, if any. */
  readonly endpoint: string | undefined;
  readonly via: ServedVia;
  outcome: RequestOutcome;
  status: number | undefined;
  /** The fault rule injected into it, if any. */
  faultId: string | undefined;
  /** The fault rule whose earlier fault this request repeats (a retry). */
  retryOf: string | undefined;
}

export interface RequestFilter {
  vendor?: VendorId | null;
  credential?: string;
  endpoint?: string;
  method?: string;
  /** Requests at or after this instant (by the fakes' clock). */
  since?: Date;
}

export class RequestLog {
  readonly #entries: RecordedRequest[] = [];
  #seq = 0;

  add(entry: Omit<RecordedRequest, "seq">): RecordedRequest {
    const recorded = { ...entry, seq: ++this.#seq };
    this.#entries.push(recorded);
    return recorded;
  }

  list(filter: RequestFilter = {}): RecordedRequest[] {
    return this.#entries.filter(
      (entry) =>
        (filter.vendor === undefined || entry.vendor === filter.vendor) &&
        (filter.credential === undefined || entry.credential === filter.credential) &&
        (filter.endpoint === undefined || entry.endpoint === filter.endpoint) &&
        (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
        (filter.since === undefined || entry.time.getTime() >= filter.since.getTime()),
    );
  }

  clear(): void {
    this.#entries.length = 0;
    this.#seq = 0;
  }
}

export function decodeBody(bytes: Uint8Array): { body: string; bodyEncoding: "utf8" | "base64" } {
  try {
    return { body: new TextDecoder("utf-8", { fatal: true }).decode(bytes), bodyEncoding: "utf8" };
  } catch {
    return { body: Buffer.from(bytes).toString("base64"), bodyEncoding: "base64" };
  }
}
