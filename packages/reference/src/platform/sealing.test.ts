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

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createSealer("abcd")).toThrow(/32 bytes/);
  });
});
