import { randomBytes, randomInt } from "node:crypto";
import { addDuration } from "@crmfactory/taxonomy";
import type { ImplementationLimits } from "../../limits.js";
import { hashSecret, sameSecret } from "../../platform/secrets.js";

/**
 * A fresh six-digit one-time code, and what is stored of it: a salted hash, never the code. The count of
 * wrong codes is the request's, not the code's: a new code leaves it as it is, so alternating resends
 * with guesses gets no more than `limits.verificationCodeAttempts` guesses in all.
 */
export function issueCode(limits: ImplementationLimits, requestId: string, now: Date) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const salt = randomBytes(16).toString("hex");
  return {
    code,
    stored: {
      code_hash: hashSecret(`${salt}.${requestId}.${code}`),
      code_salt: salt,
      code_sent_at: now,
      code_expires_at: addDuration(now, limits.verificationCodeLifetime),
    },
  };
}

/** Whether `code` is the current, unexpired code (compared in constant time). */
export function codeIsValid(
  row: { id: string; code_hash: string | null; code_salt: string | null; code_expires_at: Date | null },
  code: string,
  now: Date,
): boolean {
  if (!row.code_hash || !row.code_salt || !row.code_expires_at) return false;
  const matches = sameSecret(`${row.code_salt}.${row.id}.${code}`, row.code_hash);
  return matches && now.getTime() < row.code_expires_at.getTime();
}
