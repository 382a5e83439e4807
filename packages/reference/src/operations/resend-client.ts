import { type ErrorResponse, Resend, type Response as ResendResponse } from "resend";
import { type OutboundOrigin, tenantRequest } from "../platform/outbound-allow-list.js";
import { problem } from "../platform/problem.js";
import type { Platform } from "./operation-group.js";

/** A path segment `.` or `..` (raw or percent-encoded) would let an id walk to another resource. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$|\?)/i;

/**
 * resend-node (the official SDK) sends every request with the global `fetch` and takes no `fetch`
 * option, so this subclass overrides its one transport method, `fetchRequest`: the SDK still builds the
 * paths, headers (key, user agent, `Idempotency-Key`) and bodies, and each request goes through the
 * platform's allow-listed fetch, on behalf of the tenant when there is one. Answers keep the SDK's
 * `{ data, error, headers }` shape.
 */
class AllowListedResend extends Resend {
  readonly #platform: Platform;
  readonly #origin: OutboundOrigin | undefined;

  constructor(platform: Platform, apiKey: string, baseUrl: string, origin: OutboundOrigin | undefined) {
    super(apiKey, { baseUrl });
    this.#platform = platform;
    this.#origin = origin;
  }

  override async fetchRequest<T>(path: string, options: RequestInit = {}): Promise<ResendResponse<T>> {
    if (DOT_SEGMENT.test(path))
      return failure("invalid_parameter", null, "Path parameters cannot be dot segments.");
    const url = `${this.baseUrl}${path}`;
    let response: globalThis.Response;
    try {
      response = await this.#platform.fetch(
        this.#origin ? tenantRequest(this.#origin, url, options) : new Request(url, options),
      );
    } catch (error) {
      // A network error or the allow-list's refusal (both TypeErrors): the call never reached Resend.
      if (error instanceof TypeError)
        return failure("application_error", null, "The request could not be resolved.");
      throw error;
    }
    const headers = Object.fromEntries(response.headers.entries());
    if (!response.ok) {
      const text = await response.text();
      let parsed: Partial<ErrorResponse> = {};
      try {
        parsed = JSON.parse(text) as Partial<ErrorResponse>;
      } catch {
        // Not Resend's JSON error (a proxy's page): only the status is known.
      }
      return {
        ...failure(
          parsed.name ?? "application_error",
          response.status,
          parsed.message ?? response.statusText,
        ),
        headers,
      };
    }
    return { data: (await response.json()) as T, error: null, headers };
  }
}

function failure(name: ErrorResponse["name"], statusCode: number | null, message: string) {
  return { data: null, error: { name, statusCode, message }, headers: null } as const;
}

/** The SDK for the reference's Resend account, at the vendor profile's base URL (`vendorBaseUrls.resend`). */
export function resendClient(platform: Platform, apiKey: string, origin?: OutboundOrigin): Resend {
  const base = platform.vendorBaseUrls.resend;
  if (!base) throw problem("unavailable", "The subprocessor resend has no base URL.");
  return new AllowListedResend(platform, apiKey, base.replace(/\/$/, ""), origin);
}

/**
 * The data of an SDK answer, or `unavailable` (logged with the status only: Resend's message can echo
 * an address) so the request's transaction rolls back.
 */
export function resendData<T>(platform: Platform, answer: ResendResponse<T>, what: string): T {
  if (answer.error === null) return answer.data;
  platform.logger.warn(
    { subprocessor: "resend", status: answer.error.statusCode, code: answer.error.name },
    "email subprocessor call failed",
  );
  throw problem("unavailable", `The email subprocessor did not complete ${what}; nothing was changed.`);
}
