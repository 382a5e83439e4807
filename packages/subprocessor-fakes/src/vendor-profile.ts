import { crmFactoryPolicy, endpointRoute, type Policy, type VendorProfile } from "@crmfactory/taxonomy";
import type { VendorFake, VendorId } from "./core/vendor.js";

// The vendor profiles live in the taxonomy (`policy.subprocessors.<id>.vendor`): base-URL variables,
// default URLs, SDK hosts, endpoints with their ids, subject links. The fakes keep only which
// subprocessor each fake stands for; `vendor-profile.test.ts` proves that each fake serves exactly
// its profile's endpoints and reports exactly its subject links.

/** The taxonomy's subprocessor each fake stands for (Vercel's record covers Blob). */
export const subprocessorOf = {
  stripe: "stripe",
  twilio: "twilio",
  resend: "resend",
  blob: "vercel",
  salesforce: "salesforce",
  sap: "sap",
  netsuite: "netsuite",
} as const satisfies Record<VendorId, string>;

export const vendorIds = Object.keys(subprocessorOf) as VendorId[];

/** The profile of the vendor a fake stands for, in `policy` (the CRM Factory policy by default). */
export function vendorProfile(vendor: VendorId, policy: Policy = crmFactoryPolicy): VendorProfile {
  const profile = findVendorProfile(vendor, policy);
  if (!profile) {
    throw new Error(
      `the policy "${policy.id}" has no vendor profile for subprocessors.${subprocessorOf[vendor]} (the ${vendor} fake)`,
    );
  }
  return profile;
}

export function findVendorProfile(vendor: VendorId, policy: Policy): VendorProfile | undefined {
  return policy.subprocessors[subprocessorOf[vendor]]?.vendor;
}

/**
 * The base-URL variables of the policy's profiles, each pointing `publicUrl` at its default base URL
 * (`STRIPE_API_BASE_URL` → the loopback URL for `https://api.stripe.com`).
 */
export function baseUrlEnvironment(
  policy: Policy,
  publicUrl: (vendorUrl: string) => string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const vendor of vendorIds) {
    const profile = findVendorProfile(vendor, policy);
    if (profile?.baseUrlEnv && profile.defaultBaseUrl)
      env[profile.baseUrlEnv] = publicUrl(profile.defaultBaseUrl);
  }
  return env;
}

/**
 * Refuses a policy whose profiles the fakes cannot follow: an endpoint no fake serves, or a default
 * base URL or endpoint host the fake does not answer on. (Routes match by the fakes' own templates;
 * the tests prove those agree with the CRM Factory profiles' methods and paths.)
 */
export function checkProfiles(policy: Policy, fakes: readonly VendorFake[]): void {
  const problems: string[] = [];
  for (const fake of fakes) {
    const profile = findVendorProfile(fake.vendor, policy);
    if (!profile) continue;
    const at = `subprocessors.${subprocessorOf[fake.vendor]}.vendor`;
    const served = new Set(fake.routes.map((route) => route.endpoint));
    for (const endpoint of profile.endpoints) {
      if (!served.has(endpoint.id))
        problems.push(`${at}: the ${fake.vendor} fake serves no ${endpoint.id} (${endpointRoute(endpoint)})`);
      if (endpoint.host && !fake.servesHost(endpoint.host.replace(/^\*\./, "x.")))
        problems.push(`${at}: the ${fake.vendor} fake does not answer on ${endpoint.host} (${endpoint.id})`);
    }
    const host = profile.defaultBaseUrl && new URL(profile.defaultBaseUrl).hostname;
    if (host && !fake.servesHost(host))
      problems.push(`${at}: the ${fake.vendor} fake does not answer on ${host}, its default base URL's host`);
  }
  if (problems.length > 0) {
    throw new Error(
      `the fakes cannot follow the vendor profiles of the policy "${policy.id}":\n  - ${problems.join("\n  - ")}`,
    );
  }
}
