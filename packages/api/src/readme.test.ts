import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { operationPermissions } from "./index.js";
import { renderOperationTables, tablesEnd, tablesStart } from "./operation-tables.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("holds the operation tables of the contract as it is (run `pnpm --filter @crmfactory/api readme`)", () => {
    const block = readme.slice(readme.indexOf(tablesStart), readme.indexOf(tablesEnd) + tablesEnd.length);
    expect(block).toBe(renderOperationTables());
  });

  it("names every operation once in its tables", () => {
    const tables = renderOperationTables();
    for (const id of Object.keys(operationPermissions)) {
      expect(tables.split(`| \`${id}\` |`).length - 1, id).toBe(1);
    }
  });
});
