import type { PrivacyClient } from "@crmfactory/sdk";
import type { Faker } from "@faker-js/faker";
import { uniqueSuffix } from "./clocked-tenant.js";

/** A contact as the model put it in: every value the suite later expects back, or expects gone. */
export interface SeededContact {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly company: string;
  readonly customFields: Readonly<Record<string, string | number | boolean>>;
}

export interface SeededCrmObject {
  readonly id: string;
  readonly type: "account" | "deal" | "activity" | "note";
  readonly name: string;
  readonly contactIds: readonly string[];
  readonly customFields: Readonly<Record<string, string | number | boolean>>;
}

/**
 * An E.164 number no other run of this process uses (the fakes hold every run's copies, so a value
 * the suite looks for must be this run's alone): the US test range 555-01xx is too small, so the
 * subscriber digits come from a random suffix.
 */
export function uniquePhone(): string {
  const digits = Number.parseInt(uniqueSuffix().slice(0, 7), 16) % 10_000_000;
  return `+1415${String(digits).padStart(7, "0")}`;
}

/** Creates a contact with faker values (made unique to the run) through the data plane. */
export async function seedContact(client: PrivacyClient, faker: Faker): Promise<SeededContact> {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const suffix = uniqueSuffix();
  const input = {
    name: `${firstName} ${lastName} ${suffix}`,
    email: faker.internet
      .email({ firstName, lastName, provider: "contacts.example", allowSpecialCharacters: false })
      .replace("@", `.${suffix}@`)
      .toLowerCase(),
    phone: uniquePhone(),
    company: faker.company.name().slice(0, 80),
    // Text values carry the run's suffix: a value the probe scans for must be this run's alone.
    customFields: {
      [`note_${suffix}`]: `${faker.lorem.words(3)} ${suffix}`,
      score: faker.number.int({ min: 1, max: 99 }),
    },
  };
  const created = await client.contacts.create(input);
  return { id: created.id, ...input };
}

/** Creates a CRM object linked to `contacts`, with faker values. */
export async function seedCrmObject(
  client: PrivacyClient,
  faker: Faker,
  type: SeededCrmObject["type"],
  contactIds: readonly string[],
): Promise<SeededCrmObject> {
  const input = {
    type,
    name: `${faker.commerce.productName()} ${uniqueSuffix()}`,
    contactIds: [...contactIds],
    customFields: { stage: `${faker.word.noun()} ${uniqueSuffix()}` },
  };
  const created = await client.crmObjects.create(input);
  return { id: created.id, ...input };
}
