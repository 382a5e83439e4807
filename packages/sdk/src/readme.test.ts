import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blockTypeErrors, readmeBlocks } from "../../../readme-blocks.js";

// The README's TypeScript is code: every ```ts block type-checks against the SDK's sources, as a
// module of its own, and the MSW recipe is byte for byte the test file that runs it.

const packageDir = new URL("..", import.meta.url).pathname;
const readme = readFileSync(join(packageDir, "README.md"), "utf8");
const blocks = readmeBlocks(packageDir);

describe("the README", () => {
  it("shows the MSW recipe exactly as src/msw-recipe.test.ts runs it", () => {
    const recipe =
      /<!-- msw-recipe: src\/msw-recipe\.test\.ts -->\n```ts\n([\s\S]*?)^```\n<!-- \/msw-recipe -->/m.exec(
        readme,
      );
    expect(recipe, "the recipe's markers").not.toBeNull();
    expect(recipe?.[1]).toBe(readFileSync(join(packageDir, "src", "msw-recipe.test.ts"), "utf8"));
  });

  it("has TypeScript blocks, each of which type-checks", () => {
    expect(blocks.length).toBeGreaterThan(8);
    expect(blockTypeErrors(packageDir, blocks)).toEqual([]);
  }, 60_000);
});
