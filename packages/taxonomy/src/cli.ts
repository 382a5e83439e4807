#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { runCli } from "./run-cli.js";

const result = runCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, "utf8"),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
