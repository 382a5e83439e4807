import type { PolicyInput } from "../policy-schema.js";

const closure = ["accountClosed", "subscriptionEnded"];
// Numbers the policy states once are written once; other rules point at them.
const exportWindow = { $ref: "/parameters/exportWindow" };

// The summary table's retention column and section 11, as clocks. See deadlines.ts for the maths.
export const retention = {
  account: {
    category: "account",
    records: "Profile, business email, company, role and profile photo",
    anchors: [...closure],
    keepFor: exportWindow,
    purgeWithin: "P90D",
    purgeCountsFrom: "anchor",
    sections: ["table", "11"],
    interpretation:
      "Administrators can still sign in during the export window, so the account stays whole until it ends.",
  },
  "authentication-credentials": {
    category: "authentication",
    records: "Passkeys, SSO tokens and sessions",
    anchors: [...closure],
    keepFor: exportWindow,
    purgeWithin: "P0D",
    purgeCountsFrom: "keepForEnd",
    sections: ["table", "11"],
    interpretation: "Credentials keep working, export-only, until the export window ends, then are purged.",
  },
  "authentication-audit": {
    category: "authentication",
    records: "Sign-in audit records and the administrator audit trail",
    anchors: [...closure],
    keepFor: "P12M",
    purgeWithin: "P0D",
    purgeCountsFrom: "keepForEnd",
    hold: { legalBasis: "legitimate-interests", reason: "Audit trail kept for security and accountability." },
    sections: ["table", "4", "11"],
    interpretation:
      "The table's period after the account applies to the audit records; the whole trail is removed at once, never entry by entry.",
  },
  "security-incidents": {
    category: "authentication",
    records: "Security incident records",
    anchors: [...closure],
    keepFor: { $ref: "/retention/authentication-audit/keepFor" },
    purgeWithin: { $ref: "/retention/authentication-audit/purgeWithin" },
    purgeCountsFrom: "keepForEnd",
    hold: {
      legalBasis: "legitimate-interests",
      reason: "Security incident records kept for accountability.",
    },
    sections: ["4", "11"],
    interpretation:
      "The retention section keeps incident records for legitimate purposes without a period; we keep them as long as the audit records they belong with.",
  },
  crm: {
    category: "crm",
    records: "Contacts, accounts, deals, activities, notes and custom fields",
    anchors: [...closure],
    keepFor: exportWindow,
    purgeWithin: "P90D",
    purgeCountsFrom: "keepForEnd",
    sections: ["table", "11"],
    interpretation:
      "The table adds an export window after the subscription; the retention section then deletes within the deletion period. Not gone before the window ends, gone within the deletion period after it.",
  },
  communications: {
    category: "communications",
    records:
      "Messages, call recordings, voicemails and email threads, here and at the messaging and email providers",
    anchors: [...closure],
    keepFor: exportWindow,
    purgeWithin: { $ref: "/retention/crm/purgeWithin" },
    purgeCountsFrom: "keepForEnd",
    sections: ["table", "11"],
    interpretation: "Same windows as Customer CRM data, including copies the vendors' APIs let us delete.",
  },
  integration: {
    category: "integration",
    records: "Synced records from Salesforce, SAP and NetSuite",
    // Closure or the end of the subscription stops syncing at once (export-only), and the end of the
    // export window disconnects every integration: both are anchors of this clock.
    anchors: [
      "integrationDisconnected",
      { event: "accountClosed", after: exportWindow },
      { event: "subscriptionEnded", after: exportWindow },
    ],
    purgeWithin: "P0D",
    purgeCountsFrom: "anchor",
    sections: ["table", "11"],
    interpretation:
      "Kept while the integration is connected. Closing the account or ending the subscription stops syncing at once, and the end of the export window disconnects every integration: the data is gone by the earlier of the disconnection and the end of the window, plus the sweep tolerance.",
  },
  "telemetry-raw": {
    category: "telemetry",
    records: "Raw usage events and error logs",
    anchors: ["collected"],
    purgeWithin: "P90D",
    purgeCountsFrom: "anchor",
    sections: ["table"],
    interpretation: "Counted per event from its own collection time.",
  },
  "telemetry-aggregated": {
    category: "telemetry",
    records: "Aggregated usage metrics",
    anchors: ["periodEnded"],
    purgeWithin: "P13M",
    purgeCountsFrom: "anchor",
    excludedIdentifiers: ["email", "phone", "name", "userId", "contactId"],
    sections: ["table", "7"],
    interpretation:
      "Counted from the end of the period an aggregate covers; aggregates hold no subject identifier.",
  },
  billing: {
    category: "billing",
    records: "Plan, invoices and payment records",
    anchors: ["invoiceIssued"],
    keepFor: "P7Y",
    purgeWithin: "P0D",
    purgeCountsFrom: "keepForEnd",
    hold: { legalBasis: "legal-obligation", reason: "Tax and accounting law requires keeping invoices." },
    sections: ["table", "11"],
    interpretation: "Counted from the invoice date the implementation recorded under its own clock.",
  },
} satisfies PolicyInput["retention"];
