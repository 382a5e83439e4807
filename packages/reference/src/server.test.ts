import { createPrivacyClient } from "@crmfactory/sdk";
import { describe, expect, it } from "vitest";
import { createLogger } from "./platform/logger.js";
import { parseStartArguments, startServer } from "./server.js";
import { testDatabase } from "./test-support/boot.js";

describe("the HTTP server", () => {
  it("answers the SDK over HTTP and stops taking requests when stopped", async () => {
    const server = await startServer({
      port: 0,
      reference: {
        database: await testDatabase("pglite"),
        logger: createLogger({ level: "silent" }),
        pollIntervalMs: 0,
      },
    });
    const client = createPrivacyClient({ baseUrl: server.url, apiKey: null, retries: false });
    expect((await client.meta.get()).contractVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const signUp = await client.tenant.create({
      companyName: "Over HTTP",
      owner: { name: "Hal", email: "hal@http.example", birthDate: "1970-01-01" },
    });
    const owner = createPrivacyClient({ baseUrl: server.url, apiKey: signUp.session.token, retries: false });
    expect((await owner.tenant.get()).companyName).toBe("Over HTTP");
    await server.stop();
    await expect(fetch(`${server.url}/meta`)).rejects.toThrow();
  });
});

describe("the command line", () => {
  it("reads flags before the environment, production unless --test-mode", () => {
    expect(parseStartArguments([], {})).toEqual({ port: 8787, mode: "production" });
    expect(parseStartArguments(["--", "--test-mode"], {})).toEqual({ port: 8787, mode: "test" });
    expect(
      parseStartArguments(["--port", "9000", "--test-mode", "--data-dir=/tmp/x"], {
        PORT: "1",
        CRMFACTORY_OPERATOR_TOKEN: "t",
      }),
    ).toEqual({ port: 9000, mode: "test", dataDir: "/tmp/x", operatorToken: "t" });
    expect(parseStartArguments([], { DATABASE_URL: "postgres://x/y", PORT: "1234" })).toEqual({
      port: 1234,
      mode: "production",
      databaseUrl: "postgres://x/y",
    });
  });

  it("refuses what it cannot read with a readable message", () => {
    expect(() => parseStartArguments(["--port", "http"], {})).toThrow("not a port: http");
    expect(() => parseStartArguments(["--verbose"], {})).toThrow("unknown option --verbose");
    expect(() => parseStartArguments(["--port"], {})).toThrow("--port needs a value");
    expect(() => parseStartArguments(["--data-dir", "d"], { DATABASE_URL: "postgres://x" })).toThrow(
      /not both/,
    );
  });
});
