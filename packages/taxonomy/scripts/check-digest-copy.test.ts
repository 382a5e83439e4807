import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkDigestCopy, copyPath, findSharedDigest, firstDifference } from "./check-digest-copy.mjs";

const script = fileURLToPath(new URL("./check-digest-copy.mjs", import.meta.url));
const scratch = () => mkdtempSync(join(tmpdir(), "digest-"));
const write = (dir: string, name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("check-digest-copy", () => {
  it("accepts byte-identical files and names the first differing line otherwise", () => {
    expect(firstDifference(Buffer.from("a\nb\n"), Buffer.from("a\nb\n"))).toBeUndefined();
    expect(firstDifference(Buffer.from("a\nb\nc"), Buffer.from("a\nB\nc"))).toEqual({
      line: 2,
      copy: "b",
      shared: "B",
    });
    expect(firstDifference(Buffer.from("a\n"), Buffer.from("a\nmore"))).toEqual({
      line: 2,
      copy: "",
      shared: "more",
    });
    expect(firstDifference(Buffer.from("a\r\n"), Buffer.from("a\n"))).toMatchObject({ line: 1 });
  });

  it("reports drift with exit code 1 and a missing digest with 2", () => {
    const dir = scratch();
    const copy = write(dir, "copy.md", "| RET-CRM | 90 days |\n");
    expect(checkDigestCopy({ copy, shared: write(dir, "same.md", "| RET-CRM | 90 days |\n") }).code).toBe(0);
    const drift = checkDigestCopy({ copy, shared: write(dir, "new.md", "| RET-CRM | 60 days |\n") });
    expect(drift.code).toBe(1);
    expect(drift.message).toContain(
      'at line 1:\n  copy:   "| RET-CRM | 90 days |"\n  shared: "| RET-CRM | 60 days |"',
    );
    expect(checkDigestCopy({ copy, shared: undefined }).code).toBe(2);
    expect(checkDigestCopy({ copy, shared: join(dir, "absent.md") }).code).toBe(2);
  });

  it("finds the shared digest beside the repository or beside its parent", () => {
    const top = scratch();
    const root = join(top, "wt", "repo");
    mkdirSync(root, { recursive: true });
    expect(findSharedDigest(root, {})).toBeUndefined();
    mkdirSync(join(top, "shared"));
    const far = write(join(top, "shared"), "GUARANTEES.md", "x");
    expect(findSharedDigest(root, {})).toBe(far);
    mkdirSync(join(top, "wt", "shared"));
    const near = write(join(top, "wt", "shared"), "GUARANTEES.md", "x");
    expect(findSharedDigest(root, {})).toBe(near);
    const elsewhere = scratch();
    const named = write(elsewhere, "GUARANTEES.md", "x");
    expect(findSharedDigest(root, { CRMFACTORY_SHARED_DIR: elsewhere })).toBe(named);
  });

  it("runs as a command: exit 0 for the package's own copy, 1 on drift, 2 on bad arguments", () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });
    const dir = scratch();
    const same = run(copyPath);
    expect(same.status, same.stderr).toBe(0);
    const drifted = run(write(dir, "GUARANTEES.md", "something else\n"));
    expect(drifted.status).toBe(1);
    expect(drifted.stderr).toMatch(/differs from .* at line 1/);
    expect(run("--force").status).toBe(2);
  });
});
