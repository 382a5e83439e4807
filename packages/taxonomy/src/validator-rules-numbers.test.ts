import { describe, it } from "vitest";
import { crmFactoryPolicySource } from "./crm-factory/policy.js";
import { expectRefused, type RefusalRow, zeroDeadline as zero } from "./testing/expect-refused.js";
import { mutatePolicy } from "./testing/mutate-policy.js";

const source = crmFactoryPolicySource;
const lengthOf = (list: readonly unknown[] | undefined) => list?.length ?? 0;

const stripeEnd = lengthOf(source.subprocessors.stripe?.vendor?.endpoints);
const privateDownload =
  source.subprocessors.vercel?.vendor?.endpoints.findIndex((e) => e.id === "download.private") ?? -1;

// Each check of numbers, roles, vendor profiles and JSON text, broken once: the exact problems.
const rows: RefusalRow[] = [
  {
    rule: "a zero keepFor",
    input: mutatePolicy((p) => {
      p.retention.crm!.keepFor = "P0D";
    }),
    issues: [
      {
        path: "retention.crm.keepFor",
        message: "must not be zero: leave keepFor out when nothing is promised beyond the anchor",
      },
    ],
  },
  {
    rule: "a rule that keeps data past its own purge deadline",
    input: mutatePolicy((p) => {
      Object.assign(p.retention.billing!, { keepFor: "P8Y", purgeWithin: "P7Y", purgeCountsFrom: "anchor" });
    }),
    issues: [
      {
        path: "retention.billing.keepFor",
        message:
          "keeps data (P8Y) past its own purge deadline (P7Y) by up to 366 days, e.g. from the anchor 2000-02-29T00:00:00.000Z",
      },
    ],
  },
  {
    rule: "a purge counted from the end of a keepFor that is not set",
    input: mutatePolicy((p) => {
      p.retention["telemetry-raw"]!.purgeCountsFrom = "keepForEnd";
    }),
    issues: [
      {
        path: "retention.telemetry-raw.purgeCountsFrom",
        message: "counts from the end of keepFor, but keepFor is not set",
      },
    ],
  },
  {
    rule: "a zero response deadline",
    input: mutatePolicy((p) => {
      p.rights.respondWithin = "P0D";
    }),
    issues: [
      { path: "rights.respondWithin", message: zero },
      { path: "rights.extensionNoticeBefore", message: zero },
    ],
  },
  {
    rule: "a zero extended total",
    input: mutatePolicy((p) => {
      p.rights.extendedTotal = "P0D";
    }),
    issues: [
      { path: "rights.extendedTotal", message: zero },
      {
        path: "rights.extendedTotal",
        message:
          "the extended total (P0D) must be longer than the deadline (P30D) from every start, and is not from 2000-01-01T00:00:00.000Z",
      },
    ],
  },
  {
    rule: "a zero erasure deadline",
    input: mutatePolicy((p) => {
      p.rights.erasureWithin = "P0D";
    }),
    issues: [
      { path: "rights.erasureWithin", message: zero },
      { path: "rights.minorDataDeletionWithin", message: zero },
    ],
  },
  {
    rule: "a zero child-data deadline",
    input: mutatePolicy((p) => {
      p.rights.minorDataDeletionWithin = "PT0S";
    }),
    issues: [{ path: "rights.minorDataDeletionWithin", message: zero }],
  },
  {
    rule: "a zero verification window",
    input: mutatePolicy((p) => {
      p.rights.verification.window = "P0D";
    }),
    issues: [{ path: "rights.verification.window", message: zero }],
  },
  {
    rule: "a zero breach-notice deadline",
    input: mutatePolicy((p) => {
      p.notices.breach.within = "PT0H";
    }),
    issues: [{ path: "notices.breach.within", message: zero }],
  },
  {
    rule: "a zero policy-change notice period",
    input: mutatePolicy((p) => {
      p.notices.policyChange.atLeast = "P0D";
    }),
    issues: [
      {
        path: "notices.policyChange.atLeast",
        message: "must not be zero: notice of a policy change must come some time before the change applies",
      },
    ],
  },
  {
    rule: "a zero transparency-report period",
    input: mutatePolicy((p) => {
      if (!p.notices.transparencyReport) throw new Error("CRM Factory's policy has a transparency report");
      p.notices.transparencyReport.every = "P0M";
    }),
    issues: [
      {
        path: "notices.transparencyReport.every",
        message: "must not be zero: a report that appears every instant has no period",
      },
    ],
  },
  {
    rule: "a zero extension-notice bound",
    input: mutatePolicy((p) => {
      p.rights.extensionNoticeBefore = "P0W";
    }),
    issues: [{ path: "rights.extensionNoticeBefore", message: zero }],
  },
  {
    rule: "an extension that is not longer than the deadline",
    input: mutatePolicy((p) => {
      p.rights.extendedTotal = "P30D";
    }),
    issues: [
      {
        path: "rights.extendedTotal",
        message:
          "the extended total (P30D) must be longer than the deadline (P30D) from every start, and is not from 2000-01-01T00:00:00.000Z",
      },
    ],
  },
  {
    rule: "extension notice allowed after the first deadline",
    input: mutatePolicy((p) => {
      p.rights.extensionNoticeBefore = "P31D";
    }),
    issues: [
      {
        path: "rights.extensionNoticeBefore",
        message:
          "notice of an extension must come before the first deadline (P30D) from every start, and may come 1 day after it from 2000-01-01T00:00:00.000Z",
      },
    ],
  },
  {
    rule: "two roles at one level",
    input: mutatePolicy((p) => {
      p.roles.member!.level = 1;
    }),
    issues: [{ path: "roles.member.level", message: `level 1 is also role "viewer"'s` }],
  },
  {
    rule: "an operator permission in a tenant role",
    input: mutatePolicy((p) => void p.roles.admin!.permissions.push("platform:incidents")),
    issues: [
      {
        path: `roles.admin.permissions.${lengthOf(source.roles.admin?.permissions)}`,
        message: '"platform:incidents" is an operator permission: no tenant role may hold it',
      },
    ],
  },
  {
    rule: "a host the vendor's SDK calls that is not on the allow-list",
    input: mutatePolicy((p) => {
      p.subprocessors.stripe!.hosts = ["api.stripe.com", "files.stripe.com", "meter-events.stripe.com"];
    }),
    issues: [
      {
        path: "subprocessors.stripe.vendor.sdk.hosts.2",
        message: '"connect.stripe.com" is called by the stripe SDK but is not on the subprocessor\'s hosts',
      },
    ],
  },
  {
    rule: "a default base URL whose host is not on the allow-list",
    input: mutatePolicy((p) => {
      p.subprocessors.resend!.vendor!.defaultBaseUrl = "https://api.resend.dev";
    }),
    issues: [
      {
        path: "subprocessors.resend.vendor.defaultBaseUrl",
        message: 'its host "api.resend.dev" is not on the subprocessor\'s hosts',
      },
    ],
  },
  {
    rule: "a subprocessor's vendor profile without its base URL variable",
    input: mutatePolicy((p) => {
      delete p.subprocessors.twilio!.vendor!.baseUrlEnv;
    }),
    issues: [
      {
        path: "subprocessors.twilio.vendor",
        message:
          "a subprocessor's base URL comes from baseUrlEnv with defaultBaseUrl: set both, and no instanceUrlField",
      },
    ],
  },
  {
    rule: "an integration source with a fixed base URL",
    input: mutatePolicy((p) => {
      p.subprocessors.salesforce!.vendor!.baseUrlEnv = "SALESFORCE_BASE_URL";
    }),
    issues: [
      {
        path: "subprocessors.salesforce.vendor",
        message:
          "an integration source is reached at the connection's instance URL: set instanceUrlField only",
      },
    ],
  },
  {
    rule: "an integration source without the field of its instance URL",
    input: mutatePolicy((p) => {
      delete p.subprocessors.salesforce!.vendor!.instanceUrlField;
    }),
    issues: [
      {
        path: "subprocessors.salesforce.vendor",
        message:
          "an integration source is reached at the connection's instance URL: set instanceUrlField only",
      },
    ],
  },
  {
    rule: "a subprocessor's vendor profile without its default base URL",
    input: mutatePolicy((p) => {
      delete p.subprocessors.twilio!.vendor!.defaultBaseUrl;
    }),
    issues: [
      {
        path: "subprocessors.twilio.vendor",
        message:
          "a subprocessor's base URL comes from baseUrlEnv with defaultBaseUrl: set both, and no instanceUrlField",
      },
    ],
  },
  {
    rule: "a subprocessor's vendor profile with an instance URL field",
    input: mutatePolicy((p) => {
      p.subprocessors.stripe!.vendor!.instanceUrlField = "credentials.baseUrl";
    }),
    issues: [
      {
        path: "subprocessors.stripe.vendor",
        message:
          "a subprocessor's base URL comes from baseUrlEnv with defaultBaseUrl: set both, and no instanceUrlField",
      },
    ],
  },
  {
    rule: "a subject link through its own object",
    input: mutatePolicy((p) => {
      p.subprocessors.twilio!.vendor!.subjectLinks[3]!.via = "recording";
    }),
    issues: [
      {
        path: "subprocessors.twilio.vendor.subjectLinks.3.via",
        message: '"recording" is not another object with a subject link of this vendor',
      },
    ],
  },
  {
    rule: "a subject link naming an identifier the policy does not define",
    input: mutatePolicy((p) => {
      p.subprocessors.stripe!.vendor!.subjectLinks[0]!.identifier = "accountId";
    }),
    issues: [
      {
        path: "subprocessors.stripe.vendor.subjectLinks.0.identifier",
        message: 'unknown identifier "accountId"',
      },
    ],
  },
  {
    rule: "a subject link through an object that has no link",
    input: mutatePolicy((p) => {
      p.subprocessors.twilio!.vendor!.subjectLinks[3]!.via = "conference";
    }),
    issues: [
      {
        path: "subprocessors.twilio.vendor.subjectLinks.3.via",
        message: '"conference" is not another object with a subject link of this vendor',
      },
    ],
  },
  {
    rule: "an endpoint listed twice under another id",
    input: mutatePolicy((p) => {
      const endpoints = p.subprocessors.stripe!.vendor!.endpoints;
      endpoints.push({ ...endpoints[0]!, id: "customers.again", purpose: "again" });
    }),
    issues: [
      {
        path: `subprocessors.stripe.vendor.endpoints.${stripeEnd}`,
        message: "POST /v1/customers appears twice (first as item 0)",
      },
    ],
  },
  {
    rule: "an endpoint id given twice in one vendor",
    input: mutatePolicy((p) => {
      const endpoints = p.subprocessors.stripe!.vendor!.endpoints;
      endpoints.push({ ...endpoints[0]!, path: "/v1/customers/{customer}/again" });
    }),
    issues: [
      {
        path: `subprocessors.stripe.vendor.endpoints.${stripeEnd}`,
        message: "customers.create appears twice (first as item 0)",
      },
    ],
  },
  {
    rule: "an endpoint on a host that is not on the allow-list",
    input: mutatePolicy((p) => {
      p.subprocessors.vercel!.vendor!.endpoints[privateDownload]!.host = "*.private.blob.vercel-storage.net";
    }),
    issues: [
      {
        path: `subprocessors.vercel.vendor.endpoints.${privateDownload}.host`,
        message:
          '"*.private.blob.vercel-storage.net" serves the endpoint download.private but is not on the subprocessor\'s hosts',
      },
    ],
  },
  {
    rule: "a key written twice in one object of the JSON text",
    input: JSON.stringify(source, null, 2).replace(
      '"exportWindow": "P30D"',
      '"exportWindow": "P30D",\n    "exportWindow": "P45D"',
    ),
    issues: [
      {
        path: "parameters.exportWindow",
        message: 'the key "exportWindow" appears twice in one object (JSON.parse would keep only the last)',
      },
    ],
  },
];

describe("every validator rule on numbers, roles, vendors and JSON text", () => {
  it.each(rows)("refuses $rule", (row) => expectRefused(row));
});
