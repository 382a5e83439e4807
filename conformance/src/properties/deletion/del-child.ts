import { operationPermissions } from "@crmfactory/api";
import { addDuration, rolesAllowed } from "@crmfactory/taxonomy";
import * as fc from "fast-check";
import { contactLeftAtVendors, expectValuesGone, isGone } from "../../evidence/erasure-evidence.js";
import { defineProperty, type PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { createClockedTenant } from "../../world/clocked-tenant.js";
import { type SeededContact, seedContact } from "../../world/erasure-subjects.js";
import { type SignedInUser, signInNewUser } from "../../world/sso-users.js";

const day = 86_400_000;
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 9, 9, 9]);

interface ReportedChild {
  readonly reportId: string;
  readonly reportedAt: Date;
  /** reported + the policy's `rights.minorDataDeletionWithin` (section 10 reads with section 11's bound). */
  readonly dueAt: Date;
  readonly contact?: SeededContact;
  readonly user?: { id: string; email: string; photoObjectId: string };
}

/** The child's data is gone through the API, at the providers and (probe) in the database. */
async function expectChildGone(context: PropertyContext, reporter: SignedInUser, child: ReportedChild) {
  const client = await reporter.signIn();
  const report = await client.minorReports.get(child.reportId);
  expectGuarantee(report.status === "completed", "A child's data is not deleted by the report's deadline", {
    reportId: child.reportId,
    status: report.status,
    dueAt: child.dueAt.toISOString(),
  });
  const receipt = await client.erasureReceipts.get(report.receiptId);
  const completedAt = new Date(receipt.completedAt ?? Number.NaN).getTime();
  expectGuarantee(
    receipt.status === "completed" && completedAt < child.dueAt.getTime(),
    "The child's erasure completed late",
    {
      completedAt: receipt.completedAt,
      dueAt: child.dueAt.toISOString(),
    },
  );
  if (child.contact) {
    const contact = child.contact;
    expectGuarantee(
      await isGone(() => client.contacts.get(contact.contactId)),
      "The reported child's contact is still served",
    );
    const left = contactLeftAtVendors(context.fakes, contact);
    expectGuarantee(left.length === 0, "A provider still holds the reported child's data", {
      stillHeld: left,
    });
    // No exclusion: nothing of a contact is under a legal hold.
    await expectValuesGone(context, contact.values, "The reported child (contact)");
  }
  if (child.user) {
    const user = child.user;
    expectGuarantee(
      await isGone(() => client.users.get(user.id)),
      "The reported child's user is still served",
    );
    const photo = context.fakes
      .inventory({ vendor: "blob" })
      .filter((item) => item.id.includes(user.photoObjectId));
    expectGuarantee(photo.length === 0, "File storage still holds the reported child's photo", {
      photo: user.photoObjectId,
    });
    // No exclusion: the audit trail's hold keeps the user's id, never their email.
    await expectValuesGone(context, [user.email], "The reported child (user)");
  }
}

interface Plan {
  readonly order: readonly ("contact" | "user")[];
  readonly advances: readonly number[];
}

export const delChild = defineProperty<Plan>({
  guarantee: "DEL-CHILD",
  name: "child-data-deleted-within-deadline",
  description:
    "Section 10 gives no bound for deleting a child's data; the interpretation applies section 11's 30 days. An " +
    "administrator reports a contact or a user as a child; after clock advances of generated lengths and at the report's " +
    "deadline the child's data is gone through the API, at the providers and in the database. A role the policy does " +
    "not allow to report is refused.",
  scenarios: [
    "child report by an admin",
    "contact reported",
    "user reported",
    "role not allowed",
    "deleted before the deadline",
  ],
  edges: ["report deadline"],
  plan: () =>
    fc.record({
      order: fc.shuffledSubarray<"contact" | "user">(["contact", "user"], { minLength: 2, maxLength: 2 }),
      advances: fc.array(fc.integer({ min: 1, max: 9 * day }), { minLength: 1, maxLength: 3 }),
    }),
  async check(plan, context) {
    const tenant = await createClockedTenant(context);
    const permission = operationPermissions.createMinorReport.permission;
    const allowed = rolesAllowed(context.policy, permission);
    const reporterRole = allowed.find((role) => role !== "owner") ?? allowed[0];
    if (!reporterRole) throw new Error("no role of the policy may report a child's data");
    const reporter = await signInNewUser(context, tenant, reporterRole);
    context.scenario("child report by an admin");
    for (const role of Object.keys(context.policy.roles).filter((role) => !allowed.includes(role))) {
      const { client } = await signInNewUser(context, tenant, role);
      const someone = await tenant.owner.contacts.create({ name: context.faker.person.fullName() });
      let refused = false;
      try {
        await client.minorReports.create({ subject: { type: "contact", contactId: someone.id } });
      } catch (error) {
        refused = (error as { status?: number }).status === 403;
      }
      expectGuarantee(refused, `A ${role} reported a child's data without the permission`);
      context.scenario("role not allowed");
    }
    // Both kinds of subject, in the generated order: a contact with data at the vendors, a user with a photo.
    const children: ReportedChild[] = [];
    for (const kind of plan.order) {
      let subject: { type: "contact"; contactId: string } | { type: "user"; userId: string };
      let child: Omit<ReportedChild, "reportId" | "reportedAt" | "dueAt">;
      if (kind === "contact") {
        const contact = await seedContact(context, tenant);
        subject = { type: "contact", contactId: contact.contactId };
        child = { contact };
        context.scenario("contact reported");
      } else {
        const { user } = await signInNewUser(context, tenant, "viewer");
        const uploaded = await tenant.owner.users.uploadProfilePhoto(user.id, {
          data: png,
          contentType: "image/png",
        });
        subject = { type: "user", userId: user.id };
        child = {
          user: { id: user.id, email: user.email, photoObjectId: uploaded.profilePhoto?.objectId ?? "" },
        };
        context.scenario("user reported");
      }
      const reportedAt = tenant.now();
      const report = await reporter.client.minorReports.create({
        subject,
        note: "A parent wrote that the person is a child.",
      });
      const dueAt = addDuration(reportedAt, context.policy.rights.minorDataDeletionWithin);
      expectGuarantee(
        new Date(report.dueAt).getTime() <= dueAt.getTime(),
        "A child report is due later than the policy allows",
        {
          stated: report.dueAt,
          policy: dueAt.toISOString(),
        },
      );
      children.push({ reportId: report.id, reportedAt, dueAt, ...child });
    }
    const dueAt = new Date(Math.min(...children.map((child) => child.dueAt.getTime())));
    for (const advance of plan.advances) {
      if (tenant.now().getTime() + advance >= dueAt.getTime()) break;
      await tenant.advanceBy(advance);
      for (const child of children) {
        const now = await (await reporter.signIn()).minorReports.get(child.reportId);
        if (now.status !== "completed") continue;
        context.scenario("deleted before the deadline");
        await expectChildGone(context, reporter, child);
      }
    }
    await tenant.advanceTo(dueAt);
    context.edge("report deadline");
    for (const child of children) await expectChildGone(context, reporter, child);
  },
});
