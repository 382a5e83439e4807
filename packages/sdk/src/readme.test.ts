import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The README's TypeScript is code: every ```ts block type-checks against the SDK's sources, as a
// module of its own, and the MSW recipe is byte for byte the test file that runs it.

const packageDir = new URL("..", import.meta.url).pathname;
const readme = readFileSync(join(packageDir, "README.md"), "utf8");
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? "");

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
    const config = ts.getParsedCommandLineOfConfigFile(
      join(packageDir, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
        },
      },
    );
    if (!config) throw new Error("no tsconfig.json");
    const files = new Map(
      blocks.map((block, index) => [join(packageDir, "src", `readme-block-${index}.ts`), block]),
    );
    const host = ts.createCompilerHost(config.options);
    const { fileExists, readFile, getSourceFile } = host;
    host.fileExists = (file) => files.has(file) || fileExists.call(host, file);
    host.readFile = (file) => files.get(file) ?? readFile.call(host, file);
    host.getSourceFile = (file, language, ...rest) => {
      const text = files.get(file);
      return text === undefined
        ? getSourceFile.call(host, file, language, ...rest)
        : ts.createSourceFile(file, text, language, true);
    };
    const program = ts.createProgram([...files.keys()], { ...config.options, noEmit: true }, host);
    const problems = [...files.keys()].flatMap((file) =>
      ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => {
        const where = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        const block = Number(/readme-block-(\d+)/.exec(diagnostic.file?.fileName ?? "")?.[1]);
        return `block ${block + 1}, line ${(where?.line ?? 0) + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
      }),
    );
    expect(problems).toEqual([]);
  }, 60_000);
});
