import type { PolicyInput } from "../policy-schema.js";

/**
 * Another company's policy on the same model, for tests: other durations, roles and categories,
 * duration references, an implied anchor and a vendor profile of its own. Nothing CRM Factory's.
 */
export function tinySaasPolicy(): PolicyInput {
  return {
    id: "tiny-saas",
    name: "Tiny SaaS Privacy Notice",
    organisation: "Tiny SaaS",
    effective: "2027-01-01",
    lastUpdated: "2027-01-01",
    sections: { "1": { title: "What we keep" }, "2": { title: "Your rights" } },
    parameters: { sweepTolerance: "PT6H", exportWindow: "P14D" },
    readings: {},
    identifiers: { email: { description: "A customer's email address.", heldBy: ["user"] } },
    anchors: {
      accountDeleted: { description: "The customer deleted the account.", phrase: "account deletion" },
      mailboxRemoved: { description: "The customer removed a connected mailbox.", phrase: "mailbox removal" },
      requestVerified: { description: "The requester proved their email.", phrase: "verification" },
      requestFiled: { description: "Staff filed the request.", phrase: "filing" },
    },
    legalBases: {
      contract: { name: "Contract", gdprArticle: "6(1)(b)", description: "To run the service." },
    },
    purposes: { service: { description: "Run the service.", sections: ["1"] } },
    categories: {
      profile: {
        name: "Profile",
        examples: ["email"],
        purposes: ["service"],
        legalBases: ["contract"],
        role: "controller",
        subprocessors: ["postmark"],
        fides: ["user.contact.email"],
        dpv: ["dpv-pd:EmailAddress"],
        sections: ["1"],
      },
      mail: {
        name: "Mailbox copies",
        examples: ["synced email"],
        purposes: ["service"],
        legalBases: ["contract"],
        role: "processor",
        subprocessors: [],
        fides: ["user.content.private"],
        dpv: ["dpv-pd:Communication"],
        sections: ["1"],
      },
    },
    retention: {
      profile: {
        category: "profile",
        records: "Profile",
        anchors: ["accountDeleted"],
        keepFor: { $ref: "/parameters/exportWindow" },
        purgeWithin: "P1M",
        purgeCountsFrom: "keepForEnd",
        sections: ["1"],
      },
      mail: {
        category: "mail",
        records: "Synced mail",
        anchors: ["mailboxRemoved", { event: "accountDeleted", after: { $ref: "/parameters/exportWindow" } }],
        purgeWithin: "P2D",
        purgeCountsFrom: "anchor",
        sections: ["1"],
      },
    },
    rights: {
      kinds: { access: { name: "Access", regime: "gdpr", description: "A copy.", sections: ["2"] } },
      respondWithin: "P1M",
      extendedTotal: "P3M",
      extensionNoticeBefore: { $ref: "/rights/respondWithin" },
      noExtensionFor: [],
      countsFrom: { controller: "requestVerified", processor: "requestFiled" },
      erasureWithin: "P21D",
      minorDataDeletionWithin: { $ref: "/rights/erasureWithin" },
      verification: { method: "one-time-code-to-account-email", window: "P7D" },
      sections: ["2"],
    },
    permissions: {
      "profile:read": "Read profiles.",
      "rights:create": "Ask.",
      "platform:audit": "Operator audit.",
    },
    roles: {
      user: { level: 1, description: "A user.", permissions: ["rights:create"] },
      staff: { level: 2, description: "Staff.", permissions: ["rights:create", "profile:read"] },
    },
    operatorPermissions: ["platform:audit"],
    subprocessors: {
      postmark: {
        name: "Postmark",
        kind: "subprocessor",
        namedInPolicy: true,
        purpose: "Transactional email.",
        services: ["email"],
        hosts: ["api.postmarkapp.com"],
        categories: ["profile"],
        vendor: {
          baseUrlEnv: "POSTMARK_API_BASE_URL",
          defaultBaseUrl: "https://api.postmarkapp.com",
          endpoints: [
            {
              id: "email.send",
              method: "POST",
              path: "/email",
              purpose: "Send an email",
              docs: "https://postmarkapp.com/developer/api/email-api",
            },
          ],
          subjectLinks: [
            { object: "message", field: "To", identifier: "email", description: "The recipient." },
          ],
        },
        deletion: [],
        sections: ["1"],
      },
    },
    notices: {
      breach: { within: "P3D", to: ["staff"], channels: ["email"] },
      policyChange: { atLeast: "P14D", to: ["staff"], channels: ["email"] },
      minimumAge: 13,
    },
    guarantees: {
      "RET-PROFILE": {
        area: "retention",
        sections: ["1"],
        statement: "Profiles go once the deletion period after the export window has passed.",
        method: "tested",
        dependsOn: ["/retention/profile", "/parameters/sweepTolerance"],
      },
      "RET-MAIL": {
        area: "retention",
        sections: ["1"],
        statement: "Mailbox copies go soon after the mailbox is removed or the export window ends.",
        method: "tested",
        dependsOn: ["/retention/mail"],
      },
      "RIGHTS-ANSWER": {
        area: "rights",
        sections: ["2"],
        statement: "Requests are answered within the deadline.",
        method: "tested",
        dependsOn: ["/rights/respondWithin", "/rights/countsFrom"],
      },
    },
  };
}
