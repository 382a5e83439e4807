import createClient, { type Middleware } from "openapi-fetch";
import { resolveSettings, type TransportOptions } from "./client-settings.js";
import { check } from "./errors.js";
import type { paths } from "./generated/openapi.js";
import { type ClientResources, resourceTables } from "./generated/resources.js";
import { type CallContext, callOperation, type RawClient } from "./invoke.js";
import { compileOperation, type ResourceTable } from "./operation-spec.js";
import { testClockExtras } from "./resources/test-clocks.js";
import { requestTransport } from "./transport.js";

/** Options of {@link createPrivacyClient}. */
export interface PrivacyClientOptions extends TransportOptions {
  /**
   * The API's absolute base URL, version prefix included, e.g. `https://privacy.example.com/v1`.
   * Refused (`UsageError`) unless it is an `http:` or `https:` URL without query or fragment.
   */
  baseUrl: string;
}

/** Gives the class the type of its resources, which the constructor assigns. */
const WithResources = function WithResources() {} as unknown as new () => ClientResources;

/**
 * The CRM Factory privacy API, one property per resource. Every method is typed from the OpenAPI
 * contract and returns an `ApiPromise` of the response body (`withResponse()` gives the response
 * too), or a `Paginator` for lists; failures reject with a `PrivacyError`. Per-request options go
 * last.
 */
export class PrivacyClient extends WithResources {
  /**
   * The underlying openapi-fetch client, for any operation exactly as the contract defines it
   * (`{ data, error, response }`). It shares the transport (auth, retries, idempotency keys,
   * timeouts), and middleware registered with `raw.use()` sees every call of the client, the
   * resource methods' included.
   */
  declare readonly raw: RawClient;

  constructor(options: PrivacyClientOptions) {
    super();
    const baseUrl = checkBaseUrl(options?.baseUrl);
    const settings = resolveSettings(options);
    const raw = createClient<paths>({
      baseUrl,
      headers: settings.headers,
      fetch: requestTransport(settings, false, "stream"),
    });
    const middleware = trackMiddleware(raw);
    const context: CallContext = {
      baseUrl,
      settings,
      raw,
      middleware,
      bufferedTransport: requestTransport(settings, false, "arrayBuffer"),
    };
    const self = this as unknown as Record<string, unknown>;
    self.raw = raw;
    for (const [name, table] of Object.entries(resourceTables)) self[name] = bind(context, table);
    Object.assign(self.testClocks as object, testClockExtras(this.testClocks, settings.config.sleep));
  }
}

/** Creates a {@link PrivacyClient}. */
export function createPrivacyClient(options: PrivacyClientOptions): PrivacyClient {
  return new PrivacyClient(options);
}

function bind(context: CallContext, [prefix, specs]: ResourceTable): Record<string, unknown> {
  const resource: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const operation = compileOperation(spec, prefix);
    resource[name] = (...args: unknown[]) => callOperation(context, operation, args);
  }
  return resource;
}

/** Keeps a list of the middleware registered on `raw`, which `use` and `eject` still manage. */
function trackMiddleware(raw: RawClient): Middleware[] {
  const registered: Middleware[] = [];
  const { use, eject } = raw;
  raw.use = (...middleware) => {
    for (const item of middleware) {
      use(item);
      if (item) registered.push(item);
    }
  };
  raw.eject = (...middleware) => {
    eject(...middleware);
    for (const item of middleware) {
      const index = registered.indexOf(item);
      if (index !== -1) registered.splice(index, 1);
    }
  };
  return registered;
}

function checkBaseUrl(baseUrl: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl as string);
  } catch {
    // Refused below, with the rule.
  }
  check(
    url &&
      /^https?:$/.test(url.protocol) &&
      !/[?#]/.test(baseUrl as string) &&
      !url.username &&
      !url.password,
    "`baseUrl` must be an absolute http(s) URL without credentials, query or fragment",
  );
  return url.href.replace(/\/+$/, "");
}
