// How a black-box suite observes each tested guarantee of the policy through this contract: the
// operations and response fields it reads, the subprocessors whose recorded state it reads, and
// whether the evidence is the suite's own or rests on the implementation's inventory. Profiles are
// derived from the operations' `x-profile`, never written here.
import type { OperationId } from "./index.js";
import { operationPermissions, type Profile } from "./operations.js";

/**
 * `independent`: decided on ordinary answers, refusals and the subprocessor fakes' state.
 * `self-reported`: part of the decision rests on the implementation's own inventory (always
 * cross-checked against the fakes and the API, but still its word).
 */
export type EvidenceClass = "independent" | "self-reported";

export interface ObservedOperation {
  operation: OperationId;
  /** JSON pointers into the operation's success response body (`*` = every array item); `[]` = its status alone. */
  fields: readonly string[];
}

export interface GuaranteeObservation {
  guarantee: string;
  evidence: EvidenceClass;
  /** What the suite reads, operation by operation. */
  observe: readonly ObservedOperation[];
  /** Subprocessors (policy ids) whose fakes' recorded state the decision reads. */
  subprocessors: readonly string[];
  /** The profiles the observed operations belong to: an implementation must serve them all. */
  profiles: readonly Profile[];
  /** How the observation decides, in one sentence. */
  decides: string;
}

type Entry = Omit<GuaranteeObservation, "guarantee" | "profiles">;
const o = (operation: OperationId, ...fields: string[]): ObservedOperation => ({ operation, fields });

const inventory = o(
  "getTestClockTenantInventory",
  "/tenantStatus",
  "/holdings/*/recordIds",
  "/holdings/*/availableUntil",
  "/holdings/*/lateAt",
  "/subjects/*/holdings/*/recordIds",
);
const clock = [
  o("createTestClock", "/id", "/frozenTime"),
  o("advanceTestClock", "/status"),
  o("getTestClock", "/status", "/frozenTime"),
];
const closure = [
  o("closeTenant", "/status", "/exportWindowEndsAt", "/deletionDueAt"),
  o("getTenant", "/status"),
];
// The data a subject has at the subprocessors, which an observation of their state needs seeded first.
const seedAtVendors = [
  o("createContact", "/id", "/email", "/phone"),
  o("sendMessage", "/id", "/provider/externalId"),
  o("uploadProfilePhoto", "/profilePhoto/objectId"),
  o("createInvoice", "/id", "/provider/externalId"),
];
const exportDocument = [
  o("createExport", "/id"),
  o("getExport", "/status", "/sha256", "/byteLength"),
  o("getExportDocument", "/categories"),
];

