/** One API call of a run, as a counterexample shows it. */
export interface RecordedCall {
  readonly method: string;
  /** Path and query, relative to the target's base URL. */
  readonly path: string;
  readonly requestBody?: unknown;
  readonly status: number;
  readonly responseBody?: unknown;
}

const bodyLimit = 2_000;

async function readBody(body: Request | Response): Promise<unknown> {
  const type = body.headers.get("content-type") ?? "";
  if (!type.includes("json")) return undefined;
  const text = await body.clone().text();
  if (text.length > bodyLimit) return `${text.slice(0, bodyLimit)}... (${text.length} characters)`;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The calls of the current run, kept so a failure can print the API calls that led to it. */
export class CallLog {
  #calls: RecordedCall[] = [];

  get calls(): readonly RecordedCall[] {
    return this.#calls;
  }

  clear(): void {
    this.#calls = [];
  }

  /** Wraps the target's `fetch` so every call and its answer land in the log. */
  wrap(fetch: (request: Request) => Promise<Response>, basePath: string) {
    return async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      const path = `${url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname}${url.search}`;
      const requestBody = await readBody(request);
      const response = await fetch(request);
      this.#calls.push({
        method: request.method,
        path,
        ...(requestBody === undefined ? {} : { requestBody }),
        status: response.status,
        ...((await readBody(response)) === undefined ? {} : { responseBody: await readBody(response) }),
      });
      return response;
    };
  }
}
