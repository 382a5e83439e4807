import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinySaasPolicy } from "./testing/tiny-saas-policy.js";

// The bin as users run it: compiled from these sources with tsc (never a stale dist/), then spawned.
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
let outDir = "";

beforeAll(() => {
  // Inside the package's node_modules, so the compiled files resolve zod as the package does.
  outDir = mkdtempSync(join(packageDir, "node_modules", ".cli-test-"));
  const build = spawnSync(
    process.execPath,
    [
      tsc,
      "-p",
      "tsconfig.build.json",
      "--outDir",
      outDir,
      "--declaration",
      "false",
      "--declarationMap",
      "false",
      "--sourceMap",
      "false",
    ],
    { cwd: packageDir, encoding: "utf8" },
  );
  if (build.status !== 0) throw new Error(`tsc failed:\n${build.stdout}${build.stderr}`);
  writeFileSync(join(outDir, "package.json"), '{ "type": "module" }\n');
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(outDir, "cli.js"), ...args], {
    encoding: "utf8",
    env: { ...process.env, COLUMNS: "" },
  });

describe("the crmfactory-policy bin", () => {
  it("renders a policy file and exits 0", () => {
    const file = join(outDir, "tiny.json");
    writeFileSync(file, JSON.stringify(tinySaasPolicy()));
    const result = cli("--policy", file, "schedule");
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toMatch(/^Retention schedule — Tiny SaaS Privacy Notice/);
    expect(Math.max(...result.stdout.split("\n").map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it("exits 2 with a readable message on an unknown flag or a bad file, and prints no stack trace", () => {
    const flag = cli("--bogus");
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/^crmfactory-policy: unknown option "--bogus"\n\nUsage: crmfactory-policy/);
    const file = join(outDir, "bad.json");
    writeFileSync(file, JSON.stringify({ ...tinySaasPolicy(), roles: {} }));
    const bad = cli("--policy", file);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('notices.breach.to.0: unknown role "staff"');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(bad.stdout).toBe("");
  });
});
