import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { canonicalJson } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import { auditGenesisHash, createValidator } from "./index.js";
import { deref, doc } from "./testing/contract-walk.js";

const vectors = JSON.parse(readFileSync(new URL("../test-vectors.json", import.meta.url), "utf8"));
const validator = createValidator();

describe("test vectors", () => {
  it("recomputes the audit chain exactly as the contract specifies it", () => {
    let prevHash = auditGenesisHash;
    expect(vectors.auditChain.genesisHash).toBe(auditGenesisHash);
    for (const entry of vectors.auditChain.entries) {
      expect(validator.validate("AuditEntry", entry)).toEqual({ ok: true, errors: [] });
      const { hash, ...unhashed } = entry;
      expect(entry.prevHash).toBe(prevHash);
      expect(
        createHash("sha256")
          .update(prevHash + canonicalJson(unhashed))
          .digest("hex"),
      ).toBe(hash);
      prevHash = hash;
    }
  });

  it("gives the audit entry's example in the contract a hash that checks", () => {
    const [example] = deref<{ examples: { hash: string; prevHash: string }[] }>(
      doc.components.schemas.AuditEntry,
    ).examples;
    expect(example).toEqual(vectors.auditChain.entries[0]);
  });

  it("signs a thin callback as the contract specifies", () => {
    const { secret, t, body, header } = vectors.callbackSignature;
    const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(header).toBe(`t=${t},v1=${v1}`);
    expect(validator.validate("RightsRequestUpdatedEvent", JSON.parse(body))).toEqual({
      ok: true,
      errors: [],
    });
  });
});
