import { problem } from "../../platform/problem.js";
import { ownerRole } from "../../platform/users.js";
import type { RightsOrigin } from "./rights-notices.js";

/**
 * Refuses to erase the only owner of a live workspace (`last-owner`): it would be left with nobody able
 * to manage or close it (§9, §11). Ownership must be transferred or the account closed first, so a
 * closed (export-only) account's last owner may be erased. Checked at filing and again when the erasure
 * is about to start, since a request filed without a session (the privacy address) is checked only then.
 */
export async function refuseLastOwnerErasure(origin: RightsOrigin, userId: string): Promise<void> {
  if (origin.tenant.status !== "active") return;
  const owner = ownerRole(origin.platform.policy);
  const [counts] = await origin.tx.query<{ self: number; others: number }>(
    `SELECT count(*) FILTER (WHERE id = $2)::int AS self, count(*) FILTER (WHERE id <> $2)::int AS others
       FROM users WHERE role = $1`,
    [owner, userId],
  );
  if ((counts?.self ?? 0) > 0 && (counts?.others ?? 0) === 0) {
    throw problem(
      "last-owner",
      "The last owner cannot erase their account: transfer ownership or close the account first.",
    );
  }
}
