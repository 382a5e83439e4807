import type { Policy } from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import { timestamp } from "./clock.js";

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: string;
  birth_date: string;
  job_title: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The contract's `User`; `profilePhoto` comes from the profile-photo group when it has one. */
export function userView(row: UserRow, tenantId: string, profilePhoto: unknown = null) {
  return {
    id: row.id,
    tenantId,
    name: row.name,
    email: row.email,
    role: row.role,
    birthDate: row.birth_date,
    jobTitle: row.job_title,
    profilePhoto,
    createdAt: timestamp(row.created_at),
    updatedAt: timestamp(row.updated_at),
  };
}

export async function findUser(tx: Queryable, id: string): Promise<UserRow | undefined> {
  const [row] = await tx.query<UserRow>("SELECT * FROM users WHERE id = $1", [id]);
  return row;
}

/** Whole years from `birthDate` (`YYYY-MM-DD`) to the UTC day of `now`. */
export function ageOn(birthDate: string, now: Date): number {
  const [year, month, day] = birthDate.split("-").map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - year;
  const beforeBirthday =
    now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day);
  if (beforeBirthday) age--;
  return age;
}

/**
 * The policy's owner role: the highest-level role holding `tenant:manage` (sign-up makes its user this
 * role; the last one cannot be removed or demoted).
 */
export function ownerRole(policy: Policy): string {
  const [name] = Object.entries(policy.roles)
    .filter(([, role]) => role.permissions.includes("tenant:manage"))
    .sort(([, a], [, b]) => b.level - a.level)
    .map(([roleName]) => roleName);
  if (!name) throw new Error(`policy ${policy.id} has no role holding tenant:manage`);
  return name;
}
