#!/usr/bin/env node
// Rewrites the operation tables of README.md from the built contract (`pnpm --filter @crmfactory/api readme`).
import { readFileSync, writeFileSync } from "node:fs";
import { renderOperationTables, tablesEnd, tablesStart } from "../dist/operation-tables.js";

const file = new URL("../README.md", import.meta.url);
const readme = readFileSync(file, "utf8");
const start = readme.indexOf(tablesStart);
const end = readme.indexOf(tablesEnd);
if (start < 0 || end < 0) throw new Error("README.md has no operation-table markers");
writeFileSync(file, readme.slice(0, start) + renderOperationTables() + readme.slice(end + tablesEnd.length));
console.log("README.md: operation tables rewritten");
