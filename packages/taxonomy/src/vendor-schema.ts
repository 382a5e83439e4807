import { z } from "zod";
import { setOf, textSchema } from "./schema-parts.js";

// How an implementation talks to a subprocessor's API, and how the vendor's objects link to a data
// subject: what the subprocessor fakes serve and the suite inspects.

export const hostSchema = z
  .string()
  .regex(
    /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/,
    "must be a host name, or *. and a domain for any host under it",
  );

const httpsUrl = z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/, "must be an https URL");

export const vendorEndpointSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/,
        "must be dotted camelCase words such as customers.create",
      )
      .describe(
        "Names the endpoint, unique within the vendor: fakes, faults, recordings and reports refer to it by this id",
      ),
    method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]),
    host: hostSchema
      .optional()
      .describe(
        "For an endpoint served on another host than the base URL's (a file download): that host, or *. and its domain; the path then starts at its root",
      ),
    path: z
      .string()
      .regex(/^[/?]\S*$/, "must be a path template appended to the base URL, starting with / or ?")
      .describe("Appended to the base URL (or the host); {braces} name the parts an implementation fills in"),
    purpose: textSchema,
    docs: httpsUrl.describe("The vendor's API reference page for the endpoint"),
  })
  .strict();

/** How an endpoint reads in messages and sets: `GET /v1/customers`, `GET https://*.example.com/{x}`. */
export function endpointRoute(endpoint: { method: string; host?: string; path: string }): string {
  return `${endpoint.method} ${endpoint.host === undefined ? "" : `https://${endpoint.host}`}${endpoint.path}`;
}

export const subjectLinkSchema = z
  .object({
    object: textSchema.describe("The vendor's object, e.g. customer, message, blob"),
    field: textSchema.describe(
      "The field that holds the identifier, e.g. email, metadata[crmfactory_tenant_id]",
    ),
    identifier: z
      .string()
      .min(1)
      .describe(
        "The identifier (a key of the policy's `identifiers`) the field holds, or for a `via` link the one that object's link gives",
      ),
    via: textSchema
      .optional()
      .describe(
        "When the field holds the id of another object of this vendor, that object, whose own link applies",
      ),
    description: textSchema,
  })
  .strict();

export const vendorSchema = z
  .object({
    baseUrlEnv: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, "must be an environment variable name such as STRIPE_API_BASE_URL")
      .optional()
      .describe("The environment variable an implementation reads its base URL from"),
    defaultBaseUrl: httpsUrl
      .optional()
      .describe("The vendor's real base URL, used when the variable is unset"),
    instanceUrlField: textSchema
      .optional()
      .describe(
        "For customer-connected sources: the connection field holding the instance URL (no fixed base URL)",
      ),
    sdk: z
      .object({
        package: textSchema,
        version: z.string().regex(/^\d+\.\d+\.\d+$/, "must be an exact version such as 23.1.0"),
        hosts: setOf(hostSchema).min(1).describe("Every host the pinned SDK can call"),
      })
      .strict()
      .optional(),
    endpoints: setOf(vendorEndpointSchema, (e) => e.id, endpointRoute).min(1),
    subjectLinks: setOf(subjectLinkSchema, (l) => `${l.object}.${l.field}`).min(1),
  })
  .strict();

/** True when `host` (a name, or a `*.` pattern) is covered by the allow-list entry `pattern`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith("*.")) return false;
  const domain = pattern.slice(1);
  const name = host.startsWith("*.") ? host.slice(1) : host;
  return name.endsWith(domain) && name.length > domain.length;
}

/** True when some entry of the allow-list covers `host`. */
export function isHostAllowed(hosts: readonly string[], host: string): boolean {
  return hosts.some((pattern) => hostMatches(pattern, host));
}
