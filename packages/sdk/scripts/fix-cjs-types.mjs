#!/usr/bin/env node
// Runs after tsup. The declarations import the contract's types from @crmfactory/api, an ESM-only
// package. From the CommonJS declarations (index.d.cts) that import would be a `require` of an ES
// module (TS1479 for consumers that check libraries), so it is rewritten to a type-only import with
// `resolution-mode: "import"` (TypeScript 5.3+), which resolves the same types from CommonJS.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../dist/index.d.cts", import.meta.url);
const source = readFileSync(file, "utf8");
const pattern = /^import (?:type )?\{([^}]*)\} from '@crmfactory\/api';$/m;
if (!pattern.test(source)) {
  console.error(
    "fix-cjs-types: no import from @crmfactory/api found in dist/index.d.cts; has the build changed?",
  );
  process.exit(1);
}
writeFileSync(
  file,
  source.replace(
    pattern,
    (_line, names) => `import type {${names}} from '@crmfactory/api' with { 'resolution-mode': 'import' };`,
  ),
);
console.log("fix-cjs-types: dist/index.d.cts imports @crmfactory/api types with resolution-mode import");
