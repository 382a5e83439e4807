import type { PolicyInput } from "../policy-schema.js";

// Policy-wide parameters and readings (GUARANTEES.md, first section). Rules that share a number
// point at these with a `{ $ref }`, so each number is written once, in policy.json too.
export const parameters = {
  sweepTolerance: "P1D",
  exportWindow: "P30D",
};

// What links data to a person; RET-TELEMETRY-AGG names those aggregates must never hold.
export const identifiers = {
  email: { description: "The email address of a user or a contact.", heldBy: ["user", "contact"] },
  phone: { description: "The phone number of a user or a contact.", heldBy: ["user", "contact"] },
  name: { description: "The name of a user or a contact.", heldBy: ["user", "contact"] },
  userId: { description: "The implementation's id of a user.", heldBy: ["user"] },
  contactId: { description: "The implementation's id of a contact.", heldBy: ["contact"] },
  tenantId: {
    description:
      "The implementation's id of the tenant a user belongs to: it links the account's payments customer, its invoices and the email sent for it.",
    heldBy: ["user"],
  },
  pathPrefix: {
    description:
      "The storage path prefix a user's files are kept under (tenants/<tenantId>/users/<userId>/).",
    heldBy: ["user"],
  },
} satisfies PolicyInput["identifiers"];

export const anchors = {
  collected: { description: "The implementation recorded the event (raw telemetry).", phrase: "collection" },
  accountClosed: { description: "An owner closed the account.", phrase: "account closure" },
  subscriptionEnded: {
    description:
      "The subscription ended without renewal; resubscribing inside the export window withdraws this event.",
    phrase: "subscription end",
  },
  integrationDisconnected: {
    description: "The customer disconnected the integration.",
    phrase: "disconnection",
  },
  periodEnded: {
    description: "The period an aggregate covers came to its end.",
    phrase: "the end of the period covered",
  },
  invoiceIssued: {
    description: "The implementation recorded the invoice date under its own clock.",
    phrase: "the invoice date",
  },
  requestFiled: {
    description: "A tenant filed a rights request about one of its contacts.",
    phrase: "filing",
  },
  requestVerified: {
    description: "A user proved control of the account's email for their own request.",
    phrase: "verification",
  },
  minorReported: {
    description: "An authorised role reported data as belonging to a child under the minimum age.",
    phrase: "the report",
  },
  breachConfirmed: { description: "The operator confirmed a security breach.", phrase: "confirmation" },
};

export const readings = {
  "sweep-tolerance": {
    topic: "Purge deadlines",
    statement:
      "Purges may run periodically, so a purge deadline is met when the data is gone by the deadline plus the sweep tolerance. Availability promises (the export window, legal holds) have no tolerance: such data is never gone one instant early.",
  },
  "closure-export-window": {
    topic: "Closure and the export window",
    statement:
      "Closing the account or ending the subscription, whichever comes first, opens the export window. During it the account is export-only: administrators may sign in and export, nothing else. Resubscribing inside the window cancels the pending deletion.",
  },
  "controller-processor": {
    topic: "Who answers a rights request",
    statement:
      "For account, authentication, billing and telemetry data CRM Factory is the controller and answers its own users after verifying them. For Customer CRM and communication data it is a processor: requests about a tenant's contacts are filed by the tenant through an authorised role, and the tenant vouches for the requester's identity.",
  },
  "deadline-counting": {
    topic: "When a response deadline starts",
    statement:
      "Deadlines count from verification for a user's own request and from filing for a tenant-filed request. The extended deadline is the whole time allowed from that point, not an addition to the first deadline.",
  },
  "subprocessor-list": {
    topic: "The subprocessor list",
    statement:
      "The policy names its key subprocessors. The implementation publishes its complete list, which must hold every subprocessor the policy names, with purpose and hosts; personal data may reach no host outside that list except integrations the customer connected. Profile photos are kept in Vercel's Blob storage.",
  },
};
