import { defineConfig } from "tsup";

// The main entry runs anywhere `fetch` and Web Crypto exist (Node 20+, browsers, edge runtimes),
// so it is built for the neutral platform and ships ESM and CJS with matching declarations.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  clean: true,
  treeshake: true,
});
