import * as fc from "fast-check";
import { defineProperty } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { exportedRecords, exportTenantNow } from "../../world/account-closure.js";
import {
  type SeededContact,
  type SeededCrmObject,
  seedContact,
  seedCrmObject,
} from "../../world/crm-records.js";
import {
  type LifecycleReal,
  type LifecycleSubject,
  lifecyclePlan,
  lifecycleScenarios,
  runLifecycle,
  type SeedAction,
} from "./closure-lifecycle.js";
import {
  expectFields,
  expectInventoryExactly,
  expectInventoryHoldsNone,
  expectNotServed,
  expectProbeFindsNone,
  readKept,
} from "./lifecycle-evidence.js";

const ID = "RET-CRM";

export interface CrmSeeded {
  contacts: SeededContact[];
  objects: SeededCrmObject[];
}

const objectTypes = ["account", "deal", "activity", "note"] as const;

const contactFields = (c: SeededContact) => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  company: c.company,
  customFields: c.customFields,
});
const objectFields = (o: SeededCrmObject) => ({
  id: o.id,
  type: o.type,
  name: o.name,
  contactIds: o.contactIds,
  customFields: o.customFields,
});

/** A contact, with CRM objects linked to it (and to the contact seeded before it, when there is one). */
function contactWithObjects(types: readonly SeededCrmObject["type"][]): SeedAction<CrmSeeded> {
  return {
    label: `contact+${types.join(",") || "no objects"}`,
    async run({ context, tenant }: LifecycleReal, seeded: CrmSeeded) {
      const contact = await seedContact(tenant.owner, context.faker);
      const previous = seeded.contacts.at(-1);
      seeded.contacts.push(contact);
      for (const type of types) {
        const linked = previous && type !== "note" ? [contact.id, previous.id] : [contact.id];
        seeded.objects.push(await seedCrmObject(tenant.owner, context.faker, type, linked));
      }
      if (linked(seeded)) context.scenario("object shared by two contacts");
    },
  };
}

// Numbers and booleans are not unique to a run; the text values carry its suffix.
const textValues = (fields: Readonly<Record<string, unknown>>) =>
  Object.values(fields).filter((value): value is string => typeof value === "string");

const linked = (seeded: CrmSeeded) => seeded.objects.some((o) => o.contactIds.length > 1);

/** The values of the seeded records the probe looks for once they must be gone. */
export function crmValues(seeded: CrmSeeded): string[] {
  return [
    ...seeded.contacts.flatMap((c) => [c.name, c.email, c.phone, ...textValues(c.customFields)]),
    ...seeded.objects.flatMap((o) => [o.name, ...textValues(o.customFields)]),
  ];
}

export const crmSubject: LifecycleSubject<CrmSeeded> = {
  guarantee: ID,
  windows: [{ rule: "crm", edgePrefix: "" }],
  empty: () => ({ contacts: [], objects: [] }),
  seedActions: () =>
    fc.array(fc.constantFrom(...objectTypes), { maxLength: 2 }).map((types) => contactWithObjects(types)),

  async checkKept({ tenant }, { seeded }) {
    for (const contact of seeded.contacts)
      expectFields(
        ID,
        `contact ${contact.id}`,
        await readKept(() => tenant.owner.contacts.get(contact.id)),
        contactFields(contact),
      );
    for (const object of seeded.objects)
      expectFields(
        ID,
        `CRM object ${object.id}`,
        await readKept(() => tenant.owner.crmObjects.get(object.id)),
        objectFields(object),
      );
  },

  async checkAvailable({ context, tenant }, { seeded }) {
    const document = await exportTenantNow(context, tenant);
    const exported = new Map(exportedRecords(document, "crm").map((r) => [r.id as string, r]));
    for (const contact of seeded.contacts) {
      const data = exported.get(contact.id)?.data as Record<string, unknown> | undefined;
      expectFields(ID, `exported contact ${contact.id}`, data, contactFields(contact));
    }
    for (const object of seeded.objects) {
      const data = exported.get(object.id)?.data as Record<string, unknown> | undefined;
      expectFields(ID, `exported CRM object ${object.id}`, data, objectFields(object));
    }
    await expectInventoryExactly(ID, context, tenant, [
      { recordType: "contact", location: "platform", ids: seeded.contacts.map((c) => c.id) },
      { recordType: "crm-object", location: "platform", ids: seeded.objects.map((o) => o.id) },
    ]);
    // The email provider's copy of every contact is there too (the fake's own state).
    for (const contact of seeded.contacts)
      expectGuarantee(
        context.fakes.resend.contactsFor({ email: contact.email }).length > 0,
        `${ID}: the email provider's copy of contact ${contact.id} is gone before the window ended`,
      );
  },

  async checkGone({ context, tenant }, { seeded }) {
    await expectInventoryHoldsNone(ID, context, tenant, [
      { recordType: "contact" },
      { recordType: "crm-object" },
      { recordType: "crm-object-contact-link" },
      { recordType: "email-contact" },
    ]);
    for (const contact of seeded.contacts) {
      await expectNotServed(ID, `contact ${contact.id}`, () => tenant.owner.contacts.get(contact.id));
      const copies = context.fakes.resend.contactsFor({ email: contact.email });
      expectGuarantee(copies.length === 0, `${ID}: the email provider still holds contact ${contact.id}`, {
        copies,
      });
    }
    await expectProbeFindsNone(ID, context, crmValues(seeded), { what: "CRM values" });
  },
};

/** Every run seeds at least two contacts and a deal both are linked to. */
const seedAtLeastTwo: SeedAction<CrmSeeded> = {
  label: "two contacts sharing a deal",
  async run(real, seeded) {
    await contactWithObjects([]).run(real, seeded);
    await contactWithObjects(["deal"]).run(real, seeded);
  },
};

export const retCrmProperty = defineProperty({
  guarantee: ID,
  name: "exportable-through-the-window-then-purged",
  description:
    "Customer CRM data (contacts, their custom fields, CRM objects and links, the email provider's contact copies) stays whole and exportable, by value, up to the last millisecond of the export window after closure or the subscription's end (table and section 11), comes back whole when the account resumes inside the window, and is gone here, at the email provider and in every table by the deletion period after the window plus the sweep tolerance.",
  scenarios: [...lifecycleScenarios, "object shared by two contacts"],
  edges: ["available-until-minus-1ms", "late-at"],
  plan: () => lifecyclePlan(crmSubject),
  check: (plan, context) => runLifecycle(crmSubject, plan, context, seedAtLeastTwo),
});
