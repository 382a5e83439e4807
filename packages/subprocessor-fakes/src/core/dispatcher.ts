import { type Clock, readClock } from "./clock.js";
import type { FaultDecision, FaultInjector } from "./faults.js";
import { decodeBody, type RecordedRequest, type RequestLog, type ServedVia } from "./recorder.js";
import { Router } from "./router.js";
import type { FakeRequest, VendorFake } from "./vendor.js";

export type DispatchResult =
  | { readonly kind: "response"; readonly response: Response; readonly record: RecordedRequest }
  | { readonly kind: "network-error"; readonly reason: string; readonly record: RecordedRequest };

export interface DispatchOptions {
  readonly via: ServedVia;
  /** The origin a client reaches `host` through (the vendor's own for MSW, a loopback prefix otherwise). */
  readonly publicOrigin: (host: string) => string;
}

/** Routes a request for a vendor URL to its fake, recording it and applying faults on the way. */
export class Dispatcher {
  readonly #vendors: readonly { fake: VendorFake; router: Router }[];

  constructor(
    vendors: readonly VendorFake[],
    private readonly log: RequestLog,
    private readonly faults: FaultInjector,
    private readonly clock: Clock,
  ) {
    this.#vendors = vendors.map((fake) => ({ fake, router: new Router(fake.routes) }));
  }

  servesHost(host: string): boolean {
    return this.#vendors.some(({ fake }) => fake.servesHost(host));
  }

  async dispatch(request: Request, options: DispatchOptions): Promise<DispatchResult> {
    const url = new URL(request.url);
    const body = new Uint8Array(await request.arrayBuffer());
    const time = readClock(this.clock);
    const method = request.method.toUpperCase();
    const entry = this.#vendors.find(({ fake }) => fake.servesHost(url.hostname));
    const credential = entry?.fake.credentialOf(method, url, request.headers);
    const matched = entry?.router.match(method, url);
    const route = matched?.route;
    const record = this.log.add({
      time,
      vendor: entry?.fake.vendor ?? null,
      host: url.host,
      method,
      path: url.pathname,
      query: queryOf(url),
      headers: Object.fromEntries(request.headers),
      ...decodeBody(body),
      credential,
      endpoint: route?.endpoint,
      via: options.via,
      outcome: "unknown-host",
      status: undefined,
      faultId: undefined,
      retryOf: undefined,
    });
    if (!entry) return { kind: "network-error", reason: `no fake serves ${url.host}`, record };

    const signature = JSON.stringify([entry.fake.vendor, credential, method, url.href, record.body]);
    const { decision, retryOf } = this.faults.decide(
      entry.fake.vendor,
      route?.endpoint,
      credential,
      signature,
    );
    record.retryOf = retryOf;
    if (decision) {
      record.faultId = decision.ruleId;
      const faulted = await this.#applyFault(decision, entry.fake);
      if (faulted === "drop") {
        record.outcome = "fault";
        return { kind: "network-error", reason: "connection dropped by an injected fault", record };
      }
      if (faulted) {
        record.outcome = "fault";
        record.status = faulted.status;
        return { kind: "response", response: faulted, record };
      }
    }

    const fakeRequest: FakeRequest = {
      method,
      url,
      headers: request.headers,
      body,
      time,
      credential,
      publicOrigin: (host = url.host) => options.publicOrigin(host),
      text: () => new TextDecoder().decode(body),
    };
    let response: Response;
    if (matched?.route) {
      response = await matched.route.handle(fakeRequest, matched.params);
      record.outcome = response.status < 400 ? "served" : "refused";
    } else {
      response = entry.fake.notFound(
        fakeRequest,
        matched !== undefined && "pathExists" in matched && matched.pathExists,
      );
      record.outcome = "not-found";
    }
    record.status = response.status;
    if (method === "HEAD")
      response = new Response(null, { status: response.status, headers: response.headers });
    return { kind: "response", response, record };
  }

  async #applyFault(decision: FaultDecision, fake: VendorFake): Promise<Response | "drop" | undefined> {
    const { fault } = decision;
    switch (fault.kind) {
      case "drop":
        return "drop";
      case "delay":
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return undefined;
      case "rate-limit":
        return withHeaders(fake.faultResponse(429), fault.retryAfterSeconds, fault.headers);
      case "status":
        return withHeaders(fake.faultResponse(fault.status), fault.retryAfterSeconds, fault.headers);
    }
  }
}

function withHeaders(
  response: Response,
  retryAfterSeconds: number | undefined,
  headers: Readonly<Record<string, string>> | undefined,
): Response {
  if (retryAfterSeconds !== undefined) response.headers.set("retry-after", String(retryAfterSeconds));
  for (const [name, value] of Object.entries(headers ?? {})) response.headers.set(name, value);
  return response;
}

function queryOf(url: URL): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) {
    query[key] ??= [];
    query[key].push(value);
  }
  return query;
}
