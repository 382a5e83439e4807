import type { PolicyInput } from "../policy-schema.js";
import { parameters } from "./parameters.js";

const closure = ["accountClosed", "subscriptionEnded"];

// The summary table's retention column and section 11, as clocks. See deadlines.ts for the maths.
export const retention = {
  account: {
    category: "account",
    records: "Profile, business email, company, role and profile photo",
    anchors: closure,
    keepFor: parameters.exportWindow,
    purgeWithin: "P90D",
    purgeCountsFrom: "anchor",
    sections: ["table", "11"],
    interpretation:
      "Administrators can still sign in during the export window, so the account stays whole until it ends.",
  },
  "authentication-credentials": {
    category: "authentication",
    records: "Passkeys, SSO tokens and sessions",
    anchors: closure,
    keepFor: parameters.exportWindow,
    purgeWithin: "P0D",
    purgeCountsFrom: "keepForEnd",
    sections: ["table", "11"],
    interpretation: "Credentials keep working, export-only, until the export window ends, then are purged.",
  },
  "authentication-audit": {
    category: "authentication",
    records: "Sign-in audit records and the administrator audit trail",
    anchors: closure,
    keepFor: "P12M",
    purgeWithin: "P12M",
    purgeCountsFrom: "anchor",
    hold: { legalBasis: "legitimate-interests", reason: "Audit trail kept for security and accountability." },
    sections: ["table", "4", "11"],
    interpretation:
      "The table's twelve months after the account apply to the audit records; the whole trail is removed at once, never entry by entry.",
  },
  "security-incidents": {
    category: "authentication",
    records: "Security incident records",
    anchors: closure,
    keepFor: "P12M",
    purgeWithin: "P12M",
    purgeCountsFrom: "anchor",
    hold: {
      legalBasis: "legitimate-interests",
      reason: "Security incident records kept for accountability.",
    },
    sections: ["4", "11"],
    interpretation:
      "Section 11 keeps incident records for legitimate purposes without a period; we keep them as long as the audit records they belong with.",
  },
  crm: {
    category: "crm",
    records: "Contacts, accounts, deals, activities, notes and custom fields",
    anchors: closure,
    keepFor: parameters.exportWindow,
    purgeWithin: "P90D",
    purgeCountsFrom: "keepForEnd",
    sections: ["table", "11"],
    interpretation:
      "The table adds an export window after the subscription; section 11 then deletes within 90 days. Not gone before the window ends, gone within 90 days after it.",
  },
  communications: {
    category: "communications",
    records:
      "Messages, call recordings, voicemails and email threads, here and at the messaging and email providers",
    anchors: closure,
    keepFor: parameters.exportWindow,
    purgeWithin: "P90D",
    purgeCountsFrom: "keepForEnd",
    sections: ["table", "11"],
    interpretation: "Same windows as Customer CRM data, including copies the vendors' APIs let us delete.",
  },
  integration: {
    category: "integration",
    records: "Synced records from Salesforce, SAP and NetSuite",
    anchors: ["integrationDisconnected"],
    purgeWithin: "P0D",
    purgeCountsFrom: "anchor",
    sections: ["table"],
    interpretation:
      "Kept for the duration of the connection: the deadline is the disconnection plus the sweep tolerance.",
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
    sections: ["table", "7"],
    interpretation:
      "Counted from the end of the period an aggregate covers; aggregates hold no subject identifier.",
  },
  billing: {
    category: "billing",
    records: "Plan, invoices and payment records",
    anchors: ["invoiceIssued"],
    keepFor: "P7Y",
    purgeWithin: "P7Y",
    purgeCountsFrom: "anchor",
    hold: { legalBasis: "legal-obligation", reason: "Tax and accounting law requires keeping invoices." },
    sections: ["table", "11"],
    interpretation: "Counted from the invoice date the implementation recorded under its own clock.",
  },
} satisfies PolicyInput["retention"];
