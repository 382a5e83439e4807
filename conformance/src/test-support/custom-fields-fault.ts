import { defineFault } from "@crmfactory/conformance-faults";
import * as fc from "fast-check";
import { defineProperty } from "../harness/property.js";
import { expectGuarantee, GuaranteeViolation } from "../harness/violation.js";
import { createClockedTenant } from "../world/clocked-tenant.js";

// A property and a fault of the tests alone: they prove the runner, the replay line and the honesty
// checks on a pair whose outcome is known, whatever the registries hold while they are being filled.

/** A contact's custom fields read back as they were written (a slice of RET-CRM's "kept while active"). */
export const customFieldsProperty = defineProperty({
  guarantee: "RET-CRM",
  name: "custom-fields-read-back",
  description:
    "Test-only: the custom fields of a contact are kept while the account is active (policy section 11).",
  scenarios: ["no-fields", "some-fields"],
  edges: ["many-fields"],
  plan: () => fc.integer({ min: 0, max: 10 }),
  async check(fieldCount, context) {
    context.scenario(fieldCount === 0 ? "no-fields" : "some-fields");
    if (fieldCount >= 6) context.edge("many-fields");
    const tenant = await createClockedTenant(context);
    const customFields = Object.fromEntries(
      Array.from({ length: fieldCount }, (_, index) => [`field${index}`, context.faker.string.alpha(60)]),
    );
    let contactId: string;
    try {
      contactId = (
        await tenant.owner.contacts.create({ name: context.faker.person.fullName(), customFields })
      ).id;
    } catch (error) {
      throw new GuaranteeViolation("the contact was refused while the account is active", {
        fieldCount,
        error: String(error),
      });
    }
    const stored = await tenant.owner.contacts.get(contactId);
    expectGuarantee(
      JSON.stringify(stored.customFields ?? {}) === JSON.stringify(customFields),
      "the contact's custom fields did not read back as written",
      { written: customFields, read: stored.customFields },
    );
  },
});

/** Refuses any request body over 500 bytes: a contact with about six custom fields or more is lost. */
export const smallBodyFault = defineFault({
  name: "test-small-body-limit",
  aims: ["RET-CRM"],
  description: "Test-only: request bodies over 500 bytes are refused, so large contacts are never stored.",
  apply: (options) => ({ ...options, limits: { ...options.limits, maxRequestBodyBytes: 500 } }),
});
