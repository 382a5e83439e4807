import { purgeWindow } from "@crmfactory/taxonomy";
import * as fc from "fast-check";
import { contactLeftAtVendors, expectValuesGone } from "../../evidence/erasure-evidence.js";
import { heldRecordIds, tenantInventory } from "../../evidence/inventory-records.js";
import { defineProperty, type PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { type ClockedTenant, createClockedTenant } from "../../world/clocked-tenant.js";
import { type SeededContact, seedContact } from "../../world/erasure-subjects.js";
import { type SignedInUser, signInNewUser } from "../../world/sso-users.js";

const day = 86_400_000;

/** The Customer Data rules (CRM and communications) and their windows from the closure, by the policy. */
function customerDataWindows(context: PropertyContext, closedAt: Date) {
  const customer = new Set(["crm", "communications"]);
  const rules = Object.values(context.policy.retention).filter((rule) => customer.has(rule.category));
  const windows = rules.map((rule) =>
    purgeWindow(
      rule,
      { accountClosed: closedAt, subscriptionEnded: closedAt },
      context.policy.parameters.sweepTolerance,
    ),
  );
  const defined = windows.filter((window): window is NonNullable<typeof window> => window !== undefined);
  return {
    categories: [...customer],
    availableUntil: Math.min(...defined.map((window) => window.availableUntil.getTime())),
    lateAt: Math.max(...defined.map((window) => window.lateAt.getTime())),
  };
}

interface World {
  readonly context: PropertyContext;
  readonly tenant: ClockedTenant;
  readonly contact: SeededContact;
  readonly exporter: SignedInUser;
}

interface Model {
  now: number;
  readonly availableUntil: number;
}

/** Everything promised is still there: the contact's copies at the vendors, by what the model seeded. */
function expectStillHeld(world: World, when: string) {
  const held = world.context.fakes.twilio.heldFor({ phone: world.contact.phone }).flatMap((h) => h.messages);
  const email = world.context.fakes.resend.contactsFor({ email: world.contact.email });
  expectGuarantee(
    held.length > 0 && email.length > 0,
    `The closed account's Customer Data left the providers ${when}`,
    {
      messages: held.length,
      emailContacts: email.length,
    },
  );
}

/** A tenant export started now holds the contact, field by field as the model wrote it. */
async function expectExported(world: World, finishBy: number) {
  const client = await world.exporter.signIn();
  let started: { id: string };
  try {
    started = await client.exports.create({ scope: { type: "tenant" } });
  } catch (error) {
    const status = (error as { status?: number }).status;
    // Exports are what an export-only account may still do: a refusal is the guarantee broken.
    expectGuarantee(
      status !== 401 && status !== 403,
      "The closed account's export is refused inside the export window",
      {
        error: String(error),
      },
    );
    throw error;
  }
  await world.tenant.advanceTo(new Date(finishBy));
  const ready = await client.exports.get(started.id);
  expectGuarantee(
    ready.status === "ready",
    "An export of the closed account is not ready inside the export window",
    {
      status: ready.status,
    },
  );
  const document = (await client.exports.getDocument(started.id)) as {
    categories: Record<string, { id: string; data: Record<string, unknown> }[]>;
  };
  const record = (document.categories.crm ?? []).find((r) => r.id === world.contact.contactId);
  expectGuarantee(
    record?.data.email === world.contact.email && record?.data.name === world.contact.name,
    "The export inside the window lacks the contact as it was written",
    { contactId: world.contact.contactId, exported: record?.data ?? null },
  );
  const communications = JSON.stringify(document.categories.communications ?? []);
  const missing = world.contact.values.slice(4).filter((value) => !communications.includes(value));
  expectGuarantee(missing.length === 0, "The export inside the window lacks the contact's messages", {
    missing,
  });
}

class AdvanceCommand implements fc.AsyncCommand<Model, World> {
  constructor(readonly milliseconds: number) {}
  check(model: Readonly<Model>) {
    return model.now + this.milliseconds < model.availableUntil - 2_000;
  }
  async run(model: Model, world: World) {
    await world.tenant.advanceBy(this.milliseconds);
    model.now += this.milliseconds;
    expectStillHeld(world, "inside the export window");
  }
  toString() {
    return `advance ${this.milliseconds} ms`;
  }
}

class ExportCommand implements fc.AsyncCommand<Model, World> {
  check(model: Readonly<Model>) {
    return model.now + 1_000 < model.availableUntil - 2_000;
  }
  async run(model: Model, world: World) {
    world.context.scenario("export during the window");
    await expectExported(world, model.now + 1_000);
    model.now += 1_000;
  }
  toString() {
    return "export the tenant";
  }
}

interface Plan {
  readonly ending: "close" | "end-subscription";
  readonly commands: Iterable<fc.AsyncCommand<Model, World>>;
}

export const delAccountClose = defineProperty<Plan>({
  guarantee: "DEL-ACCOUNT-CLOSE",
  name: "closure-export-window-then-deletion",
  description:
    "Section 11 and the closure reading: closing the account (or ending the subscription) starts the export window; " +
    "through it, up to its last millisecond, the account exports its Customer Data by value and the providers keep their " +
    "copies; by the deletion deadline plus the sweep tolerance nothing of it is left at the providers, in the inventory " +
    "or in the database.",
  scenarios: ["account closed", "subscription ended", "export during the window"],
  edges: ["export window end - 1 ms", "deletion deadline + tolerance"],
  plan: () =>
    fc.record({
      ending: fc.constantFrom<"close" | "end-subscription">("close", "end-subscription"),
      commands: fc.commands(
        [
          fc.integer({ min: 1, max: 12 * day }).map((ms) => new AdvanceCommand(ms)),
          fc.constant(new ExportCommand()),
        ],
        { maxCommands: 4 },
      ),
    }),
  async check(plan, context) {
    const tenant = await createClockedTenant(context);
    const contact = await seedContact(context, tenant);
    // An owner signed in by SSO, so the window's exports never rest on a session that expired.
    const exporter = await signInNewUser(context, tenant, "owner");
    const closedAt = tenant.now();
    if (plan.ending === "close") {
      const { companyName } = await tenant.owner.tenant.get();
      await tenant.owner.tenant.close({ confirmCompanyName: companyName });
      context.scenario("account closed");
    } else {
      await tenant.owner.tenant.endSubscription();
      context.scenario("subscription ended");
    }
    const windows = customerDataWindows(context, closedAt);
    const world: World = { context, tenant, contact, exporter };
    await fc.asyncModelRun(
      () => ({ model: { now: tenant.now().getTime(), availableUntil: windows.availableUntil }, real: world }),
      plan.commands,
    );
    // The window's last instant: an export started just before it is ready and complete at end - 1 ms.
    await tenant.advanceTo(new Date(windows.availableUntil - 1_000));
    await expectExported(world, windows.availableUntil - 1);
    expectStillHeld(world, "before the export window ended");
    // Before the deadline the inventory must list what the model seeded, so a silent inventory cannot pass.
    const before = await tenantInventory(context, tenant);
    expectGuarantee(
      heldRecordIds(before, { recordType: "contact" }).has(contact.contactId),
      "The inventory does not list the closed account's contact inside its export window",
      { contactId: contact.contactId },
    );
    context.edge("export window end - 1 ms");
    await tenant.advanceTo(new Date(windows.lateAt));
    context.edge("deletion deadline + tolerance");
    const left = contactLeftAtVendors(context.fakes, contact);
    expectGuarantee(
      left.length === 0,
      "The closed account's Customer Data is still at a provider after its deadline",
      {
        stillHeld: left,
      },
    );
    const inventory = await tenantInventory(context, tenant);
    // A cross-check only: absence rests on the fakes and the probe (or is marked self-reported without one).
    const held = inventory.holdings.filter(
      (holding) =>
        holding.category !== null &&
        windows.categories.includes(holding.category) &&
        holding.recordIds.length > 0,
    );
    expectGuarantee(
      held.length === 0,
      "The inventory still lists the closed account's Customer Data after its deadline",
      {
        holdings: held.map((holding) => `${holding.recordType}: ${holding.recordIds.length}`),
      },
    );
    // No exclusion: nothing of the Customer Data is under a legal hold.
    await expectValuesGone(context, contact.values, "The closed account's Customer Data");
  },
});
