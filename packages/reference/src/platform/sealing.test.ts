import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSealer } from "./sealing.js";

describe("sealing", () => {
  it("opens what it sealed, and nothing sealed with another key or altered", () => {
    const key = randomBytes(32).toString("hex");
    const sealer = createSealer(key);
    const sealed = sealer.seal("crmf_sess_secret");
    expect(sealed).not.toContain("crmf_sess_secret");
    expect(sealer.open(sealed)).toBe("crmf_sess_secret");
    expect(createSealer(key).open(sealed)).toBe("crmf_sess_secret");
    expect(createSealer().open(sealed)).toBeUndefined();
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith("AA") ? "BB" : "AA"}`;
    expect(sealer.open(flipped)).toBeUndefined();
    expect(sealer.open("plain text")).toBeUndefined();
  });

  it("binds a value to its context: sealed for one row, it does not open for another", () => {
    const sealer = createSealer(randomBytes(32).toString("base64"));
    const sealed = sealer.seal("integration token", "row-1");
    expect(sealer.open(sealed, "row-1")).toBe("integration token");
    expect(sealer.open(sealed, "row-2")).toBeUndefined();
    expect(sealer.open(sealed)).toBeUndefined();
  });

  it("says whether its key was configured", () => {
    expect(createSealer(randomBytes(32).toString("hex")).keyConfigured).toBe(true);
    expect(createSealer().keyConfigured).toBe(false);
  });

  it("keys its hashes: stable for one key and purpose, different under another key or purpose", () => {
    const key = randomBytes(32).toString("hex");
    const hash = createSealer(key).keyedHash("suppression", "ada@example.com");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(createSealer(key).keyedHash("suppression", "ada@example.com")).toBe(hash);
    expect(createSealer(key).keyedHash("other", "ada@example.com")).not.toBe(hash);
    expect(
      createSealer(randomBytes(32).toString("hex")).keyedHash("suppression", "ada@example.com"),
    ).not.toBe(hash);
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createSealer("abcd")).toThrow(/32 bytes/);
  });
});
