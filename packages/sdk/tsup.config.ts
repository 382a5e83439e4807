import { defineConfig } from "tsup";

// The entries run anywhere `fetch` and Web Crypto exist (Node 20+, browsers, edge runtimes), so they
// are built for the neutral platform and ship ESM and CJS with matching declarations. The contract's
// types are generated into src/generated/openapi.ts and bundled into the declarations, so the
// published package needs only openapi-fetch: @crmfactory/api is a build-time dependency.
// `@crmfactory/sdk/callbacks` and `@crmfactory/sdk/audit` import what they share with the client
// (PrivacyError, the header names, the contract's types) from the main entry by the package's own
// name, so there is one PrivacyError class per module format and `instanceof` holds across entries.
export default defineConfig({
  entry: { index: "src/index.ts", callbacks: "src/callbacks.ts", audit: "src/audit.ts" },
  format: ["esm", "cjs"],
  dts: true,
  external: ["@crmfactory/sdk"],
  splitting: false,
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  clean: true,
  treeshake: true,
});
