import type { Policy } from "@crmfactory/taxonomy";
import type { Holding, InventorySource } from "../../platform/inventory.js";
import type { SubjectEraser } from "../../privacy/privacy-parts.js";
import { type RightsRequestRow, subjectOf } from "./rights-store.js";

/**
 * The retention rule a request follows: the policy has none of its own for rights requests, so a request
 * follows the rule of the data it is about (a user's: account data; a contact's: CRM data), purged with
 * the tenant like the records it concerns.
 */
function ruleFor(policy: Policy, subjectType: "user" | "contact"): string {
  const category = subjectType === "user" ? "account" : "crm";
  const found = Object.entries(policy.retention).find(([, rule]) => rule.category === category);
  if (!found) throw new Error(`the enforced policy has no retention rule for ${category} data`);
  return found[0];
}

/** Rights requests here, each linked to its subject. */
export const rightsInventory: InventorySource = async ({ tx, policy }) => {
  const rows = await tx.query<Pick<RightsRequestRow, "id" | "subject_type" | "subject_id">>(
    "SELECT id, subject_type, subject_id FROM rights_requests ORDER BY received_at, id",
  );
  const holdings: Holding[] = [];
  for (const type of ["user", "contact"] as const) {
    holdings.push({
      rule: ruleFor(policy, type),
      location: { type: "platform" },
      recordType: "rights-request",
      records: rows.filter((r) => r.subject_type === type).map((r) => ({ id: r.id, subject: subjectOf(r) })),
    });
  }
  return holdings;
};

/**
 * What erasure removes of a subject's rights requests: what the requester wrote (the description, the
 * corrections asked for) and the masked address, everything personal a request holds. The record itself
 * stays (ids, kind, statuses, dates, the answer's references): it is the proof that the request was
 * received and answered in time (§9), which the policy asks us to be able to show; it holds no data of
 * the subject beyond the id the erasure receipt also names.
 */
export const rightsSubjectEraser: SubjectEraser = async ({ tx, subject, platform }) => {
  const { policy } = platform;
  const subjectType = subject.type;
  const subjectId = subject.type === "user" ? subject.userId : subject.contactId;
  const redacted = await tx.query<{ id: string }>(
    `UPDATE rights_requests
       SET details = jsonb_set(jsonb_set(details, '{description}', 'null'::jsonb), '{changes}', '[]'::jsonb),
           sent_to = NULL, code_hash = NULL, code_salt = NULL
     WHERE subject_type = $1 AND subject_id = $2
       AND (details->>'description' IS NOT NULL OR jsonb_array_length(details->'changes') > 0 OR sent_to IS NOT NULL)
     RETURNING id`,
    [subjectType, subjectId],
  );
  const rule = policy.retention[ruleFor(policy, subjectType)];
  return [
    {
      category: rule?.category ?? (subjectType === "user" ? "account" : "crm"),
      location: { type: "platform" },
      recordType: "rights-request-details",
      count: redacted.length,
    },
  ];
};
