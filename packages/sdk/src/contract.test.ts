import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { auditGenesisHash, headerNames, openapiDocument } from "@crmfactory/api";
import { describe, expect, it } from "vitest";
import { AUDIT_GENESIS_HASH, CONTRACT_VERSION, HEADER_NAMES } from "./generated/contract.js";

// What scripts/generate-contract.mjs copied from the contract into the SDK is the contract's, as of
// the contract this workspace builds. The problem catalogue and the operations are checked in
// error-mapping.test.ts and resources/coverage.test.ts.

const apiDir = dirname(createRequire(import.meta.url).resolve("@crmfactory/api/package.json"));
const withoutBanner = (source: string) => source.slice(source.indexOf("\n") + 1);

describe("the contract generated into the SDK", () => {
  it("has the contract's types, exactly as the contract package generates them", () => {
    const sdkTypes = readFileSync(new URL("./generated/openapi.ts", import.meta.url), "utf8");
    const apiTypes = readFileSync(join(apiDir, "src", "generated", "openapi.ts"), "utf8");
    expect(withoutBanner(sdkTypes).length).toBeGreaterThan(100_000);
    expect(withoutBanner(sdkTypes)).toBe(withoutBanner(apiTypes));
  });

  it("is of the contract's version", () => {
    expect(CONTRACT_VERSION).toBe(openapiDocument.info.version);
  });

  it("has the contract's header names", () => {
    expect(HEADER_NAMES).toEqual(headerNames);
    const declared = [
      ...Object.keys(openapiDocument.components.headers),
      ...Object.values(openapiDocument.components.parameters)
        .filter((parameter) => parameter.in === "header")
        .map((parameter) => parameter.name),
    ];
    for (const name of [HEADER_NAMES.requestId, HEADER_NAMES.idempotencyKey, HEADER_NAMES.retryAfter]) {
      expect(declared).toContain(name);
    }
    expect(declared).toContain(HEADER_NAMES.callbackSignature);
  });

  it("has the audit chain's genesis value, the prevHash of the contract's first example entry", () => {
    expect(AUDIT_GENESIS_HASH).toBe(auditGenesisHash);
    const examples = openapiDocument.components.schemas.AuditEntry?.examples as
      | { sequence: number; prevHash: string }[]
      | undefined;
    const first = examples?.find((entry) => entry.sequence === 1);
    expect(first?.prevHash).toBe(AUDIT_GENESIS_HASH);
    expect(AUDIT_GENESIS_HASH).toMatch(/^0{64}$/);
  });
});
