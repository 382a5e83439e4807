import type { Migration } from "../../database/migrate.js";
import type { OperationContext } from "../operation-group.js";

/**
 * A user's own restriction, objection and withdrawal of consent (§9), kept on the account record. The
 * processing a subject can restrict is the contract's `RestrictableProcessing` (AI scoring, AI analysis,
 * marketing): the reference runs no AI feature on account data and sends users no marketing, so today
 * the flags hold nothing back; they are what any such processing must read before it touches a user,
 * as marketing and the AI features read a contact's. Processing the account needs to provide the
 * Service or to keep it secure (§2's contract and legitimate-interest bases) is not restrictable here.
 * The flags live on `users`, so they go with the account record (erasure, the account purge).
 */
export const userProcessingMigration: Migration = {
  id: "rights-requests/003-user-processing-choices",
  sql: (s) => `
    ALTER TABLE ${s}.users ADD COLUMN processing_restrictions text[] NOT NULL DEFAULT '{}';
    ALTER TABLE ${s}.users ADD COLUMN marketing_consent_withdrawn text[] NOT NULL DEFAULT '{}';
    ALTER TABLE ${s}.users ADD COLUMN choices_updated_at timestamptz;
  `,
};

/** Adds the processing to what the user restricted (kept sorted, no repeats). */
export async function restrictUserProcessing(
  context: OperationContext,
  userId: string,
  processing: readonly string[],
): Promise<boolean> {
  const updated = await context.tx.query(
    `UPDATE users SET processing_restrictions = ARRAY(
       SELECT DISTINCT unnest(processing_restrictions || $2::text[]) ORDER BY 1), choices_updated_at = $3
     WHERE id = $1 RETURNING id`,
    [userId, processing, context.now],
  );
  return updated.length > 0;
}

/** Records the user's withdrawal of marketing consent on the channels. */
export async function withdrawUserConsent(
  context: OperationContext,
  userId: string,
  channels: readonly string[],
): Promise<boolean> {
  const updated = await context.tx.query(
    `UPDATE users SET marketing_consent_withdrawn = ARRAY(
       SELECT DISTINCT unnest(marketing_consent_withdrawn || $2::text[]) ORDER BY 1), choices_updated_at = $3
     WHERE id = $1 RETURNING id`,
    [userId, channels, context.now],
  );
  return updated.length > 0;
}
