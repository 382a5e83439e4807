import type { WithResponse } from "./api-promise.js";
import { PrivacyError, UsageError } from "./errors.js";

/** The shape of every list response: one page of items and the cursor of the next (null on the last). */
export interface Page<Item> {
  data: Item[];
  nextCursor: string | null;
}

/** The item type of a page type. */
export type PageItem<TPage extends Page<unknown>> = TPage["data"][number];

/**
 * Fetches the page that starts at `cursor` (`undefined` for the first page). When it resolves with
 * something that has `withResponse()` (as the SDK's methods do), the paginator's `withResponse()`
 * gives the first page's response too.
 */
export type PageFetcher<TPage extends Page<unknown>> = (cursor: string | undefined) => PromiseLike<TPage>;

/** The server sent a cursor it had sent before, which would loop forever. */
export class PaginationError extends PrivacyError {
  override readonly name: string = "PaginationError";
}

/** The largest `toArray` limit, so a runaway list cannot exhaust memory. */
export const MAX_TO_ARRAY_LIMIT = 100_000;

type ResponseAware<T> = PromiseLike<T> & { withResponse?: () => Promise<WithResponse<T>> };

/**
 * A list result, and a real `Promise` of its first page: `await` it for the first page
 * (`{ data, nextCursor }`, as the API answers), `for await` over it for every item of every page,
 * `pages()` for the pages themselves, `toArray({ limit })` to collect. Nothing is fetched until one
 * of these is used, and the first page is fetched once and shared by all of them.
 */
export class Paginator<TPage extends Page<unknown>>
  extends Promise<TPage>
  implements AsyncIterable<PageItem<TPage>>
{
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #fetchPage: PageFetcher<TPage>;
  #firstPage: ResponseAware<TPage> | undefined;

  constructor(fetchPage: PageFetcher<TPage>) {
    // Settles at once and is never observed; `then` follows the first page (see ApiPromise).
    super((resolve) => resolve(undefined as unknown as TPage));
    this.#fetchPage = fetchPage;
  }

  #first(): ResponseAware<TPage> {
    this.#firstPage ??= this.#fetchPage(undefined);
    return this.#firstPage;
  }

  /** The first page, fetched once. */
  firstPage(): Promise<TPage> {
    return Promise.resolve(this.#first());
  }

  /** The first page and its response (status, headers), for pages fetched by the SDK's methods. */
  async withResponse(): Promise<WithResponse<TPage>> {
    const first = this.#first();
    if (typeof first.withResponse !== "function") {
      throw new UsageError("withResponse: this paginator's page fetcher gives no response");
    }
    return first.withResponse();
  }

  // biome-ignore lint/suspicious/noThenProperty: a Promise subclass whose settling follows the request.
  override then<TResult1 = TPage, TResult2 = never>(
    onfulfilled?: ((page: TPage) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    return this.firstPage().then(onfulfilled, onrejected);
  }

  /** Every page, first to last; throws {@link PaginationError} if the server repeats a cursor. */
  async *pages(): AsyncGenerator<TPage, void, undefined> {
    const seen = new Set<string>();
    let page = await this.firstPage();
    for (;;) {
      yield page;
      const cursor = page.nextCursor;
      if (cursor === null || cursor === undefined) return;
      if (seen.has(cursor)) {
        throw new PaginationError(
          `The server repeated the cursor ${JSON.stringify(cursor)}; stopping to avoid a loop`,
        );
      }
      seen.add(cursor);
      page = await this.#fetchPage(cursor);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<PageItem<TPage>, void, undefined> {
    for await (const page of this.pages()) yield* page.data as PageItem<TPage>[];
  }

  /** Collects items across pages until `limit` items (fetching no page beyond the one that fills it). */
  async toArray({ limit }: { limit: number }): Promise<PageItem<TPage>[]> {
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_TO_ARRAY_LIMIT) {
      throw new UsageError(`toArray: limit must be an integer from 0 to ${MAX_TO_ARRAY_LIMIT}, got ${limit}`);
    }
    const items: PageItem<TPage>[] = [];
    if (limit === 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= limit) break;
    }
    return items;
  }
}
