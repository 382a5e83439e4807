import { describe, expectTypeOf, it } from "vitest";
import { type AuditChainResult, verifyAuditTrail } from "./audit.js";
import { createPrivacyClient } from "./client.js";

const client = createPrivacyClient({ baseUrl: "https://privacy.example.com/v1", apiKey: "tok" });

describe("the audit trail's verifier is typed", () => {
  it("verifyAuditTrail takes a client's audit resource and resolves with a verdict", () => {
    expectTypeOf(verifyAuditTrail(client.audit)).resolves.toEqualTypeOf<AuditChainResult>();
    verifyAuditTrail(client.audit, { since: { sequence: 3, hash: "0".repeat(64) }, timeoutMs: 5_000 });
    // @ts-expect-error the audit resource, not the client
    verifyAuditTrail(client);
  });
});
