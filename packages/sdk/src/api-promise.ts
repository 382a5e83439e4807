/** A call's result with the response it came from. */
export interface WithResponse<T> {
  /** The parsed body (`undefined` for 204). */
  data: T;
  /** The response: status, headers (`X-Request-Id`, `Idempotent-Replayed`...). Its body is already read. */
  response: Response;
}

/**
 * What every method that makes one call returns: a real `Promise` of the response body, which can
 * also give the response itself with `withResponse()`. Both share the one request.
 */
export class ApiPromise<T> extends Promise<T> {
  // Derived promises (`then`, `catch`, `finally`) are plain promises.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #result: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  constructor(result: Promise<WithResponse<T>>) {
    // The promise itself settles at once and is never observed: `then` follows the result instead.
    // So a failure that is only ever handled through `withResponse()` is not an unhandled rejection.
    super((resolve) => resolve(undefined as T));
    this.#result = result;
  }

  /** The body and the response (status, headers). Rejects with the same typed error as the call. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  // biome-ignore lint/suspicious/noThenProperty: a Promise subclass whose settling follows the request.
  override then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    this.#data ??= this.#result.then((result) => result.data);
    return this.#data.then(onfulfilled, onrejected);
  }
}
