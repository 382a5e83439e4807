import * as fc from "fast-check";
import {
  checkDeletedLinesAtFakes,
  contactLeftAtVendors,
  type ErasureReceipt,
  ownerLeftAtVendors,
  receiptDeleted,
} from "../../evidence/erasure-evidence.js";
import { defineProperty } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { createClockedTenant } from "../../world/clocked-tenant.js";
import { expectCompletedInTime, fileErasure, readReceipt } from "../../world/erasure-requests.js";
import { seedContact, seedOwner } from "../../world/erasure-subjects.js";

const day = 86_400_000;

function expectListed(receipt: ErasureReceipt, where: string, recordType: string) {
  expectGuarantee(
    receiptDeleted(receipt, where, recordType),
    `The receipt does not say the ${recordType} at ${where} was deleted`,
    {
      receiptId: receipt.id,
      deleted: receipt.deleted,
    },
  );
}

interface Plan {
  readonly invoices: number;
  readonly waitMs: number;
}

export const delSubprocessors = defineProperty<Plan>({
  guarantee: "DEL-SUBPROCESSORS",
  name: "erasure-reaches-every-subprocessor",
  description:
    "Sections 9 and 11: erasure reaches each subprocessor holding the subject's data. A contact (messages and a " +
    "recording at the messaging provider, its copy at the email provider) and a user (the photo at file storage, the " +
    "payments customer when no invoice holds it) are erased; each provider then holds none of their objects its API can " +
    "delete, each receipt line at a provider holds there, and the sent email the email provider cannot delete is listed as such.",
  scenarios: ["payments customer without a billing hold", "payments customer under a billing hold"],
  edges: [],
  plan: () =>
    fc.record({ invoices: fc.integer({ min: 0, max: 1 }), waitMs: fc.integer({ min: 1, max: 25 * day }) }),
  async check(plan, context) {
    const tenant = await createClockedTenant(context);
    const owner = await seedOwner(context, tenant, { invoices: plan.invoices });
    const contact = await seedContact(context, tenant);
    context.scenario(
      plan.invoices > 0
        ? "payments customer under a billing hold"
        : "payments customer without a billing hold",
    );
    const ofContact = await fileErasure(context, tenant, "early-deletion-of-contact", { contact, owner });
    const ofOwner = await fileErasure(context, tenant, "early-deletion-of-owner", { contact, owner });
    await tenant.advanceBy(plan.waitMs);
    for (const erasure of [ofContact, ofOwner])
      if ((await readReceipt({ owner }, erasure)).status !== "completed")
        await tenant.advanceTo(erasure.dueAt);
    const contactReceipt = await readReceipt({ owner }, ofContact);
    const ownerReceipt = await readReceipt({ owner }, ofOwner);
    expectCompletedInTime(contactReceipt, ofContact);
    expectCompletedInTime(ownerReceipt, ofOwner);
    const left = [
      ...contactLeftAtVendors(context.fakes, contact),
      ...ownerLeftAtVendors(context.fakes, owner),
    ];
    expectGuarantee(left.length === 0, "A subprocessor still holds erased data its API can delete", {
      stillHeld: left,
    });
    checkDeletedLinesAtFakes(context.fakes, contactReceipt, { contact });
    checkDeletedLinesAtFakes(context.fakes, ownerReceipt, { owner });
    expectListed(contactReceipt, "twilio", "message");
    expectListed(contactReceipt, "twilio", "recording");
    expectListed(contactReceipt, "resend", "email-contact");
    expectListed(ownerReceipt, "vercel", "profile-photo");
    if (plan.invoices === 0) expectListed(ownerReceipt, "stripe", "customer");
    expectGuarantee(
      contactReceipt.notDeletable.some((line) => line.location.subprocessorId === "resend" && line.count > 0),
      "The receipt does not say the sent email stays at the email provider, whose API cannot delete it",
      { notDeletable: contactReceipt.notDeletable },
    );
  },
});
