import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { blockTypeErrors, readmeBlocks } from "../../../readme-blocks.js";

// The README's TypeScript is code: every ```ts block type-checks against the package's sources, as a
// module of its own, and then runs (its `assert`s included), so a stale snippet turns this file red.

const packageDir = new URL("..", import.meta.url).pathname;
const blocks = readmeBlocks(packageDir);
const packageName = "@crmfactory/subprocessor-fakes";

describe("the README", () => {
  const workDir = mkdtempSync(join(tmpdir(), "subprocessor-fakes-readme-"));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("has TypeScript blocks that import the package by its name", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks) expect(block).toContain(`from "${packageName}"`);
  });

  it("has blocks that type-check against the package", () => {
    expect(blockTypeErrors(packageDir, blocks)).toEqual([]);
  }, 60_000);

  it.each(blocks.map((block, index) => [index + 1, block] as const))(
    "runs block %i",
    async (index, block) => {
      // A copy outside the package imports the sources by path, as the name resolves to them in the package.
      const file = join(workDir, `readme-block-${index}.ts`);
      const source = join(packageDir, "src", "index.ts");
      writeFileSync(file, block.replaceAll(`from "${packageName}"`, `from ${JSON.stringify(source)}`));
      await import(file);
    },
  );
});
