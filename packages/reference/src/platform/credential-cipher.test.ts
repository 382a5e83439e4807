import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Platform } from "../operations/operation-group.js";
import { openSecret, sealSecret } from "./credential-cipher.js";
import { createSealer } from "./sealing.js";

const platformWith = (mode: "test" | "production", key?: string) =>
  ({ mode, sealer: createSealer(key) }) as unknown as Platform;

describe("stored secrets", () => {
  it("seal to ciphertext bound to their row, and open only for it", () => {
    const platform = platformWith("production", randomBytes(32).toString("hex"));
    const sealed = sealSecret(platform, "sf_access_token", "integration-1");
    expect(sealed).not.toContain("sf_access_token");
    expect(openSecret(platform, sealed, "integration-1")).toBe("sf_access_token");
    expect(() => openSecret(platform, sealed, "integration-2")).toThrow(/does not open/);
  });

  it("are refused in production mode without a configured key, as unavailable", () => {
    expect(() => sealSecret(platformWith("production"), "secret", "row")).toThrow(
      expect.objectContaining({ slug: "unavailable" }),
    );
    expect(sealSecret(platformWith("test"), "secret", "row")).toMatch(/^v1\./);
  });
});
