import type { PolicyInput } from "../../policy-schema.js";

// GUARANTEES.md, "Deletion": sections 9, 10 and 11.
export const deletionGuarantees = {
  "DEL-REQUEST-30D": {
    area: "deletion",
    sections: ["9", "11"],
    statement: "An erasure request is completed within the erasure deadline, and no extension applies to it.",
    method: "tested",
    interpretation:
      "Completed means every record of the subject that no retention duty holds is gone, here and at every subprocessor whose API allows deletion.",
    dependsOn: ["/rights/erasureWithin", "/rights/noExtensionFor"],
  },
  "DEL-LEGAL-HOLD": {
    area: "deletion",
    sections: ["11"],
    statement:
      "Erasure never removes data under a retention duty (billing, audit, incident records); the receipt lists each retained category, where it stays, including at subprocessors such as invoices at the payments provider, and its legal basis.",
    method: "tested",
    dependsOn: [
      "/retention/billing",
      "/retention/authentication-audit",
      "/retention/security-incidents",
      "/subprocessors/stripe",
    ],
  },
  "DEL-SUBPROCESSORS": {
    area: "deletion",
    sections: ["3", "11"],
    statement:
      "Erasure and purges reach every subprocessor holding the data: messages and recordings at the messaging provider, contacts at the email provider, files at file storage, and the payments customer once no billing hold applies.",
    method: "tested",
    interpretation:
      "Sent emails and finalised invoices cannot be deleted through the vendors' APIs; the receipt says so.",
    dependsOn: [
      "/subprocessors/twilio",
      "/subprocessors/resend",
      "/subprocessors/vercel",
      "/subprocessors/stripe",
    ],
  },
  "DEL-SELF-SERVICE": {
    area: "deletion",
    sections: ["9"],
    statement: "Export and deletion are self-service API operations for the roles allowed to use them.",
    method: "tested",
    dependsOn: ["/permissions/exports:create", "/permissions/deletions:create", "/roles"],
  },
  "DEL-CHILD": {
    area: "deletion",
    sections: ["10", "11"],
    statement:
      "Data an authorised role reports as a child's is deleted within the deletion deadline of the report.",
    method: "tested",
    interpretation:
      "The children's section sets no period; the erasure deadline of the retention section applies.",
    dependsOn: ["/rights/minorDataDeletionWithin", "/notices/minimumAge", "/permissions/minors:report"],
  },
  "DEL-ACCOUNT-CLOSE": {
    area: "deletion",
    sections: ["11"],
    statement:
      "Closing an account opens the export window, after which the account's Customer Data is deleted within the deletion period.",
    method: "tested",
    interpretation: "The same clock as RET-CRM, seen from the account.",
    dependsOn: ["/retention/crm", "/retention/communications", "/parameters/exportWindow"],
  },
  "DEL-NO-RESURRECTION": {
    area: "deletion",
    sections: ["11"],
    statement: "Deleted data never returns: not through a later integration sync, an export or an aggregate.",
    method: "tested",
    interpretation: "A later access request and the data plane both find nothing.",
    dependsOn: ["/retention/integration", "/retention/telemetry-aggregated"],
  },
} satisfies PolicyInput["guarantees"];
