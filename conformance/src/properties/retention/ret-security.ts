import type { ResponseBody } from "@crmfactory/sdk";
import { canonicalJson } from "@crmfactory/taxonomy";
import * as fc from "fast-check";
import { heldRecordIds, tenantInventory } from "../../evidence/inventory-records.js";
import { scanForValues } from "../../evidence/probe-scan.js";
import { defineProperty, type PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { type ClockedTenant, createClockedTenant, uniqueSuffix } from "../../world/clocked-tenant.js";
import { closeAccount, fileSessionlessErasure } from "../../world/closure.js";
import { AdvanceSignedIn, advanceSignedIn } from "../../world/signed-in-advance.js";
import { guaranteeRule, justBefore, windowOf } from "./guarantee-rules.js";

const guarantee = "RET-SECURITY";
const hour = 3_600_000;

type AuditEntry = ResponseBody<"listAuditEntries">["data"][number];

interface Model {
  /** Every entry the trail has shown, by sequence: none may change or go before its own rule says. */
  readonly entries: Map<number, AuditEntry>;
  readonly members: { id: string; erased: boolean }[];
}

interface Real {
  readonly context: PropertyContext;
  readonly tenant: ClockedTenant;
}

/** The trail lists every entry the model saw, unchanged, in a gapless sequence; the model learns the new ones. */
async function trailIntact({ tenant }: Real, model: Model): Promise<void> {
  const listed = await tenant.owner.audit.list({ limit: 100 }).toArray({ limit: 100_000 });
  for (const [index, entry] of listed.entries()) {
    expectGuarantee(
      entry.sequence === index + 1,
      `${guarantee}: the audit trail has a gap before entry ${entry.sequence}`,
      {
        sequences: listed.map((e) => e.sequence),
      },
    );
  }
  const bySequence = new Map(listed.map((entry) => [entry.sequence, entry]));
  for (const [sequence, seen] of model.entries) {
    const now = bySequence.get(sequence);
    expectGuarantee(
      now !== undefined && canonicalJson(now) === canonicalJson(seen),
      `${guarantee}: audit entry ${sequence} was removed or changed`,
      { seen, listed: now ?? null },
    );
  }
  for (const entry of listed) model.entries.set(entry.sequence, entry);
}

/**
 * Through the inventory and the database: while the audit rule's promise stands, every entry the model
 * saw is held (its sequence listed, its hash stored); at its late instant none is.
 */
async function trailHeld(real: Real, model: Model, expect: "held" | "gone"): Promise<void> {
  const { context, tenant } = real;
  const held = heldRecordIds(await tenantInventory(context, tenant), { recordType: "audit-entry" });
  for (const sequence of model.entries.keys()) {
    expectGuarantee(
      held.has(String(sequence)) === (expect === "held"),
      `${guarantee}: audit entry ${sequence} is ${expect === "held" ? "missing while its rule keeps it" : "still held at its late instant"}`,
      { at: tenant.now().toISOString() },
    );
  }
  const probe = context.target.probe;
  if (!probe) {
    context.selfReported("the trail after closure is read from the inventory (no database probe)");
    return;
  }
  const hashes = [...model.entries.values()].map((entry) => entry.hash);
  const found = new Set((await scanForValues(probe, hashes)).map((hit) => hit.value));
  for (const entry of model.entries.values())
    expectGuarantee(
      found.has(entry.hash) === (expect === "held"),
      `${guarantee}: audit entry ${entry.sequence} is ${expect === "held" ? "not stored while its rule keeps it" : "stored at its late instant"}`,
      { entry },
    );
}

class AddMember implements fc.AsyncCommand<Model, Real> {
  constructor(readonly role: "member" | "admin") {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const { faker } = real.context;
    const user = await real.tenant.owner.users.create({
      name: faker.person.fullName(),
      email: `member.${uniqueSuffix()}@members.example`,
      role: this.role,
      birthDate: "1985-06-15",
    });
    model.members.push({ id: user.id, erased: false });
    await trailIntact(real, model);
  }
  toString = () => `addMember(${this.role})`;
}

/** An erasure of a member (a deletion naming the user): entries naming them stay. */
class EraseMember implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.members.some((m) => !m.erased);
  async run(model: Model, real: Real): Promise<void> {
    const open = model.members.filter((m) => !m.erased);
    const member = open[this.pick % open.length] as Model["members"][number];
    await real.tenant.owner.deletions.create({ targets: [{ type: "user", id: member.id }] });
    member.erased = true;
    // The erasure runs as the clock moves on.
    await advanceSignedIn(real.context, real.tenant, new Date(real.tenant.now().getTime() + hour));
    await trailIntact(real, model);
  }
  toString = () => `eraseMember(${this.pick})`;
}

