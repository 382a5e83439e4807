// Testing code that uses the SDK: MSW answers as the API would, in-process, and the test asserts
// on what your code did with the answers and on what it sent.
import { createPrivacyClient, NotFoundError, type PrivacyClient } from "@crmfactory/sdk";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

// The code under test.
async function countOpenAccessRequests(privacy: PrivacyClient): Promise<number> {
  let open = 0;
  const requests = privacy.rightsRequests.list({ kind: "access", status: ["verifying", "in_progress"] });
  for await (const _request of requests) open++;
  return open;
}

async function eraseContact(privacy: PrivacyClient, contactId: string, ticket: string): Promise<string> {
  const deletion = await privacy.deletions.create(
    { targets: [{ type: "contact", id: contactId }] },
    { idempotencyKey: `erase-${contactId}-${ticket}` },
  );
  return deletion.id;
}

const BASE = "https://privacy.example.test/v1";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// `retries: false`: each answer as it came, and no test waits for a backoff.
const privacy = createPrivacyClient({ baseUrl: BASE, apiKey: "test-token", retries: false });

describe("code that uses the SDK", () => {
  it("follows every page of a list", async () => {
    server.use(
      http.get(`${BASE}/rights-requests`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get("cursor");
        return cursor === null
          ? HttpResponse.json({ data: [{ id: "rr_1" }, { id: "rr_2" }], nextCursor: "page-2" })
          : HttpResponse.json({ data: [{ id: "rr_3" }], nextCursor: null });
      }),
    );
    expect(await countOpenAccessRequests(privacy)).toBe(3);
  });

  it("sends the body, the token and the idempotency key", async () => {
    let sent: { body: unknown; key: string | null; auth: string | null } | undefined;
    server.use(
      http.post(`${BASE}/deletions`, async ({ request }) => {
        sent = {
          body: await request.json(),
          key: request.headers.get("Idempotency-Key"),
          auth: request.headers.get("Authorization"),
        };
        return HttpResponse.json({ id: "del_1", status: "pending" }, { status: 202 });
      }),
    );
    expect(await eraseContact(privacy, "c_42", "T-7")).toBe("del_1");
    expect(sent).toEqual({
      body: { targets: [{ type: "contact", id: "c_42" }] },
      key: "erase-c_42-T-7",
      auth: "Bearer test-token",
    });
  });

  it("gets the API's problem details as a typed error", async () => {
    server.use(
      http.get(`${BASE}/rights-requests/:requestId`, () =>
        HttpResponse.json(
          {
            type: "https://crmfactory.ai/problems/not-found",
            title: "Not found",
            status: 404,
            detail: "No rights request rr_9",
            requestId: "req_1",
          },
          { status: 404, headers: { "Content-Type": "application/problem+json", "X-Request-Id": "req_1" } },
        ),
      ),
    );
    const error = await privacy.rightsRequests.get("rr_9").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      requestId: "req_1",
      problem: { detail: "No rights request rr_9" },
    });
  });
});
