import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  crmFactoryPolicy,
  crmFactoryPolicySource,
  definePolicy,
  endpointRoute,
  isHostAllowed,
  type PolicyInput,
  type VendorEndpoint,
  type VendorProfile,
} from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import type { Route, VendorId } from "./core/vendor.js";
import { createSubprocessorFakes } from "./create-fakes.js";
import { subprocessorOf, vendorIds, vendorProfile } from "./vendor-profile.js";

const fakes = createSubprocessorFakes();
// Integration sources are reached at a connection's instance URL (the profile's instanceUrlField).
const instanceUrl: Partial<Record<VendorId, string>> = {
  salesforce: fakes.integrations.salesforce.seed({
    instanceUrl: "https://profile.my.salesforce.com",
    clientId: "c",
    clientSecret: "s",
  }).instanceUrl,
  sap: fakes.integrations.sap.seed({
    instanceUrl: "https://profile.s4hana.ondemand.com",
    username: "u",
    password: "p",
  }).instanceUrl,
  netsuite: fakes.integrations.netsuite.seed({
    instanceUrl: "https://1234567.suitetalk.api.netsuite.com",
    clientId: "c",
    clientSecret: "s",
    refreshToken: "r",
  }).instanceUrl,
};
const routesOf: Record<VendorId, readonly Route[]> = {
  stripe: fakes.stripe.routes,
  twilio: fakes.twilio.routes,
  resend: fakes.resend.routes,
  blob: fakes.blob.routes,
  salesforce: fakes.integrations.salesforce.routes,
  sap: fakes.integrations.sap.routes,
  netsuite: fakes.integrations.netsuite.routes,
};
const sourceDir: Record<VendorId, string> = {
  stripe: "stripe",
  twilio: "twilio",
  resend: "resend",
  blob: "blob",
  salesforce: "integrations",
  sap: "integrations",
  netsuite: "integrations",
};

/** Where an endpoint's path starts: the default base URL, the instance URL, or its own host. */
function baseOf(vendor: VendorId, profile: VendorProfile, endpoint: VendorEndpoint): string {
  if (endpoint.host) return `https://${endpoint.host.replace(/^\*\./, "store1.")}`;
  const base = profile.defaultBaseUrl ?? instanceUrl[vendor];
  if (!base) throw new Error(`no base URL for ${vendor}`);
  return base;
}

/** A route template (`:name`, `*name`) or a profile template (`{name}`), with parameter names left out. */
const shape = (path: string) => path.replace(/\{[^}]+\}|[:*][A-Za-z_]+/g, "{}").replace(/(.)\/$/, "$1");

function profileShape(vendor: VendorId, profile: VendorProfile, endpoint: VendorEndpoint): string {
  const basePath = endpoint.host
    ? ""
    : new URL(baseOf(vendor, profile, endpoint)).pathname.replace(/\/$/, "");
  return shape(`${basePath}${endpoint.path.split("?")[0]}` || "/");
}

describe.each(vendorIds)("the %s fake and its taxonomy profile", (vendor) => {
  const profile = vendorProfile(vendor);

  it("serve the same endpoints, both ways: the same ids, methods and path templates", () => {
    const served = routesOf[vendor].map((route) => `${route.endpoint} ${route.method} ${shape(route.path)}`);
    const listed = profile.endpoints.map(
      (endpoint) => `${endpoint.id} ${endpoint.method} ${profileShape(vendor, profile, endpoint)}`,
    );
    expect(served.sort()).toEqual(listed.sort());
  });

  it("route a request to each listed endpoint's URL to the fake's route of that id", async () => {
    const misrouted: string[] = [];
    for (const endpoint of profile.endpoints) {
      const url = baseOf(vendor, profile, endpoint) + endpoint.path.replace(/\{[^}]+\}/g, "p1");
      const { record } = await fakes.dispatch(new Request(url, { method: endpoint.method }), {
        via: "direct",
        publicOrigin: (host) => `https://${host}`,
      });
      if (record.vendor !== vendor || record.endpoint !== endpoint.id)
        misrouted.push(`${endpointRoute(endpoint)} reached ${record.vendor} ${record.endpoint}`);
    }
    expect(misrouted).toEqual([]);
  });

  it("cite each endpoint's reference page in the fake's source", () => {
    const dir = join(import.meta.dirname, sourceDir[vendor]);
    const source = readdirSync(dir)
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .map((file) => readFileSync(join(dir, file), "utf8"))
      .join("\n");
    const uncited = profile.endpoints.filter(
      (endpoint) => !source.includes(endpoint.docs.split("#")[0] ?? ""),
    );
    expect(uncited.map((endpoint) => endpoint.id)).toEqual([]);
  });

  it("answer on the default base URL's host and every endpoint host, all on the allow-list", () => {
    const record = crmFactoryPolicy.subprocessors[subprocessorOf[vendor]];
    const hosts = [
      ...(profile.defaultBaseUrl ? [new URL(profile.defaultBaseUrl).hostname] : []),
      ...profile.endpoints.flatMap((endpoint) => (endpoint.host ? [endpoint.host] : [])),
    ];
    for (const host of hosts) {
      expect(isHostAllowed(record?.hosts ?? [], host), host).toBe(true);
      expect(fakes.servesHost(host.replace(/^\*\./, "store1.")), host).toBe(true);
    }
  });
});

describe("a policy passed in", () => {
  const withProfiles = (change: (source: PolicyInput) => void) => {
    const source = structuredClone(crmFactoryPolicySource) as PolicyInput;
    change(source);
    return definePolicy(source);
  };

  it("gives the profiles the fakes follow", () => {
    const policy = withProfiles((source) => {
      source.subprocessors.stripe!.vendor!.baseUrlEnv = "PAYMENTS_URL";
    });
    const local = createSubprocessorFakes({ policy });
    expect(local.policy).toBe(policy);
    expect(local.profile("stripe").baseUrlEnv).toBe("PAYMENTS_URL");
    expect(local.profile("blob")).toBe(policy.subprocessors.vercel?.vendor);
  });

  it("is refused, with every problem named, when its profiles ask for what no fake serves", () => {
    const policy = withProfiles((source) => {
      const stripe = source.subprocessors.stripe!.vendor!;
      stripe.endpoints.push({ ...stripe.endpoints[0]!, id: "charges.create", path: "/v1/charges" });
      source.subprocessors.resend!.hosts.push("api.resend.dev");
      source.subprocessors.resend!.vendor!.defaultBaseUrl = "https://api.resend.dev";
    });
    expect(() => createSubprocessorFakes({ policy })).toThrow(
      [
        `the fakes cannot follow the vendor profiles of the policy "crm-factory":`,
        "  - subprocessors.stripe.vendor: the stripe fake serves no charges.create (POST /v1/charges)",
        "  - subprocessors.resend.vendor: the resend fake does not answer on api.resend.dev, its default base URL's host",
      ].join("\n"),
    );
  });

  it("may leave a vendor out: its fake still serves, and asking for its profile says what is missing", () => {
    const policy = withProfiles((source) => {
      delete source.subprocessors.twilio!.vendor;
    });
    const local = createSubprocessorFakes({ policy });
    expect(() => local.profile("twilio")).toThrow(
      'the policy "crm-factory" has no vendor profile for subprocessors.twilio (the twilio fake)',
    );
  });
});
