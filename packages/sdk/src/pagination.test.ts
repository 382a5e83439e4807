import { fc, test } from "@fast-check/vitest";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "./errors.js";
import { type Page, PaginationError, Paginator } from "./pagination.js";
import { createTransport } from "./transport.js";

interface Item {
  id: string;
}

/** An in-memory list served `pageSize` items at a time, recording the cursors it was asked for. */
function memoryList(items: Item[], pageSize: number) {
  const cursors: (string | undefined)[] = [];
  const fetchPage = async (cursor: string | undefined): Promise<Page<Item> & { object: "list" }> => {
    cursors.push(cursor);
    const start = cursor === undefined ? 0 : Number(cursor.slice("c".length));
    const end = start + pageSize;
    return {
      object: "list",
      data: items.slice(start, end),
      nextCursor: end < items.length ? `c${end}` : null,
    };
  };
  return { fetchPage, cursors };
}

const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: `item_${i}` }));

describe("new Paginator(fetchPage)", () => {
  it("awaits to the first page, fetched lazily and once", async () => {
    const list = memoryList(items(5), 2);
    const paginator = new Paginator(list.fetchPage);
    expect(list.cursors).toEqual([]);
    const page = await paginator;
    expect(page).toEqual({ object: "list", data: items(2), nextCursor: "c2" });
    await paginator;
    await paginator.firstPage();
    expect(list.cursors).toEqual([undefined]);
  });

  it("iterates every item across pages, reusing the first page", async () => {
    const list = memoryList(items(5), 2);
    const paginator = new Paginator(list.fetchPage);
    await paginator;
    const seen: Item[] = [];
    for await (const item of paginator) seen.push(item);
    expect(seen).toEqual(items(5));
    expect(list.cursors).toEqual([undefined, "c2", "c4"]);
  });

  it("can iterate twice and by page", async () => {
    const paginator = new Paginator(memoryList(items(3), 2).fetchPage);
    const pages = [];
    for await (const page of paginator.pages()) pages.push(page.data.length);
    expect(pages).toEqual([2, 1]);
    expect(await paginator.toArray({ limit: 100 })).toEqual(items(3));
  });

  it("toArray stops at the limit without fetching further pages", async () => {
    const list = memoryList(items(10), 3);
    expect(await new Paginator(list.fetchPage).toArray({ limit: 4 })).toEqual(items(4));
    expect(list.cursors).toEqual([undefined, "c3"]);
    expect(await new Paginator(list.fetchPage).toArray({ limit: 0 })).toEqual([]);
  });

  it("toArray rejects a missing or absurd limit", async () => {
    const paginator = new Paginator(memoryList(items(1), 1).fetchPage);
    for (const limit of [-1, 1.5, Number.NaN, 1_000_001]) {
      await expect(paginator.toArray({ limit })).rejects.toBeInstanceOf(UsageError);
    }
  });

  it("throws PaginationError when the server repeats a cursor", async () => {
    const pages: Record<string, Page<Item>> = {
      first: { data: items(1), nextCursor: "a" },
      a: { data: items(1), nextCursor: "b" },
      b: { data: items(1), nextCursor: "a" },
    };
    let calls = 0;
    const paginator = new Paginator(async (cursor) => {
      // A broken guard would loop forever without yielding to timers; fail fast instead.
      if (++calls > 10) throw new Error("the guard did not stop the loop");
      return pages[cursor ?? "first"] ?? { data: [], nextCursor: null };
    });
    const seen: Item[] = [];
    const error = await (async () => {
      for await (const item of paginator) seen.push(item);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).message).toContain('"a"');
    expect(seen).toHaveLength(3);
  });

  it("propagates a failing page and stays awaitable through catch/finally", async () => {
    const failure = new Error("boom");
    const paginator = new Paginator<Page<Item>>(async () => {
      throw failure;
    });
    await expect(paginator.catch((e: unknown) => e)).resolves.toBe(failure);
    let finallyRan = false;
    await expect(
      paginator.finally(() => {
        finallyRan = true;
      }),
    ).rejects.toBe(failure);
    expect(finallyRan).toBe(true);
  });

  test.prop([fc.nat({ max: 60 }), fc.integer({ min: 1, max: 7 })])(
    "yields exactly the list, in order, for any size and page size",
    async (size, pageSize) => {
      const list = memoryList(items(size), pageSize);
      const seen: Item[] = [];
      for await (const item of new Paginator(list.fetchPage)) seen.push(item);
      expect(seen).toEqual(items(size));
      expect(list.cursors).toHaveLength(Math.max(1, Math.ceil(size / pageSize)));
    },
  );
});

describe("a Paginator over HTTP", () => {
  const BASE = "https://api.crmfactory.test/v1";
  const server = setupServer(
    http.get(`${BASE}/audit`, ({ request }) => {
      const url = new URL(request.url);
      const cursor = url.searchParams.get("cursor");
      const limit = Number(url.searchParams.get("limit"));
      const pages: Record<string, Page<Item>> = {
        start: { data: items(limit), nextCursor: "p2" },
        p2: { data: [{ id: "item_x" }], nextCursor: "p3" },
        p3: { data: [{ id: "item_y" }], nextCursor: null },
      };
      return HttpResponse.json(pages[cursor ?? "start"]);
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it("follows cursors across three pages and stops at nextCursor: null", async () => {
    const transport = createTransport({ apiKey: "sk_test" });
    const requested: string[] = [];
    const paginator = new Paginator(async (cursor) => {
      const url = new URL(`${BASE}/audit`);
      url.searchParams.set("limit", "2");
      if (cursor) url.searchParams.set("cursor", cursor);
      requested.push(url.search);
      const response = await transport(new Request(url));
      return (await response.json()) as Page<Item>;
    });
    expect((await paginator.toArray({ limit: 100 })).map((item) => item.id)).toEqual([
      "item_0",
      "item_1",
      "item_x",
      "item_y",
    ]);
    expect(requested).toEqual(["?limit=2", "?limit=2&cursor=p2", "?limit=2&cursor=p3"]);
  });
});
