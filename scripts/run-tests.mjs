#!/usr/bin/env node
// Runs the whole Vitest workspace once and ends with the plain line CI reads: "N passed, N failed".
// The counts come from Vitest's JSON reporter, never from parsing its human summary.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";

const resultsFile = resolve(".vitest-results.json");
rmSync(resultsFile, { force: true });

// Run through the package manager's script, so node_modules/.bin (and vitest) is on PATH.
const vitest = spawnSync(
  "vitest",
  [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${resultsFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);

if (!existsSync(resultsFile)) {
  console.error("vitest wrote no results: the run could not be made");
  console.log("0 passed, 1 failed");
  process.exit(vitest.status || 1);
}

const results = JSON.parse(readFileSync(resultsFile, "utf8"));
const passed = results.numPassedTests;
const failed = results.numFailedTests + (results.numFailedTestSuites ?? 0);
const skipped = results.numPendingTests + results.numTodoTests;
const ranNothing = results.numTotalTests === 0;
if (ranNothing) console.error("vitest ran no test");
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || ranNothing || vitest.status !== 0 ? 1 : 0);