const entries: Record<string, Entry> = {
  "RET-ACCOUNT": {
    evidence: "self-reported",
    observe: [
      ...clock,
      o("createTenant", "/owner/id"),
      o("uploadProfilePhoto", "/profilePhoto/objectId"),
      o("getUser", "/email", "/profilePhoto/objectId"),
      ...closure,
      inventory,
    ],
    subprocessors: ["vercel"],
    decides:
      "The user and profile photo are readable until the account period ends, and neither the inventory nor file storage holds them at its end plus the tolerance.",
  },
  "RET-AUTH": {
    evidence: "self-reported",
    observe: [
      ...clock,
      o("registerPasskey", "/id"),
      o("createSessionChallenge", "/challenge"),
      o("createSession", "/token"),
      o("listSessions", "/data/*/id"),
      o("listAuditEntries", "/data/*/action"),
      ...closure,
      inventory,
    ],
    subprocessors: [],
    decides:
      "Sign-in works (export-only) until the export window ends and is refused from then on, and the sign-in audit records leave the inventory when the audit period ends.",
  },
  "RET-CRM": {
    evidence: "self-reported",
    observe: [
      ...clock,
      o("createContact", "/id", "/customFields"),
      o("createCrmObject", "/id"),
      ...closure,
      o("endSubscription", "/status"),
      o("startSubscription", "/status"),
      ...exportDocument,
      inventory,
    ],
    subprocessors: [],
    decides:
      "The export holds every CRM record by value until the window ends, and the inventory holds none of them at the purge deadline plus the tolerance.",
  },
  "RET-COMMS": {
    evidence: "self-reported",
    observe: [
      ...clock,
      o("sendMessage", "/id", "/provider/externalId"),
      o("createCall", "/id", "/recording"),
      o("listMessages", "/data/*/id"),
      ...closure,
      ...exportDocument,
      inventory,
    ],
    subprocessors: ["twilio", "resend"],
    decides:
      "Messages and recordings are exported within the window, and at the deadline plus the tolerance neither the inventory nor the messaging and email providers hold them.",
  },
  "RET-INTEGRATION": {
    evidence: "self-reported",
    observe: [
      ...clock,
      o("connectIntegration", "/id"),
      o("syncIntegration", "/recordsImported"),
      o("listIntegrationRecords", "/data/*/id"),
      o("disconnectIntegration", "/status"),
      ...closure,
      inventory,
    ],
    subprocessors: ["salesforce", "sap", "netsuite"],
    decides:
      "Synced records are gone at disconnection plus the tolerance (or at the export window's end after closure), and no source is read after a disconnect or closure.",
  },
  "RET-TELEMETRY-RAW": {
    evidence: "independent",
    observe: [
      ...clock,
      o("recordTelemetryEvent", "/id", "/collectedAt"),
      o("listTelemetryEvents", "/data/*/id"),
    ],
    subprocessors: [],
    decides:
      "Each raw event is listed until its own raw-log period ends and not at that end plus the tolerance.",
  },
  "RET-TELEMETRY-AGG": {
    evidence: "independent",
    observe: [
      ...clock,
      o("recordTelemetryEvent", "/id"),
      o("listTelemetryAggregates", "/data/*/periodEnd", "/data/*/name", "/data/*/count"),
      o("listUsers", "/data/*/email"),
      o("listContacts", "/data/*/email", "/data/*/phone"),
    ],
    subprocessors: [],
    decides:
      "Aggregates disappear at their period's end plus the aggregate period plus the tolerance, and none holds a value equal to any identifier of the tenant's subjects.",
  },
  "RET-BILLING": {
    evidence: "self-reported",
    observe: [
      ...clock,
      o("createInvoice", "/id", "/issuedAt", "/provider/externalId"),
      o("listInvoices", "/data/*/id"),
      o("getInvoice", "/issuedAt"),
      o("createRightsRequest", "/id"),
      ...closure,
      inventory,
    ],
    subprocessors: ["stripe"],
    decides:
      "Invoices stay, here and at the payments provider, through closure and erasure until the legal period after their recorded date ends, and leave the inventory then.",
  },
  "RET-SECURITY": {
    evidence: "self-reported",
    observe: [
      o("listAuditEntries", "/data/*/hash"),
      o("getAuditHead", "/sequence", "/hash"),
      o("createIncident", "/id"),
      o("getIncident", "/id", "/status"),
      ...closure,
      o("createDeletion", "/id"),
      inventory,
    ],
    subprocessors: [],
    decides:
      "Erasure and closure leave the audit chain and incident records whole; only their own retention rule removes them, as a whole.",
  },
  "DEL-REQUEST-30D": {
    evidence: "self-reported",
    observe: [
      ...clock,
      ...seedAtVendors,
      o("createRightsRequest", "/id"),
      o("verifyRightsRequest", "/status", "/dueAt"),
      o("createContactRightsRequest", "/id", "/dueAt"),
      o("getRightsRequest", "/status", "/completedAt", "/result"),
      o("getRightsRequestReceipt", "/deleted", "/completedAt"),
      o("extendRightsRequest"),
      inventory,
    ],
    subprocessors: ["twilio", "resend", "vercel", "stripe"],
    decides:
      "An erasure completes before its deadline with every non-retained record gone from the API, the fakes and the inventory, and extending it is refused.",
  },
  "DEL-LEGAL-HOLD": {
    evidence: "independent",
    observe: [
      o("createInvoice", "/id", "/provider/externalId"),
      o("createContactRightsRequest", "/id"),
      o("createDeletion", "/receiptId"),
      o("getRightsRequestReceipt", "/retained", "/notDeletable"),
      o("getErasureReceipt", "/retained/*/location", "/retained/*/legalBasis"),
      o("listInvoices", "/data/*/id"),
    ],
    subprocessors: ["stripe"],
    decides:
      "After erasure the invoices are still listed and held by the payments provider, and the receipt names each retained category, where it stays and its legal basis.",
  },
  "DEL-SUBPROCESSORS": {
    evidence: "independent",
    observe: [
      o("sendMessage", "/provider/externalId"),
      o("createCall", "/id"),
      o("createContact", "/id"),
      o("uploadProfilePhoto", "/profilePhoto/objectId"),
      o("setPaymentMethod", "/customer"),
      o("createDeletion", "/receiptId"),
      o("getErasureReceipt", "/deleted/*/location", "/notDeletable"),
    ],
    subprocessors: ["twilio", "resend", "vercel", "stripe"],
    decides:
      "After erasure each provider holds none of the subject's objects its API can delete, and the receipt says which it could not.",
  },
  "DEL-SELF-SERVICE": {
    evidence: "independent",
    observe: [
      o("getCurrentSession", "/permissions"),
      o("createExport", "/id"),
      o("getExport", "/status"),
      o("getExportDocument", "/categories"),
      o("createDeletion", "/id"),
      o("getDeletion", "/status", "/receiptId"),
      o("getErasureReceipt", "/status"),
      o("listErasureReceipts", "/data/*/id"),
    ],
    subprocessors: [],
    decides:
      "Every role allowed export and deletion can do both through the API alone, and every other role is refused.",
  },
  "DEL-CHILD": {
    evidence: "independent",
    observe: [
      ...clock,
      ...seedAtVendors,
      o("createMinorReport", "/id", "/dueAt"),
      o("getMinorReport", "/status", "/receiptId"),
      o("getErasureReceipt", "/deleted", "/completedAt"),
      o("getContact"),
      o("getUser"),
    ],
    subprocessors: ["twilio", "resend", "vercel"],
    decides: "A reported child's data is gone from the API and the providers before the report's deadline.",
  },
  "DEL-ACCOUNT-CLOSE": {
    evidence: "self-reported",
    observe: [...seedAtVendors, ...clock, ...closure, ...exportDocument, inventory],
    subprocessors: ["twilio", "resend", "vercel"],
    decides:
      "After closure the account exports everything through the window, and its Customer Data leaves the inventory and the providers by the deletion deadline plus the tolerance.",
  },
  "DEL-NO-RESURRECTION": {
    evidence: "independent",
    observe: [
      o("createDeletion", "/receiptId"),
      o("getErasureReceipt", "/suppressedIdentifiers"),
      o("syncIntegration", "/recordsImported"),
      o("listContacts", "/data/*/email"),
      ...exportDocument,
      o("listTelemetryAggregates", "/data/*/name"),
      o("getRightsRequestExport", "/categories"),
    ],
    subprocessors: ["salesforce", "sap", "netsuite"],
    decides:
      "After an erasure, a sync of the same source record, an export and an access request hold nothing of the subject.",
  },
  "RIGHTS-KINDS": {
    evidence: "independent",
    observe: [
      o("getMetaPolicy", "/rights"),
      o("createRightsRequest", "/id", "/kind"),
      o("createContactRightsRequest", "/id", "/kind"),
      o("getRightsRequest", "/status", "/result"),
    ],
    subprocessors: [],
    decides:
      "A request of every kind of the policy is accepted and answered; opt-out of sale is answered that nothing is sold.",
  },
  "RIGHTS-VERIFY": {
    evidence: "independent",
    observe: [
      ...clock,
      o("createRightsRequest", "/id", "/verification/windowEndsAt"),
      o("verifyRightsRequest", "/status"),
      o("resendRightsRequestCode", "/verification/codeExpiresAt"),
      o("getRightsRequest", "/status", "/denial/reason"),
      o("createPublicRightsRequest", "/requestToken", "/request/status"),
    ],
    subprocessors: ["resend"],
    decides:
      "Nothing is fulfilled before the emailed code comes back; wrong, expired and reused codes get one indistinguishable refusal; an unverified request is closed at its window's end and the requester emailed.",
  },
  "RIGHTS-30D": {
    evidence: "independent",
    observe: [
      ...clock,
      o("getRightsRequest", "/dueAt", "/completedAt", "/status"),
      o("listRightsRequests", "/data/*/dueAt"),
    ],
    subprocessors: [],
    decides: "Every request is completed strictly before its due date, counted from verification or filing.",
  },
  "RIGHTS-45D-NOTICE": {
    evidence: "independent",
    observe: [
      ...clock,
      o("extendRightsRequest", "/extendedDueAt", "/extension/noticeSentAt"),
      o("extendPlatformRightsRequest", "/extendedDueAt"),
      o("getRightsRequest", "/completedAt"),
      o("listCallbackDeliveries", "/data/*/eventType"),
    ],
    subprocessors: ["resend"],
    decides:
      "An extended request completes before the extended total, and its notice with the reason reached the requester before the first deadline; erasure and late extensions are refused.",
  },
  "RIGHTS-ACCESS-COMPLETE": {
    evidence: "independent",
    observe: [
      ...seedAtVendors,
      o("createRightsRequest", "/id"),
      o("createContactRightsRequest", "/id"),
      o("getRightsRequest", "/result"),
      o("getRightsRequestExport", "/categories"),
    ],
    subprocessors: ["twilio", "resend", "vercel", "stripe"],
    decides:
      "The access export holds by value every record the suite linked to the subject in every category, and no value of any other subject or tenant.",
  },
  "RIGHTS-PORTABLE": {
    evidence: "independent",
    observe: [
      o("getRightsRequestExport", "/schema", "/categories"),
      o("getExportSchema", "/$id"),
      o("getRightsRequest", "/result"),
    ],
    subprocessors: [],
    decides:
      "The portability answer is JSON valid against the published export schema, and its bytes hash to the digest the request reports.",
  },
  "RIGHTS-RECTIFY": {
    evidence: "independent",
    observe: [
      ...seedAtVendors,
      o("createRightsRequest", "/id"),
      o("createContactRightsRequest", "/id"),
      o("getRightsRequest", "/result"),
      o("getContact", "/email", "/phone", "/name"),
      o("getUser", "/name", "/email"),
      o("getRightsRequestExport", "/categories"),
    ],
    subprocessors: ["twilio", "resend", "stripe"],
    decides:
      "After rectification the API, a later access export and every provider holding the value show the corrected one, and no later request carries the old one.",
  },
  "RIGHTS-RESTRICT-OBJECT": {
    evidence: "independent",
    observe: [
      o("createContactRightsRequest", "/id"),
      o("runAiFeature", "/outcome", "/scoreId", "/proposalId"),
      o("listAiScores", "/data/*/contactId"),
      o("createMarketingMessage", "/id"),
      o("getMarketingMessage", "/recipients"),
    ],
    subprocessors: ["twilio", "resend"],
    decides:
      "After restriction or objection no new score of the subject appears and no marketing message reaches the subject's address.",
  },
  "RIGHTS-CONSENT": {
    evidence: "independent",
    observe: [
      ...clock,
      o("createContactRightsRequest", "/id"),
      o("updateContact", "/consent"),
      o("createMarketingMessage", "/id", "/scheduledFor"),
      o("getMarketingMessage", "/status", "/recipients"),
    ],
    subprocessors: ["twilio", "resend"],
    decides:
      "After withdrawal no marketing email or SMS reaches the subject, including messages queued before it.",
  },
  "RIGHTS-NO-DISCRIMINATION": {
    evidence: "independent",
    observe: [
      o("createRightsRequest", "/id"),
      o("getBilling", "/plan", "/price"),
      o("getCurrentSession", "/user/role", "/permissions"),
      o("getAiSettings", "/features"),
    ],
    subprocessors: [],
    decides:
      "Plan, price, role and feature settings are the same before and after the requester exercises each right (erasure of one's own account excepted).",
  },
  "SEC-TENANT-ISOLATION": {
    evidence: "independent",
    observe: [
      o("getContact"),
      o("updateContact"),
      o("deleteContact"),
      o("getCrmObject"),
      o("getMessage"),
      o("getRightsRequest"),
      o("getExport"),
      o("getErasureReceipt"),
      o("listContacts", "/data/*/id"),
    ],
    subprocessors: [],
    decides:
      "Every id of another tenant answers not-found through every path, exactly like an id that does not exist, and changes nothing.",
  },
  "SEC-RBAC": {
    evidence: "independent",
    observe: [
      o("getMetaPolicy", "/roles", "/permissions"),
      o("getCurrentSession", "/permissions"),
      o("createUser", "/role"),
      o("updateUser", "/role"),
    ],
    subprocessors: [],
    decides:
      "Each operation succeeds for exactly the roles whose permissions include its x-permission and is refused, changing nothing, for the others.",
  },
  "SEC-AUDIT-IMMUTABLE": {
    evidence: "independent",
    observe: [
      o("listAuditEntries", "/data/*/sequence", "/data/*/prevHash", "/data/*/hash"),
      o("getAuditHead", "/sequence", "/hash"),
    ],
    subprocessors: [],
    decides:
      "The suite recomputes the chain from genesis, every audited operation appended its entry, and every later listing extends the head seen before.",
  },
  "SEC-NO-SALE": {
    evidence: "independent",
    observe: [
      o("listSubprocessors", "/data/*/hosts"),
      o("connectIntegration", "/baseUrl"),
      o("createCallbackEndpoint", "/url"),
    ],
    subprocessors: ["stripe", "twilio", "resend", "vercel", "salesforce", "sap", "netsuite"],
    decides:
      "Every recorded outbound request carrying personal data went to a host on the published list, a connected integration or a registered callback URL.",
  },
  "SEC-SUBPROCESSOR-LIST": {
    evidence: "independent",
    observe: [o("listSubprocessors", "/data/*/id", "/data/*/purpose", "/data/*/hosts")],
    subprocessors: [],
    decides: "The published list holds every subprocessor the policy names, each with its purpose and hosts.",
  },
  "SEC-AI-TENANT-SCOPE": {
    evidence: "independent",
    observe: [
      o("runAiFeature", "/outcome", "/scoreId", "/proposalId"),
      o("listAiScores", "/data/*/score"),
      o("updateAiFeature", "/enabled"),
      o("getAiSettings", "/features"),
    ],
    subprocessors: [],
    decides:
      "Changing another tenant's data never changes this tenant's AI output, and a feature switched off produces nothing.",
  },
  "SEC-AI-HUMAN-REVIEW": {
    evidence: "independent",
    observe: [
      o("runAiFeature", "/outcome", "/scoreId", "/proposalId"),
      o("listAiProposals", "/data/*/status"),
      o("approveAiProposal", "/status"),
      o("rejectAiProposal", "/status"),
      o("getContact", "/disqualified"),
      o("listMessages", "/data/*/id"),
    ],
    subprocessors: ["twilio", "resend"],
    decides:
      "No drafted message reaches a provider and no disqualification shows before a person approves it; a rejected proposal never takes effect.",
  },
  "SEC-SESSION-ROTATION": {
    evidence: "independent",
    observe: [
      o("getMeta", "/limits/sessionRotationInterval"),
      o("rotateSession", "/token"),
      o("revokeSession"),
      o("getCurrentSession", "/session/id"),
      ...clock,
    ],
    subprocessors: [],
    decides:
      "A rotated token, by call or automatically, is refused on its very next use while the new one works.",
  },
  "SEC-TLS13": {
    evidence: "independent",
    observe: [o("getMeta", "/mode")],
    subprocessors: [],
    decides: "Over https the server negotiates TLS 1.3 and refuses older versions.",
  },
  "NOTICE-BREACH-72H": {
    evidence: "independent",
    observe: [
      ...clock,
      o("createIncident", "/id"),
      o("confirmIncident", "/confirmedAt", "/notifyBy"),
      o("getIncident", "/affectedTenants"),
      o("listNotices", "/data/*/type"),
    ],
    subprocessors: ["resend"],
    decides:
      "Each affected tenant's recipients were emailed, and the breach notice published, before confirmation plus the notice period.",
  },
  "NOTICE-POLICY-30D": {
    evidence: "independent",
    observe: [
      o("createPolicyNotice", "/announcedAt", "/effectiveAt"),
      o("listNotices", "/data/*/type"),
      o("listBanners", "/data/*/id"),
    ],
    subprocessors: ["resend"],
    decides:
      "A material change is emailed to the recipients and shown as a banner at least the notice period ahead, and a later one is refused.",
  },
  "NOTICE-MINOR": {
    evidence: "independent",
    observe: [o("createTenant"), o("createUser"), o("listUsers", "/data/*/email")],
    subprocessors: ["resend"],
    decides:
      "A stated birth date under the minimum age is refused at sign-up and user creation, and nothing of it is stored or sent.",
  },
};

// Every observation starts from a tenant of its own, signed up with its owner's session.
const signUp = o("createTenant", "/tenant/id", "/owner/id", "/session/token");
function withTenant(entry: Entry): Entry {
  const observe = entry.observe.some((item) => item.operation === "createTenant")
    ? entry.observe
    : [signUp, ...entry.observe];
  return { ...entry, observe };
}

function profilesOf(observe: readonly ObservedOperation[]): Profile[] {
  const profiles = new Set(observe.map(({ operation }) => operationPermissions[operation].profile));
  return (["privacy", "harness", "data"] as const).filter((profile) => profiles.has(profile));
}

/** The observation of every tested guarantee of the CRM Factory policy, by guarantee id. */
export const guaranteeObservations: Readonly<Record<string, Readonly<GuaranteeObservation>>> = Object.freeze(
  Object.fromEntries(
    Object.entries(entries).map(([guarantee, entry]) => [
      guarantee,
      Object.freeze({ guarantee, ...withTenant(entry), profiles: profilesOf(withTenant(entry).observe) }),
    ]),
  ),
);
