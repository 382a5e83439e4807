import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "./version.js";

// The main entry runs in browsers and edge runtimes: only `fetch` and Web Crypto, no Node built-ins,
// no Node globals, and nothing from @crmfactory/api (its runtime schemas stay out, and the published
// package does not depend on it).
const sourceDir = new URL(".", import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test(-d|-support)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe("the main entry's sources", () => {
  const files = sourceFiles(sourceDir);

  it("exist", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((file) => [file.slice(sourceDir.length), file]))(
    "%s uses no Node-only API",
    (_name, file) => {
      // Comments aside: the contract's descriptions, in the generated types, may say "process".
      const source = readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
      expect(source).not.toMatch(/from\s+["']node:/);
      expect(source).not.toMatch(/\brequire\(/);
      expect(source).not.toMatch(/\b(process|Buffer|__dirname)\b/);
    },
  );

  it.each(files.map((file) => [file.slice(sourceDir.length), file]))(
    "%s imports nothing from @crmfactory/api (its types are generated into the SDK)",
    (_name, file) => {
      const source = readFileSync(file, "utf8");
      expect(source).not.toMatch(/(from|import)\s*\(?\s*["']@crmfactory\/api/);
    },
  );
});

describe("VERSION", () => {
  it("matches package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});
