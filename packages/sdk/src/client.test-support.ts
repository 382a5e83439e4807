// Shared by the client's MSW tests: a client whose retry waits are recorded instead of waited, on
// either route a call can take (straight to fetch, or through `raw` while middleware is registered).

import { HttpResponse } from "msw";
import type { Middleware } from "openapi-fetch";
import { createPrivacyClient, type PrivacyClient, type PrivacyClientOptions } from "./client.js";

export const BASE = "https://privacy.crmfactory.test/v1";

/** The two routes of a call; every behaviour must be the same on both. */
export const routes = [
  ["direct", false],
  ["through raw, with middleware registered", true],
] as const;

/** Middleware that changes nothing, so that calls take the route through `raw`. */
export const passThrough: Middleware = { onRequest: () => undefined };

export type TestClient = PrivacyClient & { sleeps: number[] };

export function testClient(throughRaw: boolean, options: Partial<PrivacyClientOptions> = {}): TestClient {
  const sleeps: number[] = [];
  const privacy = createPrivacyClient({
    baseUrl: BASE,
    apiKey: "tok_live_abc",
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  if (throughRaw) privacy.raw.use(passThrough);
  return Object.assign(privacy, { sleeps });
}

/** A problem details response of the contract's catalogue. */
export function problem(status: number, slug: string, extra: Record<string, unknown> = {}): Response {
  return HttpResponse.json(
    {
      type: `https://crmfactory.ai/problems/${slug}`,
      title: slug,
      status,
      detail: `${slug} happened`,
      requestId: "req_body",
      ...extra,
    },
    { status, headers: { "Content-Type": "application/problem+json", "X-Request-Id": "req_header" } },
  );
}
