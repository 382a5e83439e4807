import { defineProject } from "vitest/config";

// Workspace packages resolve to their TypeScript sources in tests, so a test never runs stale builds.
export function packageProject(name: string) {
  return defineProject({
    resolve: { conditions: ["@crmfactory/source"] },
    ssr: { resolve: { conditions: ["@crmfactory/source"] } },
    test: {
      name,
      include: ["src/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
      typecheck: { enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"] },
    },
  });
}
