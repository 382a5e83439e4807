import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

// A package's README holds TypeScript a reader copies: its tests read the ```ts blocks with
// `readmeBlocks` and hold them to the package's sources with `blockTypeErrors`.

/** The ```ts blocks of a package's README.md, in order. */
export function readmeBlocks(packageDir: string): string[] {
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? "");
}

/**
 * The type errors of the blocks, each type-checked as a module of its own under the package's
 * tsconfig.json, as if it sat in `src/` (so the package's own name resolves to its sources through its
 * `exports`); each error reads `block N, line L: message`.
 */
export function blockTypeErrors(packageDir: string, blocks: readonly string[]): string[] {
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
  if (!config) throw new Error(`no tsconfig.json in ${packageDir}`);
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
