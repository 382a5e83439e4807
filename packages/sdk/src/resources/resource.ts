import type { paths } from "@crmfactory/api";
import createClient, { type Client } from "openapi-fetch";
import { errorFromResponse, TimeoutError } from "../errors.js";
import type { RequestOptions, Transport } from "../transport.js";

/** The openapi-fetch client of the contract, as `client.raw` exposes it. */
export type RawClient = Client<paths>;

/** What every resource is built from. */
export interface ResourceContext {
  raw: RawClient;
  baseUrl: string;
  transport: Transport;
}

/** What openapi-fetch resolves with. */
interface RawResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/** The base of every resource: the raw client, and the plumbing that unwraps its results. */
export abstract class Resource {
  readonly #context: ResourceContext;

  constructor(context: ResourceContext) {
    this.#context = context;
  }

  /**
   * The raw client for one call: the shared one, or, when the call has per-request options, one
   * whose every request goes through the transport with those options.
   */
  protected api(options: RequestOptions | undefined): RawClient {
    const { raw, baseUrl, transport } = this.#context;
    if (!options) return raw;
    return createClient<paths>({ baseUrl, fetch: (request) => transport(request, options) });
  }
}

/**
 * Resolves with the response's data (`undefined` for 204 No Content), or throws the typed error of a
 * failed response.
 */
export async function unwrap<Data>(pending: Promise<RawResult<Data>>): Promise<Data> {
  const { data, error, response } = await pending.catch((reason: unknown) => {
    // The attempt's timeout fired while openapi-fetch was reading the body.
    throw reason instanceof DOMException && reason.name === "TimeoutError"
      ? new TimeoutError("The response body was not received within the timeout", { cause: reason })
      : reason;
  });
  if (!response.ok) throw errorFromResponse(response, error);
  return data as Data;
}
