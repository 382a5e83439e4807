import { describe, expect, it } from "vitest";
import { crmFactoryPolicySource } from "./crm-factory/policy.js";
import { definePolicy, loadPolicy } from "./define-policy.js";
import { resolvePointer } from "./pointer.js";
import { expectRefused, type RefusalRow } from "./testing/expect-refused.js";
import { mutatePolicy } from "./testing/mutate-policy.js";

const source = crmFactoryPolicySource;
const lengthOf = (list: readonly unknown[] | undefined) => list?.length ?? 0;
const viewerEnd = lengthOf(source.roles.viewer?.permissions);
const firstPurpose = Object.keys(source.purposes)[0] as string;
const firstRight = Object.keys(source.rights.kinds)[0] as string;

// Every place that cites sections of the policy document is checked on its own.
const sectionLists = [
  ["purposes", firstPurpose],
  ["categories", "crm"],
  ["retention", "crm"],
  ["rights", "kinds", firstRight],
  ["rights"],
  ["subprocessors", "twilio"],
  ["security"],
  ["guarantees", "RET-CRM"],
];
const unknownSectionRows: RefusalRow[] = sectionLists.map((at) => {
  const pointer = `/${[...at, "sections"].join("/")}`;
  return {
    rule: `an unknown section cited at ${at.join(".")}`,
    input: mutatePolicy((p) => void (resolvePointer(p, pointer) as string[]).push("5")),
    issues: [
      {
        path: `${at.join(".")}.sections.${lengthOf(resolvePointer(source, pointer) as string[])}`,
        message: 'unknown section "5"',
      },
    ],
  };
});

