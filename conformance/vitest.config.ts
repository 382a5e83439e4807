import { defineProject, mergeConfig } from "vitest/config";
import { packageProject } from "../vitest.shared.js";

// Property runs boot the reference (a PGlite each): one file at a time, after the lighter projects.
export default mergeConfig(
  packageProject("conformance"),
  defineProject({
    test: { maxWorkers: 1, sequence: { groupOrder: 2 }, testTimeout: 300_000, hookTimeout: 120_000 },
  }),
);
