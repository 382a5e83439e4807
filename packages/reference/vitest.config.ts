import { defineProject, mergeConfig } from "vitest/config";
import { packageProject } from "../../vitest.shared.js";

// Each test file boots a reference on a PGlite restored from one snapshot (made once by the global
// setup) and, when DATABASE_URL is set, on the PostgreSQL server: two files at a time at most, since a
// PGlite holds ~750 MB.
export default mergeConfig(
  packageProject("reference"),
  defineProject({
    test: {
      globalSetup: ["./src/test-support/global-setup.ts"],
      maxWorkers: 2,
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }),
);
