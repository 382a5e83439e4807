#!/usr/bin/env node
// Checks the built package the way a consumer meets it:
//   1. publint: package.json fields, exports and files agree with what is built;
//   2. attw (Are the Types Wrong?) on the packed tarball: ESM and CJS both resolve, with types, under
//      node10, node16 (from ESM and from CJS) and bundler resolution;
//   3. no `any` in the published declarations (comments aside): the public surface is fully typed;
//   4. TypeScript consumers compile against the built package, from CommonJS and from ESM (node16
//      resolution, library checking on), and get the contract's types, not `any`.
// Run after `pnpm build`. Exits 1 on the first failing check.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const packageDir = new URL("..", import.meta.url).pathname;

function run(command, args, cwd = packageDir) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`${command} failed`);
    process.exit(1);
  }
}

run("pnpm", ["exec", "publint", "--strict"]);
run("pnpm", ["exec", "attw", "--pack", "."]);

let anyCount = 0;
for (const file of ["dist/index.d.ts", "dist/index.d.cts"]) {
  const source = readFileSync(new URL(`../${file}`, import.meta.url), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "");
  for (const [index, line] of source.split("\n").entries()) {
    if (/(?<![\w$.'"`-])any(?![\w$'"`-])/.test(line)) {
      anyCount++;
      console.error(`${file}:${index + 1}: \`any\` in the public surface: ${line.trim()}`);
    }
  }
}
if (anyCount > 0) process.exit(1);
console.log("declarations: no `any`");

// A throwaway consumer project linking the built package and its dependencies.
const consumer = mkdtempSync(join(tmpdir(), "crmfactory-sdk-consumer-"));
try {
  const packageRequire = createRequire(join(packageDir, "package.json"));
  const link = (name, target) => {
    mkdirSync(dirname(join(consumer, "node_modules", name)), { recursive: true });
    symlinkSync(target, join(consumer, "node_modules", name), "dir");
  };
  link("@crmfactory/sdk", packageDir);
  for (const name of ["@crmfactory/api", "openapi-fetch"]) {
    link(name, dirname(packageRequire.resolve(`${name}/package.json`)));
  }
  const usage = (importLine) => `${importLine}
const client = createPrivacyClient({ baseUrl: "https://privacy.example.com/v1", apiKey: "token" });
export async function status(): Promise<string> {
  const request = await client.rightsRequests.get("id");
  // @ts-expect-error the contract's status is a string union, so the types did resolve
  const wrong: number = request.status;
  return request.status + String(wrong);
}
`;
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  writeFileSync(
    join(consumer, "from-cjs.cts"),
    usage('import { createPrivacyClient } from "@crmfactory/sdk";'),
  );
  writeFileSync(
    join(consumer, "from-esm.mts"),
    usage('import { createPrivacyClient } from "@crmfactory/sdk";'),
  );
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "node16",
        moduleResolution: "node16",
        target: "es2022",
        lib: ["es2022", "dom"],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ["from-cjs.cts", "from-esm.mts"],
    }),
  );
  run(packageRequire.resolve("typescript/bin/tsc"), ["-p", "."], consumer);
  console.log("TypeScript consumers (CommonJS and ESM, node16): types resolve");
} finally {
  rmSync(consumer, { recursive: true, force: true });
}
