import { createHash } from "node:crypto";
import type { AuditEntry } from "@crmfactory/sdk";
import { verifyAuditTrail } from "@crmfactory/sdk/audit";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { BASE, routes, testClient } from "./client.test-support.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe.each(routes)("verifyAuditTrail, %s", (_route, throughRaw) => {
  const client = () => testClient(throughRaw);
  function entries(n: number): AuditEntry[] {
    const out: AuditEntry[] = [];
    let prevHash = "0".repeat(64);
    for (let sequence = 1; sequence <= n; sequence++) {
      const entry = {
        sequence,
        at: `2026-04-01T09:${String(sequence).padStart(2, "0")}:00.000Z`,
        actor: { type: "user" as const, id: "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6" },
        action: "user.created",
        target: { type: "user", id: `u${sequence}` },
        prevHash,
      };
      const hash = createHash("sha256")
        .update(prevHash + canonicalJson(entry))
        .digest("hex");
      out.push({ ...entry, hash });
      prevHash = hash;
    }
    return out;
  }

  function serve(trail: AuditEntry[], head = trail.at(-1)) {
    const requests: string[] = [];
    server.use(
      http.get(`${BASE}/audit-trail/head`, () =>
        HttpResponse.json({
          sequence: head?.sequence ?? 0,
          hash: head?.hash ?? "0".repeat(64),
          at: head?.at ?? null,
        }),
      ),
      http.get(`${BASE}/audit-trail/entries`, ({ request }) => {
        const url = new URL(request.url);
        requests.push(url.search);
        const after = Number(url.searchParams.get("afterSequence") ?? 0);
        const limit = Number(url.searchParams.get("limit"));
        const from = Number(url.searchParams.get("cursor") ?? after);
        const data = trail.filter((e) => e.sequence > from).slice(0, limit);
        const last = data.at(-1);
        return HttpResponse.json({
          data,
          nextCursor: last && last.sequence < (trail.at(-1)?.sequence ?? 0) ? String(last.sequence) : null,
        });
      }),
    );
    return requests;
  }

  it("recomputes the chain across pages and reaches the head", async () => {
    const trail = entries(7);
    const requests = serve(trail);
    const result = await verifyAuditTrail(client().audit, { pageSize: 3 });
    expect(result).toEqual({ valid: true, checked: 7, last: { sequence: 7, hash: trail[6]?.hash } });
    expect(requests).toEqual(["?limit=3", "?limit=3&cursor=3", "?limit=3&cursor=6"]);
  });

  it("reports a tampered entry, whatever the server claims", async () => {
    const trail = entries(5);
    trail[2] = { ...(trail[2] as AuditEntry), action: "user.deleted" };
    serve(trail);
    expect(await verifyAuditTrail(client().audit)).toMatchObject({
      valid: false,
      reason: "hash-mismatch",
      sequence: 3,
    });
  });

  it("reports a listing that stops short of the head", async () => {
    const trail = entries(5);
    serve(trail.slice(0, 3), trail[4]);
    expect(await verifyAuditTrail(client().audit)).toMatchObject({
      valid: false,
      reason: "head-not-reached",
    });
  });

  it("verifies incrementally since a known point", async () => {
    const trail = entries(6);
    const requests = serve(trail);
    const since = { sequence: 4, hash: trail[3]?.hash ?? "" };
    expect(await verifyAuditTrail(client().audit, { since })).toMatchObject({ valid: true, checked: 2 });
    expect(requests[0]).toBe("?afterSequence=4&limit=100");
  });
});
