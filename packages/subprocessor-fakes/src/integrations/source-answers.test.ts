import { describe, expect, it } from "vitest";
import type { FaultStatus } from "../core/vendor.js";
import { useFakes } from "../test-support/harness.js";
import type { IntegrationSource } from "./served-log.js";

// What each integration source answers where it serves nothing (an unknown path, a method its path
// does not allow) and when a fault is injected: its own error shape, never a catch-all 200.

const { fakes, loopback } = useFakes({ seed: "source-answers" });

interface SourceCase {
  readonly source: IntegrationSource;
  readonly instanceUrl: string;
  readonly seed: () => void;
  /** A path the source serves (GET only) and one it does not. */
  readonly known: string;
  readonly unknown: string;
  /** The source's error code in its own error body. */
  readonly codeOf: (body: unknown) => unknown;
  readonly codes: { readonly 404: string; readonly 405: string } & Partial<Record<FaultStatus, string>>;
}

const cases: SourceCase[] = [
  {
    source: "salesforce",
    instanceUrl: "https://acme.my.salesforce.com",
    seed: () =>
      fakes.integrations.salesforce.seed({
        instanceUrl: "https://acme.my.salesforce.com",
        clientId: "cid",
        clientSecret: "secret",
      }),
    known: "/services/data/v60.0/query",
    unknown: "/services/data/v60.0/sobjects/Contact/describe/layouts/x",
    codeOf: (body) => (body as { errorCode: string }[])[0]?.errorCode,
    codes: {
      404: "NOT_FOUND",
      405: "METHOD_NOT_ALLOWED",
      429: "REQUEST_LIMIT_EXCEEDED",
      503: "SERVER_UNAVAILABLE",
    },
  },
  {
    source: "sap",
    instanceUrl: "https://my300001.s4hana.ondemand.com",
    seed: () =>
      fakes.integrations.sap.seed({
        instanceUrl: "https://my300001.s4hana.ondemand.com",
        username: "COMM_USER",
        password: "pw",
      }),
    known: "/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner",
    unknown: "/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product",
    codeOf: (body) => (body as { error: { code: string } }).error.code,
    codes: { 404: "/IWFND/MED/170", 405: "/IWFND/CM_MGW/004", 429: "429", 503: "/IWFND/CM_BEC/026" },
  },
  {
    source: "netsuite",
    instanceUrl: "https://1234567.suitetalk.api.netsuite.com",
    seed: () =>
      fakes.integrations.netsuite.seed({
        instanceUrl: "https://1234567.suitetalk.api.netsuite.com",
        clientId: "c",
        clientSecret: "s",
        refreshToken: "r",
      }),
    known: "/services/rest/record/v1/customer",
    unknown: "/services/rest/record/v1/vendorBill",
    codeOf: (body) =>
      (body as { "o:errorDetails": { "o:errorCode": string }[] })["o:errorDetails"][0]?.["o:errorCode"],
    codes: {
      404: "NONEXISTENT_ID",
      405: "INVALID_REQUEST",
      429: "CONCURRENCY_LIMIT_EXCEEDED",
      503: "UNEXPECTED_ERROR",
    },
  },
];

describe.each(["msw", "loopback"] as const)("integration sources' own answers through %s", (mode) => {
  const at = (url: string) => (mode === "msw" ? url : loopback().urlFor(url));

  it.each(cases)(
    "$source: an unknown path is its not-found, a wrong method its 405, both recorded",
    async (source) => {
      source.seed();
      const missing = await fetch(at(`${source.instanceUrl}${source.unknown}`));
      expect(missing.status).toBe(404);
      expect(source.codeOf(await missing.json())).toBe(source.codes[404]);
      const wrongMethod = await fetch(at(`${source.instanceUrl}${source.known}`), { method: "DELETE" });
      expect(wrongMethod.status).toBe(405);
      expect(source.codeOf(await wrongMethod.json())).toBe(source.codes[405]);
      expect(
        fakes.requests({ vendor: source.source }).map((request) => [request.outcome, request.status]),
      ).toEqual([
        ["not-found", 404],
        ["not-found", 405],
      ]);
    },
  );

  it.each(cases)(
    "$source: injected 429 and 503 come in its error shape, for its instance only",
    async (source) => {
      source.seed();
      const limited = fakes.faults.inject({
        vendor: source.source,
        credential: source.instanceUrl,
        fault: { kind: "rate-limit", retryAfterSeconds: 7 },
        times: 1,
      });
      const rateLimited = await fetch(at(`${source.instanceUrl}${source.known}`));
      expect(rateLimited.status).toBe(429);
      expect(rateLimited.headers.get("retry-after")).toBe("7");
      expect(source.codeOf(await rateLimited.json())).toBe(source.codes[429]);
      expect(limited.counts()).toMatchObject({ matched: 1, injected: 1 });

      const unavailable = fakes.faults.inject({
        vendor: source.source,
        credential: source.instanceUrl,
        fault: { kind: "status", status: 503 },
        times: 1,
      });
      const failed = await fetch(at(`${source.instanceUrl}${source.known}`));
      expect(failed.status).toBe(503);
      expect(source.codeOf(await failed.json())).toBe(source.codes[503]);
      expect(unavailable.counts()).toMatchObject({ injected: 1 });

      // The rules are spent: the source answers for itself again (no credentials here, so its 401).
      const after = await fetch(at(`${source.instanceUrl}${source.known}`));
      expect(after.status).toBe(401);
      expect(fakes.requests({ vendor: source.source }).map((request) => request.outcome)).toEqual([
        "fault",
        "fault",
        "refused",
      ]);
    },
  );
});
