import * as fc from "fast-check";
import {
  checkDeletedLinesAtFakes,
  contactLeftAtVendors,
  expectValuesGone,
  isGone,
  ownerLeftAtVendors,
} from "../../evidence/erasure-evidence.js";
import { heldRecordIds, tenantInventory } from "../../evidence/inventory-records.js";
import { defineProperty, type PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { type ClockedTenant, createClockedTenant } from "../../world/clocked-tenant.js";
import {
  type ErasureRoute,
  expectCompletedInTime,
  type FiledErasure,
  fileErasure,
  readReceipt,
} from "../../world/erasure-requests.js";
import { type SeededOwner, seedContact, seedOwner } from "../../world/erasure-subjects.js";

const day = 86_400_000;

interface World {
  readonly context: PropertyContext;
  readonly tenant: ClockedTenant;
  readonly subjects: { owner: SeededOwner };
  /** One erasure per route, each of its own subject, filed at the same instant. */
  readonly erasures: readonly FiledErasure[];
}

/** What must hold: the clock never passes the deadline inside the commands (the end checks it). */
interface Model {
  now: number;
  readonly dueAt: number;
}

/** Everything of the erased subject is gone at the fakes, through the API and (probe) in the database. */
export async function expectSubjectErased(world: World, erasure: FiledErasure): Promise<void> {
  const { context, subjects } = world;
  const reader = await subjects.owner.successor.signIn();
  const left = [
    ...(erasure.subject.contact ? contactLeftAtVendors(context.fakes, erasure.subject.contact) : []),
    ...(erasure.subject.owner ? ownerLeftAtVendors(context.fakes, erasure.subject.owner) : []),
  ];
  expectGuarantee(left.length === 0, "After the erasure a subprocessor still holds the subject's data", {
    route: erasure.route,
    stillHeld: left,
  });
  const contact = erasure.subject.contact;
  if (contact) {
    expectGuarantee(
      await isGone(() => reader.contacts.get(contact.contactId)),
      "The erased contact is still served",
    );
    for (const id of contact.messageIds)
      expectGuarantee(
        await isGone(() => reader.messages.get(id)),
        "A message of the erased contact is still served",
        { id },
      );
    for (const id of contact.callIds)
      expectGuarantee(
        await isGone(() => reader.calls.get(id)),
        "A call of the erased contact is still served",
        { id },
      );
    expectGuarantee(
      await isGone(() => reader.crmObjects.get(contact.noteId)),
      "A note of the erased contact is still served",
    );
    // No exclusion: nothing of a contact is under a legal hold (no invoice or audit entry holds its values).
    await expectValuesGone(context, contact.values, "The erased contact");
  }
  const owner = erasure.subject.owner;
  if (owner) {
    expectGuarantee(await isGone(() => reader.users.get(owner.userId)), "The erased user is still served");
    // No exclusion: the legal holds (invoices, audit entries) keep ids and amounts, never the email.
    await expectValuesGone(context, [owner.email], "The erased user");
  }
  const inventory = await tenantInventory(context, world.tenant);
  // A cross-check only: absence rests on the fakes and the probe (or is marked self-reported without one).
  if (contact)
    expectGuarantee(
      !heldRecordIds(inventory, { recordType: "contact" }).has(contact.contactId),
      "The inventory still lists the erased contact",
    );
  if (owner)
    expectGuarantee(
      !heldRecordIds(inventory, { recordType: "user" }).has(owner.userId),
      "The inventory still lists the erased user",
    );
}

class AdvanceCommand implements fc.AsyncCommand<Model, World> {
  constructor(readonly milliseconds: number) {}
  check(model: Readonly<Model>) {
    return model.now + this.milliseconds < model.dueAt;
  }
  async run(model: Model, world: World) {
    await world.tenant.advanceBy(this.milliseconds);
    model.now += this.milliseconds;
    await checkSoFar(world);
  }
  toString() {
    return `advance ${this.milliseconds} ms`;
  }
}

/** After any step: a receipt that says completed must be true everywhere, and in time. */
async function checkSoFar(world: World): Promise<void> {
  for (const erasure of world.erasures) {
    const receipt = await readReceipt(world.subjects, erasure);
    if (receipt.status !== "completed") {
      world.context.scenario("still in progress before the deadline");
      continue;
    }
    world.context.scenario("completed before the deadline");
    expectCompletedInTime(receipt, erasure);
    checkDeletedLinesAtFakes(world.context.fakes, receipt, erasure.subject);
    await expectSubjectErased(world, erasure);
  }
}

class ExtendCommand implements fc.AsyncCommand<Model, World> {
  check() {
    return true;
  }
  async run(_model: Model, world: World) {
    for (const erasure of world.erasures)
      if (erasure.requestId) await expectExtensionRefused(world, erasure.requestId);
  }
  toString() {
    return "extend the erasure request";
  }
}

async function expectExtensionRefused(world: World, requestId: string): Promise<void> {
  {
    world.context.scenario("extension refused");
    const client = await world.subjects.owner.successor.signIn();
    let extended = false;
    try {
      await client.rightsRequests.extend(requestId, { reason: "The request is complex." });
      extended = true;
    } catch (error) {
      expectGuarantee(
        (error as { status?: number }).status === 422,
        "Extending an erasure was not refused as not allowed",
        {
          error: String(error),
        },
      );
    }
    expectGuarantee(!extended, "An erasure request was extended: the policy allows no extension of erasure");
  }
}

const routes: readonly ErasureRoute[] = [
  "tenant-filed-request",
  "early-deletion-of-contact",
  "early-deletion-of-owner",
];
const routeScenario: Record<ErasureRoute, string> = {
  "tenant-filed-request": "tenant-filed request",
  "early-deletion-of-contact": "early deletion of a contact",
  "early-deletion-of-owner": "early deletion of a user",
};

interface Plan {
  readonly invoices: number;
  readonly commands: Iterable<fc.AsyncCommand<Model, World>>;
}

export const delRequest30d = defineProperty<Plan>({
  guarantee: "DEL-REQUEST-30D",
  name: "erasure-completes-before-deadline",
  description:
    "Section 11 gives 30 days for erasure and no extension: a tenant-filed request and early deletions of a contact " +
    "and of a user are filed at once; clock advances of generated lengths never pass the deadline unchecked; whenever " +
    "a receipt says completed, each of its lines holds at the fakes; at the deadline every non-retained record is gone " +
    "here, at the fakes, through the API and in the database; an extension is refused.",
  scenarios: [
    ...routes.map((route) => routeScenario[route]),
    "completed before the deadline",
    "still in progress before the deadline",
    "extension refused",
  ],
  edges: ["deadline"],
  plan: () =>
    fc.record({
      invoices: fc.integer({ min: 0, max: 1 }),
      commands: fc.commands(
        [
          fc.integer({ min: 1, max: 12 * day }).map((ms) => new AdvanceCommand(ms)),
          fc.constant(new ExtendCommand()),
        ],
        { maxCommands: 4 },
      ),
    }),
  async check(plan, context) {
    const tenant = await createClockedTenant(context);
    const owner = await seedOwner(context, tenant, { invoices: plan.invoices });
    const erasures: FiledErasure[] = [];
    for (const route of routes) {
      const contact = await seedContact(context, tenant, owner.successor.client);
      erasures.push(await fileErasure(context, tenant, route, { contact, owner }));
      context.scenario(routeScenario[route]);
    }
    const world: World = { context, tenant, subjects: { owner }, erasures };
    await checkSoFar(world);
    const dueAt = Math.min(...erasures.map((erasure) => erasure.dueAt.getTime()));
    await fc.asyncModelRun(
      () => ({ model: { now: tenant.now().getTime(), dueAt }, real: world }),
      plan.commands,
    );
    const request = erasures.find((erasure) => erasure.requestId);
    if (request?.requestId) await expectExtensionRefused(world, request.requestId);
    // The deadline itself: by then (strictly before it) every erasure is complete everywhere.
    await tenant.advanceTo(new Date(dueAt));
    context.edge("deadline");
    for (const erasure of erasures) {
      const receipt = await readReceipt(world.subjects, erasure);
      expectCompletedInTime(receipt, erasure);
      checkDeletedLinesAtFakes(context.fakes, receipt, erasure.subject);
      await expectSubjectErased(world, erasure);
    }
  },
});
