#!/usr/bin/env node
// Measures what a browser or edge bundle pays for each entry of the SDK: the built entry bundled with
// every dependency (openapi-fetch included, and for `/callbacks` and `/audit` what they take from the
// main entry), minified, then gzipped. Fails over a budget.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const entries = [
  { name: "@crmfactory/sdk", file: "../dist/index.js", budget: 10 * 1024 },
  { name: "@crmfactory/sdk/callbacks", file: "../dist/callbacks.js", budget: 6 * 1024 },
  { name: "@crmfactory/sdk/audit", file: "../dist/audit.js", budget: 6 * 1024 },
];

let over = 0;
for (const { name, file, budget } of entries) {
  const result = await build({
    entryPoints: [new URL(file, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    logLevel: "error",
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error(`esbuild produced no output for ${name}`);
  const gzipped = gzipSync(code, { level: 9 }).length;
  console.log(`${name}: ${gzipped} bytes min+gzip (budget ${budget}), ${code.length} bytes minified`);
  if (gzipped > budget) {
    console.error(`  over budget by ${gzipped - budget} bytes`);
    over++;
  }
}
if (over > 0) process.exit(1);
