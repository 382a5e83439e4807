import type { PolicyInput } from "../../policy-schema.js";

// GUARANTEES.md, "Security, sharing and notice": sections 2, 3, 4, 6, 7, 8, 10, 12 and 13.
export const securityGuarantees = {
  "SEC-TENANT-ISOLATION": {
    area: "security",
    sections: ["4"],
    statement: "No tenant can read, change or delete another tenant's data by any API path or id.",
    method: "tested",
    interpretation: "Each tenant's data sits in a database schema of its own.",
    dependsOn: ["/security/tenantIsolation", "/subprocessors/neon"],
  },
  "SEC-RBAC": {
    area: "security",
    sections: ["4"],
    statement:
      "The permission levels are the policy's roles, and each operation is allowed only to levels whose permissions include it.",
    method: "tested",
    interpretation: "Roles and permissions are policy data; the API names the permission of each operation.",
    dependsOn: ["/roles", "/permissions"],
  },
  "SEC-AUDIT-IMMUTABLE": {
    area: "security",
    sections: ["4"],
    statement:
      "Administrator actions go to an append-only, hash-chained audit trail whose entries cannot be changed or removed one by one; a verifier recomputes the chain itself and each later listing extends the head it saw.",
    method: "tested",
    interpretation: "The only removal is the whole-trail retention purge after closure.",
    dependsOn: ["/retention/authentication-audit", "/permissions/audit:read"],
  },
  "SEC-NO-SALE": {
    area: "sharing",
    sections: ["3", "9"],
    statement:
      "Personal data goes only to hosts on the published subprocessor list and to integrations the customer connected.",
    method: "tested",
    interpretation:
      "In-process targets show every outbound request; over http only traffic that reaches the fakes is seen, and the report says so.",
    dependsOn: ["/subprocessors"],
  },
  "SEC-SUBPROCESSOR-LIST": {
    area: "sharing",
    sections: ["3"],
    statement:
      "The published subprocessor list holds every subprocessor the policy names, with purposes and hosts.",
    method: "tested",
    dependsOn: ["/subprocessors", "/readings/subprocessor-list"],
  },
  "SEC-AI-TENANT-SCOPE": {
    area: "security",
    sections: ["2", "6"],
    statement:
      "AI features use only their own tenant's data, can be switched off one by one, and do nothing once off.",
    method: "tested",
    interpretation: "Metamorphic: changing another tenant's data never changes this tenant's AI output.",
    dependsOn: ["/purposes/ai-analysis", "/permissions/ai:manage"],
  },
  "SEC-AI-HUMAN-REVIEW": {
    area: "security",
    sections: ["6"],
    statement:
      "An AI-drafted customer message is not sent, and an AI lead disqualification does not take effect, until a person approves it.",
    method: "tested",
    dependsOn: ["/permissions/ai:approve"],
  },
  "SEC-SESSION-ROTATION": {
    area: "security",
    sections: ["4"],
    statement: "Session tokens rotate, and a rotated token stops working at once.",
    method: "tested",
    dependsOn: ["/retention/authentication-credentials"],
  },
  "SEC-TLS13": {
    area: "security",
    sections: ["4"],
    statement:
      "Data in transit is protected with TLS, at the minimum version the security data names or newer.",
    method: "tested-if-https",
    dependsOn: ["/security/tlsMinimumVersion"],
  },
  "SEC-ENCRYPTION-AT-REST": {
    area: "security",
    sections: ["4"],
    statement:
      "Data at rest is encrypted with the cipher the security data names, integration credentials included.",
    method: "attested",
    dependsOn: ["/security/atRestCipher", "/security/encryptedIntegrationCredentials"],
  },
  "SEC-OPERATIONS": {
    area: "security",
    sections: ["4"],
    statement:
      "Hosting holds the certifications the security data names; every deployment is scanned for vulnerabilities and dependencies; production database access is logged; DDoS protection sits at the edge.",
    method: "attested",
    dependsOn: ["/security/hostingCertifications", "/subprocessors/vercel", "/subprocessors/neon"],
  },
  "AI-NO-TRAINING": {
    area: "security",
    sections: ["2", "6"],
    statement: "Customer data never trains a model shared across tenants.",
    method: "attested",
    dependsOn: ["/purposes/ai-analysis"],
  },
  "NOTICE-BREACH-72H": {
    area: "notice",
    sections: ["4"],
    statement:
      "The administrators of each affected tenant are emailed within the breach notice period of confirmation.",
    method: "tested",
    dependsOn: ["/notices/breach"],
  },
  "NOTICE-POLICY-30D": {
    area: "notice",
    sections: ["12"],
    statement:
      "A material policy change is announced to administrators by email and in the app at least the notice period before it takes effect.",
    method: "tested",
    dependsOn: ["/notices/policyChange"],
  },
  "NOTICE-MINOR": {
    area: "notice",
    sections: ["10"],
    statement: "Sign-up is refused to anyone who states a birth date under the minimum age.",
    method: "tested",
    interpretation: "A business service: no user under the minimum age.",
    dependsOn: ["/notices/minimumAge"],
  },
  "NOTICE-LEGAL-DISCLOSURE": {
    area: "notice",
    sections: ["3"],
    statement:
      "Where the law permits, customers hear of a legal disclosure first; a transparency report on government data requests is published at the interval the notices data names; a business transfer is announced before the data changes hands.",
    method: "attested",
    dependsOn: ["/notices/transparencyReport"],
  },
  "COOKIES-ESSENTIAL": {
    area: "sharing",
    sections: ["7"],
    statement:
      "Only essential cookies are set; there are no advertising trackers and no cross-site tracking.",
    method: "attested",
    dependsOn: [],
  },
  "TRANSFERS-SCC": {
    area: "sharing",
    sections: ["8", "13"],
    statement:
      "Transfers from the EEA, UK and Switzerland rest on SCCs, and a DPA with SCCs is available on request.",
    method: "attested",
    dependsOn: [],
  },
  "RESIDENCY-US": {
    area: "sharing",
    sections: ["8"],
    statement: "Data is processed in the United States.",
    method: "attested",
    dependsOn: [],
  },
} satisfies PolicyInput["guarantees"];
