// Section 4 promises role-based access control with four permission levels. The policy never names
// API paths: the API contract names, per operation, which of these permissions it needs.
export const permissions = {
  "meta:read":
    "Read the discovery document: mode, contract version, policy and its hash (public; every role holds it).",
  "tenant:read": "Read the workspace, its subscription and its status.",
  "tenant:manage": "Change the subscription, close or reopen the account.",
  "users:read": "List the workspace's users and their roles.",
  "users:manage": "Invite users, change their roles, remove them.",
  "sessions:manage": "Sign in, rotate and revoke one's own sessions and passkeys.",
  "crm:read": "Read contacts, accounts, deals, activities, notes and custom fields.",
  "crm:write": "Create, change and delete CRM records.",
  "messages:read": "Read SMS, WhatsApp, call recordings, voicemails and email threads.",
  "messages:send": "Send messages through the messaging and email subprocessors.",
  "integrations:read": "See connected integrations and their sync state.",
  "integrations:manage": "Connect, sync and disconnect integrations.",
  "telemetry:write": "Record usage and telemetry events.",
  "telemetry:read": "Read telemetry aggregates.",
  "billing:read": "Read plan, invoices and payment method.",
  "billing:manage": "Change the plan and issue invoices.",
  "ai:read": "Read AI feature settings, scores and drafts.",
  "ai:manage": "Switch AI features on or off per feature.",
  "ai:approve": "Approve or reject AI-drafted messages and AI lead disqualifications.",
  "rights:create": "File a rights request about oneself (every user may, whatever the role).",
  "rights:read": "Read one's own rights requests and their answers.",
  "rights:manage":
    "File rights requests about the workspace's contacts (as directed by the tenant), extend, deny and follow them.",
  "minors:report": "Report data as belonging to a child under the minimum age.",
  "exports:create": "Start a data export (Settings > Data Management).",
  "exports:read": "Download finished exports and their schema.",
  "deletions:create": "Delete specific data early (Settings > Data Management).",
  "receipts:read": "Read erasure receipts.",
  "audit:read": "Read and verify the administrator audit trail.",
  "retention:read": "Read the retention schedule the implementation enforces.",
  "subprocessors:read": "Read the published subprocessor list.",
  "notices:read": "Read policy-change and breach notices addressed to the workspace.",
  "callbacks:manage": "Register and remove signed status-callback endpoints.",
  "platform:incidents": "Record and confirm security incidents (operator only).",
  "platform:notices": "Announce material policy changes (operator only).",
  "platform:test-clocks": "Create and advance test clocks (operator only, test mode only).",
  "platform:rights":
    "Decide as controller on a user's own request about account data: extend it or deny it (operator only).",
  "platform:attestations":
    "Supply attestations (who, when, evidence) for attested guarantees (operator only).",
} as const;

export type CrmFactoryPermission = keyof typeof permissions;
