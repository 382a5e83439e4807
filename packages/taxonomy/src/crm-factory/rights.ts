import type { PolicyInput } from "../policy-schema.js";

// Section 9 (the seven rights and the CCPA paragraph), with section 11's deletion deadline and
// section 10's report of a child's data.
export const rights = {
  kinds: {
    access: { name: "Access", regime: "gdpr", description: "Get a copy of one's data.", sections: ["9"] },
    rectification: {
      name: "Rectification",
      regime: "gdpr",
      description: "Correct inaccurate data.",
      sections: ["9"],
    },
    erasure: {
      name: "Erasure",
      regime: "gdpr",
      description: "Have one's data deleted.",
      sections: ["9", "11"],
    },
    portability: {
      name: "Portability",
      regime: "gdpr",
      description: "Receive one's data as machine-readable JSON.",
      sections: ["9"],
    },
    restriction: {
      name: "Restriction",
      regime: "gdpr",
      description: "Limit how one's data is processed.",
      sections: ["9"],
    },
    objection: {
      name: "Objection",
      regime: "gdpr",
      description: "Opt out of some processing, such as AI scoring or marketing.",
      sections: ["9"],
    },
    "withdraw-consent": {
      name: "Withdrawal of consent",
      regime: "gdpr",
      description: "Stop processing that rests on consent, such as marketing messages.",
      sections: ["2", "9"],
    },
    know: {
      name: "Right to know",
      regime: "ccpa",
      description: "Learn what personal information is collected.",
      sections: ["9"],
    },
    delete: {
      name: "Right to delete",
      regime: "ccpa",
      description: "Have personal information deleted.",
      sections: ["9"],
    },
    "opt-out-of-sale": {
      name: "Opt out of sale",
      regime: "ccpa",
      description: "Answered that CRM Factory does not sell personal information; the request is recorded.",
      sections: ["3", "9"],
    },
  },
  respondWithin: "P30D",
  extendedTotal: "P45D",
  extensionNoticeBefore: { $ref: "/rights/respondWithin" },
  noExtensionFor: ["erasure", "delete"],
  countsFrom: { controller: "requestVerified", processor: "requestFiled" },
  erasureWithin: "P30D",
  minorDataDeletionWithin: { $ref: "/rights/erasureWithin" },
  verification: { method: "one-time-code-to-account-email", window: "P30D" },
  sections: ["9", "10", "11"],
} satisfies PolicyInput["rights"];

export const notices = {
  breach: { within: "PT72H", to: ["owner", "admin"], channels: ["email"] },
  policyChange: { atLeast: "P30D", to: ["owner", "admin"], channels: ["email", "in-app"] },
  minimumAge: 16,
  transparencyReport: { every: "P1Y" },
} satisfies PolicyInput["notices"];
