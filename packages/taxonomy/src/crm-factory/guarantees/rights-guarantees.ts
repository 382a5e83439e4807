import type { PolicyInput } from "../../policy-schema.js";

// GUARANTEES.md, "Rights requests": section 9 and its CCPA paragraph.
export const rightsGuarantees = {
  "RIGHTS-KINDS": {
    area: "rights",
    sections: ["9"],
    statement:
      "Every right the rights section names, its CCPA paragraph included, can be requested through the API.",
    method: "tested",
    interpretation: "A request to opt out of sale is answered that nothing is sold, and recorded.",
    dependsOn: ["/rights/kinds"],
  },
  "RIGHTS-VERIFY": {
    area: "rights",
    sections: ["9"],
    statement:
      "A user's request is fulfilled only after a one-time code sent to the account's email is returned; a wrong, expired or reused code discloses nothing; a request still unverified after the verification window is closed as unverified and the requester told.",
    method: "tested",
    interpretation: "Tenant-filed requests about contacts are verified by the tenant.",
    dependsOn: ["/rights/verification", "/readings/controller-processor"],
  },
  "RIGHTS-30D": {
    area: "rights",
    sections: ["9"],
    statement: "A request is answered within the response deadline.",
    method: "tested",
    dependsOn: ["/rights/respondWithin", "/rights/countsFrom"],
  },
  "RIGHTS-45D-NOTICE": {
    area: "rights",
    sections: ["9"],
    statement:
      "A complex request may take up to the extended total, and only when notice of the extension and its reason reached the requester before the first deadline.",
    method: "tested",
    interpretation:
      "Never beyond the extended total, which counts from the same start as the first deadline.",
    dependsOn: [
      "/rights/respondWithin",
      "/rights/countsFrom",
      "/rights/extendedTotal",
      "/rights/extensionNoticeBefore",
      "/rights/noExtensionFor",
    ],
  },
  "RIGHTS-ACCESS-COMPLETE": {
    area: "rights",
    sections: ["9"],
    statement:
      "An access or portability answer holds every record linked to the subject in every category, custom fields included, and nothing of any other subject or tenant.",
    method: "tested",
    interpretation: "Aggregates are not linked to subjects (RET-TELEMETRY-AGG).",
    dependsOn: ["/categories", "/rights/kinds/access", "/rights/kinds/portability"],
  },
  "RIGHTS-PORTABLE": {
    area: "rights",
    sections: ["9"],
    statement: "The portability answer is machine-readable JSON valid against a published schema.",
    method: "tested",
    dependsOn: ["/rights/kinds/portability"],
  },
  "RIGHTS-RECTIFY": {
    area: "rights",
    sections: ["9"],
    statement:
      "After rectification, later access shows the corrected value, here and at the subprocessors holding it.",
    method: "tested",
    dependsOn: ["/rights/kinds/rectification"],
  },
  "RIGHTS-RESTRICT-OBJECT": {
    area: "rights",
    sections: ["9"],
    statement:
      "After restriction or objection, the named processing (AI scoring, marketing) no longer touches the subject.",
    method: "tested",
    interpretation: "Observed as no new score and no marketing message.",
    dependsOn: ["/rights/kinds/restriction", "/rights/kinds/objection"],
  },
  "RIGHTS-CONSENT": {
    area: "rights",
    sections: ["2", "9", "13"],
    statement:
      "Once consent is withdrawn, no marketing email or SMS reaches the subject, including messages queued before the withdrawal.",
    method: "tested",
    interpretation: "CAN-SPAM and TCPA.",
    dependsOn: ["/rights/kinds/withdraw-consent", "/legalBases/consent"],
  },
  "RIGHTS-NO-DISCRIMINATION": {
    area: "rights",
    sections: ["9"],
    statement: "Exercising a right leaves the requester's plan, price, role and feature settings unchanged.",
    method: "tested",
    interpretation: "Erasing one's own account is the exception.",
    dependsOn: ["/rights/kinds", "/roles"],
  },
} satisfies PolicyInput["guarantees"];
