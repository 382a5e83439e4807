#!/usr/bin/env node
// Measures what a browser or edge bundle pays for the SDK: dist/index.js bundled with every
// dependency (openapi-fetch included), minified, then gzipped. Fails over the budget.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const BUDGET = 10 * 1024;
const entry = new URL("../dist/index.js", import.meta.url).pathname;

const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  write: false,
  logLevel: "error",
});
const code = result.outputFiles[0]?.contents;
if (!code) throw new Error("esbuild produced no output");
const gzipped = gzipSync(code, { level: 9 }).length;
console.log(`sdk main entry: ${gzipped} bytes min+gzip (budget ${BUDGET})`);
console.log(`(${code.length} bytes minified before gzip)`);
if (gzipped > BUDGET) {
  console.error(`over budget by ${gzipped - BUDGET} bytes`);
  process.exit(1);
}
