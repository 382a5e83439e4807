import { randomUUID } from "node:crypto";
import type { Queryable } from "../database/database.js";
import { problem } from "../platform/problem.js";
import { ageOn, findUser, type UserRow, userView } from "../platform/users.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";
import { createdPosition, keysetRows, page } from "./pagination.js";
import { profilePhotoOf, profilePhotosOf, removeProfilePhoto } from "./profile-photos.js";

/** The role that may close the account: the policy's role holding `tenant:manage` at the highest level. */
function ownerRoles(context: OperationContext): string[] {
  return Object.entries(context.platform.policy.roles)
    .filter(([, role]) => role.permissions.includes("tenant:manage"))
    .map(([name]) => name);
}

async function otherOwners(tx: Queryable, roles: string[], userId: string): Promise<number> {
  const [row] = await tx.query<{ count: number }>(
    "SELECT count(*)::int AS count FROM users WHERE role = ANY($1::text[]) AND id <> $2",
    [roles, userId],
  );
  return row?.count ?? 0;
}

function tenantId(context: OperationContext): string {
  if (!context.tenant) throw new Error(`${context.operationId} needs a tenant`);
  return context.tenant.id;
}

async function existingUser(context: OperationContext): Promise<UserRow> {
  const user = await findUser(context.tx, context.params.userId as string);
  if (!user) throw problem("not-found", "No such user.");
  return user;
}

/** Users of the tenant with the policy's roles (profile photos are their own group). */
export const users: OperationGroup = {
  name: "users",
  operations: {
    async listUsers(context) {
      const params = context.query<{ cursor?: string; limit: number }>();
      const { limit } = params;
      const rows = await keysetRows<UserRow>(context.tx, { select: "SELECT * FROM users" }, params);
      const id = tenantId(context);
      const photos = await profilePhotosOf(
        context.platform,
        context.tx,
        rows.map((row) => row.id),
      );
      return {
        status: 200,
        body: page(rows, limit, (row) => userView(row, id, photos.get(row.id) ?? null), createdPosition),
      };
    },
    async createUser(context) {
      const input = await context.body<{
        name: string;
        email: string;
        role: string;
        birthDate: string;
        jobTitle?: string;
      }>();
      const [taken] = await context.tx.query("SELECT 1 FROM users WHERE lower(email) = lower($1)", [
        input.email,
      ]);
      if (taken) throw problem("conflict", "A user of this tenant already has this email.");
      if (ageOn(input.birthDate, context.now) < context.platform.policy.notices.minimumAge) {
        throw problem("underage", "The stated birth date is under the minimum age; nothing was stored.");
      }
      const [row] = await context.tx.query<UserRow>(
        `INSERT INTO users (id, name, email, role, birth_date, job_title, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
        [
          randomUUID(),
          input.name,
          input.email,
          input.role,
          input.birthDate,
          input.jobTitle ?? null,
          context.now,
        ],
      );
      if (!row) throw new Error("user insert answered no row");
      await context.audit({ type: "user", id: row.id });
      return {
        status: 201,
        headers: { location: `users/${row.id}` },
        body: userView(row, tenantId(context)),
      };
    },
    async getUser(context) {
      const user = await existingUser(context);
      const photo = await profilePhotoOf(context.platform, context.tx, user.id);
      return { status: 200, body: userView(user, tenantId(context), photo) };
    },
    async updateUser(context) {
      const user = await existingUser(context);
      const input = await context.body<{ name?: string; role?: string; jobTitle?: string | null }>();
      const owners = ownerRoles(context);
      if (
        input.role !== undefined &&
        owners.includes(user.role) &&
        !owners.includes(input.role) &&
        (await otherOwners(context.tx, owners, user.id)) === 0
      ) {
        throw problem("last-owner", "Demoting the last owner would leave the tenant without one.");
      }
      const [row] = await context.tx.query<UserRow>(
        `UPDATE users SET name = COALESCE($2, name), role = COALESCE($3, role),
           job_title = CASE WHEN $4::boolean THEN $5 ELSE job_title END, updated_at = $6
         WHERE id = $1 RETURNING *`,
        [
          user.id,
          input.name ?? null,
          input.role ?? null,
          "jobTitle" in input,
          input.jobTitle ?? null,
          context.now,
        ],
      );
      await context.audit({ type: "user", id: user.id });
      const photo = await profilePhotoOf(context.platform, context.tx, (row as UserRow).id);
      return { status: 200, body: userView(row as UserRow, tenantId(context), photo) };
    },
    async deleteUser(context) {
      const user = await existingUser(context);
      const owners = ownerRoles(context);
      if (owners.includes(user.role) && (await otherOwners(context.tx, owners, user.id)) === 0) {
        throw problem("last-owner", "Removing the last owner would leave the tenant without one.");
      }
      // The photo goes from file storage first: a failure there keeps the user, and the link to the object.
      await removeProfilePhoto(context.platform, context.tx, user.id);
      await context.tx.query("DELETE FROM users WHERE id = $1", [user.id]);
      await context.audit({ type: "user", id: user.id });
      return { status: 204 };
    },
  },
};
