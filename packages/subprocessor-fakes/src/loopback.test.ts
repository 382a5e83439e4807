import { request } from "node:http";
import { crmFactoryPolicy } from "@crmfactory/taxonomy";
import { Resend } from "resend";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { createSubprocessorFakes } from "./create-fakes.js";
import { startLoopbackServer } from "./loopback.js";
import { vendorIds, vendorProfile } from "./vendor-profile.js";

const fakes = createSubprocessorFakes();

/** A request with a Host header of our choice (fetch would not let us set it). */
function withHost(port: number, host: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host, ...headers } }, (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the loopback server", async () => {
  const server = await startLoopbackServer(fakes);
  const { afterAll, afterEach } = await import("vitest");
  afterEach(() => fakes.reset());
  afterAll(() => server.close());

  it("gives the taxonomy profiles' variables, each pointing at the loopback URL of its default base URL", () => {
    const env = server.env();
    const profiles = vendorIds.map((vendor) => vendorProfile(vendor));
    expect(Object.keys(env).sort()).toEqual(profiles.flatMap((profile) => profile.baseUrlEnv ?? []).sort());
    for (const { baseUrlEnv, defaultBaseUrl } of profiles)
      if (baseUrlEnv && defaultBaseUrl) expect(env[baseUrlEnv]).toBe(server.urlFor(defaultBaseUrl));
    // The variables and URLs AGREEMENTS.md fixes.
    expect(env).toEqual({
      STRIPE_API_BASE_URL: server.url,
      TWILIO_API_BASE_URL: `${server.url}/api.twilio.com`,
      RESEND_BASE_URL: `${server.url}/api.resend.com`,
      VERCEL_BLOB_API_URL: `${server.url}/vercel.com/api/blob`,
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("routes by a vendor Host header with the vendor's own path", async () => {
    const answer = await withHost(server.port, "api.resend.com", "/emails/not-a-uuid", {
      authorization: "Bearer re_hostHeaderKey",
    });
    expect(answer.status).toBe(422);
    expect(fakes.requests()).toEqual([
      expect.objectContaining({ host: "api.resend.com", path: "/emails/not-a-uuid", via: "loopback" }),
    ]);
  });

  it("serves Stripe at the root and under its host prefix alike", async () => {
    const headers = { authorization: "Bearer sk_test_loopbackKey" };
    expect((await fetch(`${server.url}/v1/customers`, { headers })).status).toBe(200);
    expect((await fetch(`${server.url}/api.stripe.com/v1/customers`, { headers })).status).toBe(200);
    const viaSdk = new Stripe("sk_test_loopbackKey", {
      host: "127.0.0.1",
      port: server.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    expect((await viaSdk.customers.list()).data).toEqual([]);
  });

  it("answers a path no vendor owns with a routing error, recorded as an unknown host", async () => {
    const response = await fetch(`${server.url}/nowhere/at/all`);
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatch(/prefix the path with a vendor host/);
    expect(fakes.requests()).toEqual([expect.objectContaining({ vendor: null, outcome: "unknown-host" })]);
  });

  it("is what RESEND_BASE_URL points resend-node at, read from the environment", async () => {
    const { RESEND_BASE_URL } = server.env();
    if (!RESEND_BASE_URL) throw new Error("the profiles name no RESEND_BASE_URL");
    process.env.RESEND_BASE_URL = RESEND_BASE_URL;
    try {
      const { error } = await new Resend("re_envKey").emails.send({
        from: "a@crmfactory.example",
        to: "b@example.com",
        subject: "s",
        text: "t",
      });
      expect(error).toBeNull();
    } finally {
      delete process.env.RESEND_BASE_URL;
    }
    expect(fakes.resend.emailsTo("b@example.com")).toHaveLength(1);
  });
});

it("names the variables of the policy passed in", async () => {
  const policy = structuredClone(crmFactoryPolicy);
  Object.assign(policy.subprocessors.twilio?.vendor ?? {}, { baseUrlEnv: "MESSAGING_BASE_URL" });
  const local = await startLoopbackServer(createSubprocessorFakes({ policy }));
  try {
    expect(local.env()).toMatchObject({ MESSAGING_BASE_URL: `${local.url}/api.twilio.com` });
    expect(local.env()).not.toHaveProperty("TWILIO_API_BASE_URL");
  } finally {
    await local.close();
  }
});