export const retSecurity = defineProperty({
  guarantee,
  name: "audit-trail-survives-erasure-and-closure",
  description:
    "Sections 4 and 11: audit entries are never removed by an erasure request or by closure (nor by the account's purge); only their own retention rule removes them, the whole trail at once, at its period after closure plus the sweep tolerance. Incident records are checked once the contract's incident operations are served.",
  scenarios: [
    "erasure of a member named in the trail",
    "owner's erasure during the window",
    "account purged, trail kept",
  ],
  edges: ["available-until-minus-1ms", "late-at"],
  plan: () =>
    fc.record({
      commands: fc.commands(
        [
          fc.constantFrom<"member" | "admin">("member", "admin").map((role) => new AddMember(role)),
          fc.nat(5).map((pick) => new EraseMember(pick)),
          fc
            .integer({ min: 60_000, max: 10 * 24 * hour })
            .map((ms) => new AdvanceSignedIn<Model, Real>(ms, trailIntact)),
        ],
        { maxCommands: 4 },
      ),
      closeAfter: fc.integer({ min: 1, max: 5 * 24 * hour }),
      erasureAfter: fc.integer({ min: hour, max: 20 * 24 * hour }),
    }),
  async check(plan, context) {
    const companyName = `${context.faker.company.name().slice(0, 80)} security`;
    const tenant = await createClockedTenant(context, { companyName });
    const real: Real = { context, tenant };
    const model: Model = { entries: new Map(), members: [] };
    await trailIntact(real, model);
    await fc.asyncModelRun(() => ({ model, real }), plan.commands);
    await new AddMember("member").run(model, real);
    await new EraseMember(model.members.length).run(model, real);
    context.scenario("erasure of a member named in the trail");

    await advanceSignedIn(context, tenant, new Date(tenant.now().getTime() + plan.closeAfter));
    await trailIntact(real, model);
    const closedAt = await closeAccount(tenant, companyName);
    const { deletionDueAt } = await tenant.owner.tenant.get();
    await tenant.advanceTo(new Date(closedAt.getTime() + plan.erasureAfter));
    await fileSessionlessErasure(context, tenant);
    await tenant.advanceBy(hour);
    await trailHeld(real, model, "held");
    context.scenario("owner's erasure during the window");

    const { rule } = guaranteeRule(context.policy, guarantee);
    const window = windowOf(context.policy, rule, { accountClosed: closedAt });
    // The account's own purge (whichever rule ends it) comes and goes; the trail stays.
    const purgeAt = deletionDueAt ? new Date(deletionDueAt) : null;
    if (purgeAt && purgeAt.getTime() < window.availableUntil.getTime()) {
      await tenant.advanceTo(new Date(purgeAt.getTime() + 1));
      await trailHeld(real, model, "held");
      context.scenario("account purged, trail kept");
    }
    await tenant.advanceTo(justBefore(window.availableUntil));
    await trailHeld(real, model, "held");
    context.edge("available-until-minus-1ms");
    await tenant.advanceTo(window.lateAt);
    await trailHeld(real, model, "gone");
    context.edge("late-at");
  },
});
