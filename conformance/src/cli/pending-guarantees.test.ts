import { join } from "node:path";
import { crmFactoryPolicy } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import { properties } from "../properties/index.js";
import { readAllowPending } from "./read-allow-pending.js";

// The committed list the root `pnpm conformance` allows pending: the tested guarantees outside
// retention and deletion, whose properties later work adds. It only ever shrinks.
describe("conformance/pending-guarantees.json", () => {
  it("names tested guarantees outside RET-* and DEL-* that no property checks yet", async () => {
    const pending = await readAllowPending(
      ["pending-guarantees.json"],
      join(import.meta.dirname, "../.."),
      crmFactoryPolicy,
    );
    for (const id of pending) {
      expect(crmFactoryPolicy.guarantees[id]?.method, id).not.toBe("attested");
      expect(id, "retention and deletion guarantees are never pending").not.toMatch(/^(RET|DEL)-/);
      expect(
        properties.filter((property) => property.guarantee === id).map((property) => property.name),
        `${id} has a property now: remove it from pending-guarantees.json`,
      ).toEqual([]);
    }
    expect(pending.size).toBeLessThanOrEqual(22);
  });

  it("reads text files too: one ID a line, # comments", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "pending-"));
    await writeFile(join(dir, "pending.txt"), "# later work\nRIGHTS-KINDS\n\nSEC-RBAC  # next\n");
    expect([
      ...(await readAllowPending(["pending.txt", "NOTICE-MINOR,SEC-TLS13"], dir, crmFactoryPolicy)),
    ]).toEqual(["RIGHTS-KINDS", "SEC-RBAC", "NOTICE-MINOR", "SEC-TLS13"]);
  });
});
