import type { PolicyInput } from "../../policy-schema.js";

const tolerance = "/parameters/sweepTolerance";

// GUARANTEES.md, "Retention": the summary table and section 11, one guarantee per category.
export const retentionGuarantees = {
  "RET-ACCOUNT": {
    area: "retention",
    sections: ["table", "11"],
    statement:
      "Account information stays while the account exists and is purged by closure plus the account period.",
    method: "tested",
    dependsOn: ["/retention/account", tolerance],
  },
  "RET-AUTH": {
    area: "retention",
    sections: ["table", "11"],
    statement:
      "Passkeys, SSO tokens and sessions keep working, export-only, until the export window ends and are purged then; sign-in audit records are purged once the audit period after closure has passed.",
    method: "tested",
    interpretation:
      "The table's extra period after the account (audit logs) applies to the sign-in audit records.",
    dependsOn: ["/retention/authentication-credentials", "/retention/authentication-audit", tolerance],
  },
  "RET-CRM": {
    area: "retention",
    sections: ["table", "11"],
    statement:
      "Customer CRM data can be exported throughout the window after closure or subscription end, and is purged within the deletion period after that window.",
    method: "tested",
    interpretation:
      "The table gives the export window, the retention section the deletion period after it: never gone before the window ends, always gone by window plus deletion period.",
    dependsOn: ["/retention/crm", "/parameters/exportWindow", tolerance],
  },
  "RET-COMMS": {
    area: "retention",
    sections: ["table", "11"],
    statement:
      "Communication data follows the CRM windows, including the copies held by the messaging and email providers where their APIs allow deletion.",
    method: "tested",
    dependsOn: ["/retention/communications", "/subprocessors/twilio", "/subprocessors/resend", tolerance],
  },
  "RET-INTEGRATION": {
    area: "retention",
    sections: ["table"],
    statement: "Integration data is purged once the integration is disconnected.",
    method: "tested",
    interpretation:
      "The deadline is the disconnection plus the sweep tolerance. Closure stops syncing at once, as the account is export-only, and the end of the export window disconnects every integration, so the data is gone by then plus the tolerance at the latest.",
    dependsOn: ["/retention/integration", "/parameters/exportWindow", tolerance],
  },
  "RET-TELEMETRY-RAW": {
    area: "retention",
    sections: ["table"],
    statement: "Each raw telemetry event is purged once the raw-log period has passed since its collection.",
    method: "tested",
    interpretation: "Counted per event from its own collection time.",
    dependsOn: ["/retention/telemetry-raw", tolerance],
  },
  "RET-TELEMETRY-AGG": {
    area: "retention",
    sections: ["table", "7"],
    statement:
      "Aggregates are purged once the aggregate period has passed after the period they cover, and no aggregate holds a value equal to any subject identifier of the tenant.",
    method: "tested",
    interpretation:
      "Analytics are aggregated and not linked to individual profiles (the cookies and tracking section); the identifiers aggregates must not hold are listed in the rule.",
    dependsOn: [
      "/retention/telemetry-aggregated",
      "/retention/telemetry-aggregated/excludedIdentifiers",
      tolerance,
    ],
  },
  "RET-BILLING": {
    area: "retention",
    sections: ["table", "11"],
    statement:
      "Billing records are kept for the legal period from the invoice date, even after closure or an erasure request, and purged when it ends.",
    method: "tested",
    interpretation: "The invoice date is the one the implementation recorded under its own clock.",
    dependsOn: ["/retention/billing", tolerance],
  },
  "RET-SECURITY": {
    area: "retention",
    sections: ["4", "11"],
    statement:
      "Audit entries and security incident records survive erasure requests and account closure; only their own retention rule removes them.",
    method: "tested",
    dependsOn: ["/retention/authentication-audit", "/retention/security-incidents"],
  },
} satisfies PolicyInput["guarantees"];
