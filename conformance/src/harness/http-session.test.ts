import { once } from "node:events";
import { readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { crmFactoryPolicy } from "@crmfactory/taxonomy";
import { afterEach, describe, expect, it } from "vitest";
import { startHttpSession } from "./http-session.js";
import type { SuiteSession } from "./suite-session.js";
import { SpawnedTargetError, TargetUnreachableError } from "./target-errors.js";

const referenceBin = fileURLToPath(new URL("../../../packages/reference/dist/bin/start.js", import.meta.url));
const envEcho = fileURLToPath(new URL("../test-support/env-echo-target.mjs", import.meta.url));

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Running, as opposed to gone or a zombie waiting for a reaper (the container's init may not reap). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

let session: SuiteSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const operatorToken = `crmf_conformance_${crypto.randomUUID().replaceAll("-", "")}`;

describe("startHttpSession with --spawn", () => {
  it("drives the reference served over HTTP; its vendor calls reach the loopback fakes", async () => {
    const port = await freePort();
    // No --port: the reference reads PORT, which the session sets from the target URL.
    session = await startHttpSession({
      targetUrl: `http://127.0.0.1:${port}/v1`,
      operatorToken,
      spawn: `"${process.execPath}" "${referenceBin}" --test-mode`,
      policy: crmFactoryPolicy,
      callTimeoutMs: 20_000,
    });
    expect(session.target.kind).toBe("http");
    expect(session.target.probe).toBeUndefined();

    const operator = session.target.operator();
    const clock = await operator.testClocks.create({
      frozenTime: "2026-04-01T00:00:00.000Z",
      name: "http session",
    });
    const signUp = await session.target.client(null).tenant.create({
      companyName: "Loopback Ltd",
      owner: { name: "Ada Lovelace", email: `ada.${port}@conformance.example`, birthDate: "1990-12-10" },
      testClockId: clock.id,
    });
    const owner = session.target.client(signUp.session.token);

    const instanceUrl = `https://loopback${port}.my.salesforce.com`;
    session.fakes.integrations.salesforce.seed({
      instanceUrl,
      clientId: "cid",
      clientSecret: "client-secret",
      accounts: [],
      contacts: [{ FirstName: "Grace", LastName: "Hopper", Email: "grace@navy.example" }],
      leads: [],
    });
    const baseUrl = session.target.vendorUrl(instanceUrl);
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/loopback\d+\.my\.salesforce\.com$/);
    const integration = await owner.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl, clientId: "cid", clientSecret: "client-secret" },
    });
    await owner.integrations.sync(integration.id);

    const ready = await operator.testClocks.advanceAndWait(
      clock.id,
      { frozenTime: "2026-04-02T00:00:00.000Z" },
      { waitTimeoutMs: 60_000, pollIntervalMs: 50 },
    );
    expect(ready.frozenTime).toBe("2026-04-02T00:00:00.000Z");

    const atSalesforce = session.fakes.requests({ vendor: "salesforce" });
    expect(atSalesforce.map((r) => `${r.method} ${r.endpoint} ${r.via} ${r.status}`)).toEqual(
      expect.arrayContaining(["POST oauth.token loopback 200", "GET query loopback 200"]),
    );
    expect(session.fakes.integrations.servedSince(instanceUrl, new Date(0)).length).toBeGreaterThan(0);
    expect(session.outbound()).toEqual({
      recorded: session.fakes.requests().length,
      unrecorded: [],
      seesAllTraffic: false,
    });
    // The calls of the run are logged relative to the base URL, with their answers.
    expect(session.calls.calls.map((c) => `${c.method} ${c.path.split("?")[0]} ${c.status}`)).toEqual(
      expect.arrayContaining(["POST /test-clocks 201", "POST /tenants 201", "POST /integrations 201"]),
    );
  });

  it("gives the spawned command the fakes' environment, and stops its process group on close", async () => {
    const port = await freePort();
    const targetUrl = `http://127.0.0.1:${port}/v1`;
    session = await startHttpSession({
      targetUrl,
      operatorToken,
      spawn: `"${process.execPath}" "${envEcho}"`,
      policy: crmFactoryPolicy,
    });
    const env = (await (await fetch(`${targetUrl}/meta`)).json()) as Record<string, string>;
    const fakesUrl = env.CONFORMANCE_FAKES_URL as string;
    expect(fakesUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env).toEqual({
      STRIPE_API_BASE_URL: fakesUrl,
      TWILIO_API_BASE_URL: `${fakesUrl}/api.twilio.com`,
      RESEND_BASE_URL: `${fakesUrl}/api.resend.com`,
      VERCEL_BLOB_API_URL: `${fakesUrl}/vercel.com/api/blob`,
      CRMFACTORY_OPERATOR_TOKEN: operatorToken,
      PORT: String(port),
      CONFORMANCE_TARGET_URL: targetUrl,
      CONFORMANCE_FAKES_URL: fakesUrl,
    });
    // The loopback server really is the fakes.
    const customers = await fetch(`${env.STRIPE_API_BASE_URL}/v1/customers`, {
      headers: { authorization: "Bearer sk_test_envEcho" },
    });
    expect(customers.status).toBe(200);
    expect(session.fakes.requests({ vendor: "stripe" })).toHaveLength(1);

    await session.close();
    session = undefined;
    await expect(fetch(`${targetUrl}/meta`)).rejects.toThrow();
    await expect(fetch(`${fakesUrl}/v1/customers`)).rejects.toThrow();
  });

  it("names the exit and the child's last stderr lines when the command ends before answering", async () => {
    const port = await freePort();
    const error = await startHttpSession({
      targetUrl: `http://127.0.0.1:${port}/v1`,
      operatorToken,
      spawn: `"${process.execPath}" -e "console.error('starting'); console.error('boom: no database configured'); process.exit(3)"`,
      policy: crmFactoryPolicy,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpawnedTargetError);
    expect(error).toBeInstanceOf(TargetUnreachableError);
    const spawned = error as SpawnedTargetError;
    expect(spawned.message).toContain("exited with code 3");
    expect(spawned.message).toContain("boom: no database configured");
    expect(spawned.stderrTail).toEqual(["starting", "boom: no database configured"]);
    expect(spawned.exit).toEqual({ code: 3, signal: null });
  });

  it("gives up on a command that never answers, and kills it", async () => {
    const port = await freePort();
    const pidFile = `${process.env.TMPDIR ?? "/tmp"}/conformance-spawn-${port}.pid`;
    const error = await startHttpSession({
      targetUrl: `http://127.0.0.1:${port}/v1`,
      operatorToken,
      spawn: `"${process.execPath}" -e "require('fs').writeFileSync('${pidFile}', String(process.pid)); console.error('listening nowhere'); setInterval(() => {}, 1000)"`,
      policy: crmFactoryPolicy,
      startTimeoutMs: 1_500,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpawnedTargetError);
    expect((error as Error).message).toMatch(
      /did not answer http:\/\/127\.0\.0\.1:\d+\/v1\/meta within 1500 ms/,
    );
    expect((error as Error).message).toContain("listening nowhere");
    const pid = Number(readFileSync(pidFile, "utf8"));
    rmSync(pidFile);
    expect(alive(pid)).toBe(false);
  });
});

describe("startHttpSession without --spawn", () => {
  it("fails with TargetUnreachableError when nothing listens", async () => {
    const port = await freePort();
    const error = await startHttpSession({
      targetUrl: `http://127.0.0.1:${port}/v1`,
      operatorToken,
      policy: crmFactoryPolicy,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TargetUnreachableError);
    expect(error).not.toBeInstanceOf(SpawnedTargetError);
    expect((error as Error).message).toBe(`GET http://127.0.0.1:${port}/v1/meta failed: ECONNREFUSED`);
  });

  it("refuses a URL that answers but is not the API's base URL", async () => {
    const port = await freePort();
    const targetUrl = `http://127.0.0.1:${port}/v1`;
    const other = await startHttpSession({
      targetUrl,
      operatorToken,
      spawn: `"${process.execPath}" "${envEcho}"`,
      policy: crmFactoryPolicy,
    });
    try {
      const error = await startHttpSession({
        targetUrl: `http://127.0.0.1:${port}/api`,
        operatorToken,
        policy: crmFactoryPolicy,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TargetUnreachableError);
      expect((error as Error).message).toContain("answered HTTP 404");
    } finally {
      await other.close();
    }
  });
});
