import type { Policy } from "./policy-schema.js";
import type { PolicyIssue } from "./policy-validation-error.js";
import { isHostAllowed } from "./vendor-schema.js";

// A vendor profile agrees with its subprocessor's record: every host its SDK calls, its default base
// URL and the hosts of its endpoints are on the published allow-list, the base URL comes from one
// place, and each subject link names an identifier the policy defines.
export function vendorIssues(policy: Policy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  for (const [name, sub] of Object.entries(policy.subprocessors)) {
    const vendor = sub.vendor;
    if (!vendor) continue;
    const at = `subprocessors.${name}.vendor`;
    const fromEnvironment = vendor.baseUrlEnv !== undefined || vendor.defaultBaseUrl !== undefined;
    if (sub.kind === "integration-source" && (fromEnvironment || vendor.instanceUrlField === undefined)) {
      issues.push({
        path: at,
        message:
          "an integration source is reached at the connection's instance URL: set instanceUrlField only",
      });
    }
    if (
      sub.kind === "subprocessor" &&
      (vendor.baseUrlEnv === undefined ||
        vendor.defaultBaseUrl === undefined ||
        vendor.instanceUrlField !== undefined)
    ) {
      issues.push({
        path: at,
        message:
          "a subprocessor's base URL comes from baseUrlEnv with defaultBaseUrl: set both, and no instanceUrlField",
      });
    }
    if (vendor.defaultBaseUrl !== undefined) {
      const host = new URL(vendor.defaultBaseUrl).hostname;
      if (!isHostAllowed(sub.hosts, host)) {
        issues.push({
          path: `${at}.defaultBaseUrl`,
          message: `its host "${host}" is not on the subprocessor's hosts`,
        });
      }
    }
    for (const [i, host] of (vendor.sdk?.hosts ?? []).entries()) {
      if (!isHostAllowed(sub.hosts, host)) {
        issues.push({
          path: `${at}.sdk.hosts.${i}`,
          message: `"${host}" is called by the ${vendor.sdk?.package} SDK but is not on the subprocessor's hosts`,
        });
      }
    }
    for (const [i, endpoint] of vendor.endpoints.entries()) {
      if (endpoint.host !== undefined && !isHostAllowed(sub.hosts, endpoint.host)) {
        issues.push({
          path: `${at}.endpoints.${i}.host`,
          message: `"${endpoint.host}" serves the endpoint ${endpoint.id} but is not on the subprocessor's hosts`,
        });
      }
    }
    const objects = new Set(vendor.subjectLinks.map((link) => link.object));
    for (const [i, link] of vendor.subjectLinks.entries()) {
      if (!Object.hasOwn(policy.identifiers, link.identifier)) {
        issues.push({
          path: `${at}.subjectLinks.${i}.identifier`,
          message: `unknown identifier "${link.identifier}"`,
        });
      }
      if (link.via !== undefined && (!objects.has(link.via) || link.via === link.object)) {
        issues.push({
          path: `${at}.subjectLinks.${i}.via`,
          message: `"${link.via}" is not another object with a subject link of this vendor`,
        });
      }
    }
  }
  return issues;
}
