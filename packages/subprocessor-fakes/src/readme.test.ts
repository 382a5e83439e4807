import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

// The README's TypeScript is code: every ```ts block type-checks against the package's sources, as a
// module of its own, and then runs (its `assert`s included), so a stale snippet turns this file red.

const packageDir = new URL("..", import.meta.url).pathname;
const readme = readFileSync(join(packageDir, "README.md"), "utf8");
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? "");
const packageName = "@crmfactory/subprocessor-fakes";

/** The type errors of the blocks, each as `block N, line L: message`. */
function typeErrors(): string[] {
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
  // Beside the sources, so that the package's own name resolves to them through its `exports`.
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
  return [...files.keys()].flatMap((file) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => {
      const where = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const block = Number(/readme-block-(\d+)/.exec(diagnostic.file?.fileName ?? "")?.[1]);
      return `block ${block + 1}, line ${(where?.line ?? 0) + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
    }),
  );
}

describe("the README", () => {
  const workDir = mkdtempSync(join(tmpdir(), "subprocessor-fakes-readme-"));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("has TypeScript blocks that import the package by its name", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks) expect(block).toContain(`from "${packageName}"`);
  });

  it("has blocks that type-check against the package", () => {
    expect(typeErrors()).toEqual([]);
  }, 60_000);

  it.each(blocks.map((block, index) => [index + 1, block] as const))(
    "runs block %i",
    async (index, block) => {
      // A copy outside the package imports the sources by path, as the name resolves to them in the package.
      const file = join(workDir, `readme-block-${index}.ts`);
      writeFileSync(
        file,
        block.replaceAll(
          `from "${packageName}"`,
          `from ${JSON.stringify(join(packageDir, "src", "index.ts"))}`,
        ),
      );
      await import(file);
    },
  );
});