// Each check of the schema, of duration references and of names, broken once (the numeric, role,
// vendor and JSON-text checks are in validator-rules-numbers.test.ts): the exact problems it reports.
const rows: RefusalRow[] = [
  {
    rule: "a malformed duration",
    input: mutatePolicy((p) => {
      p.retention.crm!.purgeWithin = "90 days";
    }),
    issues: [
      {
        path: "retention.crm.purgeWithin",
        message: "must be an ISO 8601 duration such as P90D, P13M or P7Y",
      },
    ],
  },
  {
    rule: "a duration beyond 2^53 - 1",
    input: mutatePolicy((p) => {
      p.retention.crm!.purgeWithin = "P99999999999999999D";
    }),
    issues: [
      {
        path: "retention.crm.purgeWithin",
        message: "must be an ISO 8601 duration with values no larger than 2^53 - 1",
      },
    ],
  },
  {
    rule: "an unknown field",
    input: mutatePolicy((p) => void Object.assign(p.notices, { minimumAgee: 16 })),
    issues: [{ path: "notices", message: 'Unrecognized key: "minimumAgee"' }],
  },
  {
    rule: "a vendor endpoint id that is not dotted camelCase words",
    input: mutatePolicy((p) => {
      p.subprocessors.stripe!.vendor!.endpoints[0]!.id = "Customers Create";
    }),
    issues: [
      {
        path: "subprocessors.stripe.vendor.endpoints.0.id",
        message: "must be dotted camelCase words such as customers.create",
      },
    ],
  },
  {
    rule: "a permission listed twice in a role",
    input: mutatePolicy((p) => void p.roles.viewer!.permissions.push("crm:read")),
    issues: [
      {
        path: `roles.viewer.permissions.${viewerEnd}`,
        message: `"crm:read" appears twice (first as item ${source.roles.viewer?.permissions.indexOf("crm:read")})`,
      },
    ],
  },
  {
    rule: "an item listed twice in another set",
    input: mutatePolicy((p) => void p.retention.crm!.anchors.push("accountClosed")),
    issues: [{ path: "retention.crm.anchors.2", message: '"accountClosed" appears twice (first as item 0)' }],
  },
  {
    rule: "a reference that is not a JSON pointer",
    input: mutatePolicy((p) => {
      p.retention.crm!.keepFor = { $ref: "parameters/exportWindow" };
    }),
    issues: [
      {
        path: "retention.crm.keepFor.$ref",
        message: "must be a JSON pointer into the policy, such as /parameters/exportWindow",
      },
    ],
  },
  {
    rule: "a reference that points at nothing",
    input: mutatePolicy((p) => {
      p.retention.crm!.keepFor = { $ref: "/parameters/exportWindw" };
    }),
    issues: [
      {
        path: "retention.crm.keepFor",
        message: "reference /parameters/exportWindw points at nothing in the policy",
      },
    ],
  },
  {
    rule: "a reference to something that is not a duration",
    input: mutatePolicy((p) => {
      p.retention.crm!.keepFor = { $ref: "/parameters" };
    }),
    issues: [
      { path: "retention.crm.keepFor", message: "reference /parameters points at an object, not a duration" },
    ],
  },
  {
    rule: "a reference to itself",
    input: mutatePolicy((p) => {
      p.parameters.exportWindow = { $ref: "/parameters/exportWindow" };
    }),
    issues: [
      {
        path: "parameters.exportWindow",
        message: "reference cycle: /parameters/exportWindow -> /parameters/exportWindow",
      },
      ...[
        "account.keepFor",
        "authentication-credentials.keepFor",
        "crm.keepFor",
        "communications.keepFor",
        "integration.anchors.1.after",
        "integration.anchors.2.after",
      ].map((field) => ({
        path: `retention.${field}`,
        message:
          "reference /parameters/exportWindow -> /parameters/exportWindow points into a reference cycle",
      })),
    ],
  },
  {
    rule: "a retention rule for an unknown category",
    input: mutatePolicy((p) => {
      p.retention.crm!.category = "health";
    }),
    issues: [
      { path: "categories.crm", message: 'category "crm" has no retention rule' },
      { path: "retention.crm.category", message: 'unknown category "health"' },
    ],
  },
  {
    rule: "a category without any retention rule",
    input: mutatePolicy((p) => {
      delete p.retention["telemetry-raw"];
      delete p.retention["telemetry-aggregated"];
      p.guarantees["RET-TELEMETRY-RAW"]!.dependsOn = ["/retention/account"];
      p.guarantees["RET-TELEMETRY-AGG"]!.dependsOn = ["/retention/account"];
      p.guarantees["DEL-NO-RESURRECTION"]!.dependsOn = ["/retention/integration"];
    }),
    issues: [{ path: "categories.telemetry", message: 'category "telemetry" has no retention rule' }],
  },
  {
    rule: "an unknown anchor event",
    input: mutatePolicy((p) => {
      p.retention.crm!.anchors = ["accountClosed", "closedForever"];
    }),
    issues: [{ path: "retention.crm.anchors.1", message: 'unknown anchor event "closedForever"' }],
  },
  {
    rule: "an implied anchor waiting for an unknown event",
    input: mutatePolicy((p) => {
      p.retention.integration!.anchors[1] = { event: "accountFrozen", after: "P30D" };
    }),
    issues: [
      { path: "retention.integration.anchors.1.event", message: 'unknown anchor event "accountFrozen"' },
    ],
  },
  {
    rule: "an implied anchor with no delay",
    input: mutatePolicy((p) => {
      p.retention.integration!.anchors[1] = { event: "accountClosed", after: "P0D" };
    }),
    issues: [
      {
        path: "retention.integration.anchors.1.after",
        message: 'must not be zero: write the event "accountClosed" alone',
      },
    ],
  },
  {
    rule: "an unknown identifier a rule excludes",
    input: mutatePolicy((p) => void p.retention["telemetry-aggregated"]!.excludedIdentifiers!.push("ssn")),
    issues: [
      { path: "retention.telemetry-aggregated.excludedIdentifiers.5", message: 'unknown identifier "ssn"' },
    ],
  },
  {
    rule: "an unknown legal basis of a category",
    input: mutatePolicy((p) => void p.categories.crm!.legalBases.push("whim")),
    issues: [{ path: "categories.crm.legalBases.1", message: 'unknown legal basis "whim"' }],
  },
  {
    rule: "an unknown legal basis of a hold",
    input: mutatePolicy((p) => {
      p.retention.billing!.hold!.legalBasis = "whim";
    }),
    issues: [{ path: "retention.billing.hold.legalBasis", message: 'unknown legal basis "whim"' }],
  },
  {
    rule: "an unknown purpose",
    input: mutatePolicy((p) => void p.categories.crm!.purposes.push("spam")),
    issues: [{ path: "categories.crm.purposes.2", message: 'unknown purpose "spam"' }],
  },
  {
    rule: "an unknown subprocessor of a category",
    input: mutatePolicy((p) => void p.categories.crm!.subprocessors.push("mailchimp")),
    issues: [{ path: "categories.crm.subprocessors.2", message: 'unknown subprocessor "mailchimp"' }],
  },
  {
    rule: "a subprocessor link that only one side declares",
    input: mutatePolicy((p) => void p.categories.billing!.subprocessors.push("twilio")),
    issues: [
      {
        path: "categories.billing.subprocessors.2",
        message: 'subprocessor "twilio" does not list category "billing"',
      },
    ],
  },
  {
    rule: "an unknown category of a subprocessor",
    input: mutatePolicy((p) => void p.subprocessors.twilio!.categories.push("health")),
    issues: [{ path: "subprocessors.twilio.categories.1", message: 'unknown category "health"' }],
  },
  ...unknownSectionRows,
  {
    rule: "an unknown right that is never extended",
    input: mutatePolicy((p) => void p.rights.noExtensionFor.push("time-travel")),
    issues: [{ path: "rights.noExtensionFor.2", message: 'unknown right "time-travel"' }],
  },
  {
    rule: "a deadline counted from an unknown event",
    input: mutatePolicy((p) => {
      p.rights.countsFrom.controller = "requestMailed";
    }),
    issues: [{ path: "rights.countsFrom.controller", message: 'unknown anchor event "requestMailed"' }],
  },
  {
    rule: "a processor's deadline counted from an unknown event",
    input: mutatePolicy((p) => {
      p.rights.countsFrom.processor = "requestFaxed";
    }),
    issues: [{ path: "rights.countsFrom.processor", message: 'unknown anchor event "requestFaxed"' }],
  },
  {
    rule: "a role naming an unknown permission",
    input: mutatePolicy((p) => void p.roles.viewer!.permissions.push("rockets:launch")),
    issues: [
      { path: `roles.viewer.permissions.${viewerEnd}`, message: 'unknown permission "rockets:launch"' },
    ],
  },
  {
    rule: "an unknown operator permission",
    input: mutatePolicy((p) => void p.operatorPermissions.push("platform:rockets")),
    issues: [
      {
        path: `operatorPermissions.${lengthOf(source.operatorPermissions)}`,
        message: 'unknown permission "platform:rockets"',
      },
    ],
  },
  {
    rule: "a notice addressed to an unknown role",
    input: mutatePolicy((p) => {
      p.notices.breach.to = ["janitor"];
    }),
    issues: [{ path: "notices.breach.to.0", message: 'unknown role "janitor"' }],
  },
  {
    rule: "a policy-change notice addressed to an unknown role",
    input: mutatePolicy((p) => void p.notices.policyChange.to.push("janitor")),
    issues: [
      {
        path: `notices.policyChange.to.${lengthOf(source.notices.policyChange.to)}`,
        message: 'unknown role "janitor"',
      },
    ],
  },
  {
    rule: "a guarantee depending on data that does not exist",
    input: mutatePolicy((p) => {
      p.guarantees["RET-CRM"]!.dependsOn = ["/retention/crm", "/retention/health"];
    }),
    issues: [
      {
        path: "guarantees.RET-CRM.dependsOn.1",
        message: '"/retention/health" points at nothing in the policy',
      },
    ],
  },
  {
    rule: "a tested guarantee with no dependsOn",
    input: mutatePolicy((p) => {
      p.guarantees["RIGHTS-PORTABLE"]!.dependsOn = [];
    }),
    issues: [
      {
        path: "guarantees.RIGHTS-PORTABLE.dependsOn",
        message: "a tested guarantee must depend on the policy data it is tested against",
      },
    ],
  },
  {
    rule: "a tested-if-https guarantee with no dependsOn",
    input: mutatePolicy((p) => {
      p.guarantees["SEC-TLS13"]!.dependsOn = [];
    }),
    issues: [
      {
        path: "guarantees.SEC-TLS13.dependsOn",
        message: "a tested-if-https guarantee must depend on the policy data it is tested against",
      },
    ],
  },
];

describe("every validator rule", () => {
  it.each(rows)("refuses $rule", (row) => expectRefused(row));

  it("accepts the unmutated policy, as a value and as JSON text", () => {
    expect(() => loadPolicy(source)).not.toThrow();
    expect(() => loadPolicy(JSON.stringify(source, null, 2))).not.toThrow();
  });

  it("keeps a purgeWithin of P0D legal: purge as soon as the window ends", () => {
    expect(source.retention["authentication-credentials"]?.purgeWithin).toBe("P0D");
    const policy = definePolicy(
      mutatePolicy((p) => {
        p.retention.crm!.purgeWithin = "P0D";
      }),
    );
    expect(policy.retention.crm?.purgeWithin).toBe("P0D");
  });

  it("lets an attested guarantee depend on nothing", () => {
    expect(() =>
      definePolicy(
        mutatePolicy((p) => {
          p.guarantees["AI-NO-TRAINING"]!.dependsOn = [];
        }),
      ),
    ).not.toThrow();
  });
});
