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
      // A project with its own maxWorkers runs in its own group: after the others, so its PGlites never
      // share the machine with the rest of the workspace's tests.
      sequence: { groupOrder: 1 },
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }),
);
