import type { PrivacyClient } from "@crmfactory/sdk";
import type { Faker } from "@faker-js/faker";
import { uniqueSuffix } from "./clocked-tenant.js";

export type SeededRole = "viewer" | "member" | "admin";

/** A user of the account as the model added it (account information: profile, business email, role). */
export interface SeededUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: string;
  readonly birthDate: string;
  readonly jobTitle: string | null;
}

/** Adds a user with faker values, made unique to the run, at the clock's `now`. */
export async function seedUser(
  client: PrivacyClient,
  faker: Faker,
  role: SeededRole,
  now: Date,
): Promise<SeededUser> {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const suffix = uniqueSuffix();
  const input = {
    name: `${firstName} ${lastName} ${suffix}`,
    email: faker.internet
      .email({ firstName, lastName, provider: "users.example", allowSpecialCharacters: false })
      .replace("@", `.${suffix}@`)
      .toLowerCase(),
    role,
    birthDate: faker.date
      .birthdate({ mode: "age", min: 20, max: 70, refDate: now })
      .toISOString()
      .slice(0, 10),
    jobTitle: `${faker.person.jobTitle()} ${suffix}`.slice(0, 100),
  };
  const created = await client.users.create(input);
  return { id: created.id, ...input };
}

/** The account's owner as the API answers it (the user behind the sign-up session). */
export async function ownerUser(client: PrivacyClient): Promise<SeededUser> {
  const { session } = await client.sessions.current();
  const user = await client.users.get(session.userId);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    birthDate: user.birthDate,
    jobTitle: user.jobTitle ?? null,
  };
}
