import { describe, it } from "vitest";
import { expectRefused, type RefusalRow } from "./testing/expect-refused.js";
import { mutatePolicy } from "./testing/mutate-policy.js";

// Each format and bound of a single field, broken once: the exact problem the schema reports. The
// JSON Schema carries the same patterns (policy-json.test.ts), so other languages refuse these too.
const rows: RefusalRow[] = [
  {
    rule: "a legal basis that is not a GDPR Art. 6(1) point",
    input: mutatePolicy((p) => {
      p.legalBases.contract!.gdprArticle = "6(1)(g)";
    }),
    issues: [
      { path: "legalBases.contract.gdprArticle", message: "must be a GDPR Art. 6(1) point such as 6(1)(b)" },
    ],
  },
  {
    rule: "a Fides key that is not dotted lowercase words",
    input: mutatePolicy((p) => {
      p.categories.crm!.fides[0] = "User.Contact";
    }),
    issues: [{ path: "categories.crm.fides.0", message: "must be a dotted Fides taxonomy key" }],
  },
  {
    rule: "a DPV concept outside the DPV vocabularies",
    input: mutatePolicy((p) => {
      p.categories.crm!.dpv[0] = "schema:email";
    }),
    issues: [
      { path: "categories.crm.dpv.0", message: "must be a W3C DPV concept such as dpv-pd:EmailAddress" },
    ],
  },
  {
    rule: "a permission that is not resource:action",
    input: mutatePolicy((p) => {
      p.permissions["crm read"] = "Read the CRM.";
    }),
    issues: [{ path: "permissions.crm read", message: "must look like resource:action" }],
  },
  {
    rule: "a guarantee ID that is not upper-case words joined by dashes",
    input: mutatePolicy((p) => {
      p.guarantees["ret-crm"] = p.guarantees["RET-CRM"]!;
    }),
    issues: [{ path: "guarantees.ret-crm", message: "must be an ID such as RET-CRM" }],
  },
  {
    rule: "a dependsOn entry that is not a JSON pointer",
    input: mutatePolicy((p) => {
      p.guarantees["RET-CRM"]!.dependsOn[0] = "retention/crm";
    }),
    issues: [{ path: "guarantees.RET-CRM.dependsOn.0", message: "must be a JSON pointer into the policy" }],
  },
  {
    rule: "a role level that is not a positive integer",
    input: mutatePolicy((p) => {
      p.roles.viewer!.level = 0;
    }),
    issues: [{ path: "roles.viewer.level", message: "Too small: expected number to be >0" }],
  },
  {
    rule: "a minimum age that is not a whole number",
    input: mutatePolicy((p) => {
      p.notices.minimumAge = 15.5;
    }),
    issues: [{ path: "notices.minimumAge", message: "Invalid input: expected int, received number" }],
  },
  {
    rule: "an effective date that is not a calendar date",
    input: mutatePolicy((p) => {
      p.effective = "2026-13-01";
    }),
    issues: [{ path: "effective", message: "Invalid ISO date" }],
  },
  {
    rule: "a name that is not a kebab-case identifier",
    input: mutatePolicy((p) => {
      p.retention.crm!.category = "CRM";
    }),
    issues: [{ path: "retention.crm.category", message: "must be a lowercase kebab-case identifier" }],
  },
  {
    rule: "an event name that is not camelCase",
    input: mutatePolicy((p) => {
      p.rights.countsFrom.controller = "request-verified";
    }),
    issues: [
      {
        path: "rights.countsFrom.controller",
        message: "must be a camelCase event name such as accountClosed",
      },
    ],
  },
  {
    rule: "a host that is not a host name",
    input: mutatePolicy((p) => void p.subprocessors.twilio!.hosts.push("https://api.twilio.com")),
    issues: [
      {
        path: "subprocessors.twilio.hosts.2",
        message: "must be a host name, or *. and a domain for any host under it",
      },
    ],
  },
  {
    rule: "an endpoint's documentation that is not an https URL",
    input: mutatePolicy((p) => {
      p.subprocessors.stripe!.vendor!.endpoints[0]!.docs = "http://docs.stripe.com/api";
    }),
    issues: [{ path: "subprocessors.stripe.vendor.endpoints.0.docs", message: "must be an https URL" }],
  },
  {
    rule: "an endpoint path that does not start with / or ?",
    input: mutatePolicy((p) => {
      p.subprocessors.stripe!.vendor!.endpoints[0]!.path = "v1/customers";
    }),
    issues: [
      {
        path: "subprocessors.stripe.vendor.endpoints.0.path",
        message: "must be a path template appended to the base URL, starting with / or ?",
      },
    ],
  },
  {
    rule: "a base URL variable that is not an environment variable name",
    input: mutatePolicy((p) => {
      p.subprocessors.stripe!.vendor!.baseUrlEnv = "stripe-api-base-url";
    }),
    issues: [
      {
        path: "subprocessors.stripe.vendor.baseUrlEnv",
        message: "must be an environment variable name such as STRIPE_API_BASE_URL",
      },
    ],
  },
  {
    rule: "an SDK version that is a range, not the pinned version",
    input: mutatePolicy((p) => {
      p.subprocessors.stripe!.vendor!.sdk!.version = "^18.0.0";
    }),
    issues: [
      { path: "subprocessors.stripe.vendor.sdk.version", message: "must be an exact version such as 23.1.0" },
    ],
  },
  {
    rule: "a category without examples",
    input: mutatePolicy((p) => {
      p.categories.crm!.examples = [];
    }),
    issues: [{ path: "categories.crm.examples", message: "Too small: expected array to have >=1 items" }],
  },
  {
    rule: "an empty text",
    input: mutatePolicy((p) => {
      p.categories.crm!.name = "";
    }),
    issues: [{ path: "categories.crm.name", message: "Too small: expected string to have >=1 characters" }],
  },
];

describe("every field format and bound", () => {
  it.each(rows)("refuses $rule", (row) => expectRefused(row));
});
