import type { PolicyInput } from "../policy-schema.js";

// Section 2 lists why data is processed (points a–f); the summary table names a purpose per category.
export const legalBases = {
  contract: {
    name: "Performance of a contract",
    gdprArticle: "6(1)(b)",
    description: "Needed to provide the Service the customer signed up for.",
  },
  "legitimate-interests": {
    name: "Legitimate interests",
    gdprArticle: "6(1)(f)",
    description: "Security, fraud prevention and improving the Service.",
  },
  consent: {
    name: "Consent",
    gdprArticle: "6(1)(a)",
    description: "Marketing communications, only while consent stands.",
  },
  "legal-obligation": {
    name: "Legal obligation",
    gdprArticle: "6(1)(c)",
    description: "Tax records and answering lawful requests from authorities.",
  },
} satisfies PolicyInput["legalBases"];

export const purposes = {
  "provide-service": {
    description:
      "Run the Service: CRM features, integrations, automations and AI analysis within the tenant.",
    sections: ["2"],
  },
  authentication: { description: "Create accounts and sign users in.", sections: ["table", "2"] },
  security: {
    description: "Protect accounts, prevent fraud and keep an audit trail.",
    sections: ["table", "2", "4"],
  },
  "transactional-communications": {
    description: "Send password resets, billing notices and service alerts.",
    sections: ["2"],
  },
  support: { description: "Help customers and answer their questions.", sections: ["table", "2"] },
  "crm-as-directed": {
    description: "Store and process the customer's CRM and communication data as the customer directs.",
    sections: ["table"],
  },
  "ai-analysis": {
    description: "Score leads, analyse conversations and draft replies within the tenant only.",
    sections: ["table", "2", "6"],
  },
  "data-synchronisation": {
    description: "Keep connected Salesforce, SAP or NetSuite data in sync.",
    sections: ["table"],
  },
  "service-improvement": {
    description: "Improve the Service from aggregated analytics, debugging and capacity planning.",
    sections: ["table", "2", "7"],
  },
  billing: { description: "Manage subscriptions and take payments.", sections: ["table"] },
  "legal-compliance": {
    description: "Meet legal duties such as keeping tax records, and enforce the Terms of Service.",
    sections: ["2", "11"],
  },
  marketing: { description: "Marketing email and SMS, only with consent.", sections: ["2"] },
} satisfies PolicyInput["purposes"];
